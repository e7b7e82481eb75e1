/// Turns what the analyzer accumulated into report figures (speed, rates, ±1 rule, feedback).
enum CaptureReportBuilder {
    static func device(_ dev: CaptureDeviceState, linkLayerSpeed: USBSpeed?, options: CaptureAnalysisOptions,
                       seconds: (Int64) -> Double) -> CaptureDeviceReport {
        var descriptors: [CaptureRecoveredDescriptor] = []
        var strings: [CaptureStringDescriptor] = []
        let kinds: [UInt8: String] = [1: "device", 2: "configuration", 3: "string", 6: "device qualifier",
                                      7: "other speed configuration", 15: "BOS"]
        for k in dev.descriptorOrder {
            guard let b = dev.descriptors[k] else { continue }
            var complete = b.count >= 2 && Int(b[0]) <= b.count
            if (k.type == 2 || k.type == 7 || k.type == 15), b.count >= 4 {
                complete = b.count >= (Int(b[2]) | Int(b[3]) << 8)
            } else if k.type == 2 || k.type == 7 || k.type == 15 {
                complete = false
            }
            let bytes = (k.type == 2 || k.type == 7 || k.type == 15) && complete ? Array(b.prefix(Int(b[2]) | Int(b[3]) << 8))
                : (complete && b.count >= 1 ? Array(b.prefix(Int(b[0]))) : b)
            descriptors.append(CaptureRecoveredDescriptor(kind: kinds[k.type] ?? "type \(k.type)", index: Int(k.index),
                                                          langID: Int(k.langID), complete: complete, bytes: bytes))
            if k.type == 3 && k.index != 0 && bytes.count >= 2 {
                var units: [UInt16] = []
                var i = 2
                while i + 1 < min(bytes.count, Int(bytes[0])) { units.append(UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8); i += 2 }
                strings.append(CaptureStringDescriptor(index: Int(k.index), langID: Int(k.langID),
                                                       text: String(decoding: units, as: UTF16.self)))
            }
        }
        descriptors.sort { a, b in
            let order = ["device": 0, "configuration": 1, "other speed configuration": 2, "device qualifier": 3, "BOS": 4, "string": 5]
            return (order[a.kind] ?? 9, a.index, a.langID) < (order[b.kind] ?? 9, b.index, b.langID)
        }
        strings.sort { ($0.index, $0.langID) < ($1.index, $1.langID) }

        let dd = dev.deviceDescriptor
        let config = dev.configuration
        // The device as `decode` and `check` read it from this capture (the same bytes): its speed
        // evidence is the model's, so `capture` and `check` give one speed for one reason.
        let model = CaptureDescriptors.model(of: CaptureDeviceReport.descriptorBytes(descriptors))
        let evidence = resolveSpeed(dev, model: model, config: config, linkLayerSpeed: linkLayerSpeed, options: options)
        let speed = evidence?.proves
        var streams: [CaptureStreamReport] = []
        for key in dev.streamOrder {
            guard let acc = dev.streams[key] else { continue }
            acc.finish()
            streams.append(stream(key, acc, dev: dev, config: config, speed: speed, options: options, seconds: seconds))
        }
        // Feedback needs the rate of its data stream when the host never set one.
        for i in streams.indices where streams[i].feedback != nil && streams[i].feedback!.nominalRate == nil {
            let partner = streams.first { $0.role != "feedback" && $0.interface == streams[i].interface && $0.alt == streams[i].alt && $0.measuredRateBusClock != nil }
            if let r = partner?.measuredRateBusClock, let key = dev.streamOrder.first(where: { endpointString($0.endpoint) == streams[i].endpoint && $0.interface == (streams[i].interface ?? -1) && $0.alt == (streams[i].alt ?? -1) }),
               let acc = dev.streams[key] {
                streams[i].feedback = feedback(acc, nominal: standardRate(near: r), speed: speed, seconds: seconds, options: options)
            }
        }
        let isAudio = config?.hasAudio ?? false
        return CaptureDeviceReport(
            device: dev.key.description, bus: dev.key.bus, address: dev.key.address,
            idVendor: dd.flatMap { $0.count >= 12 ? Int($0[8]) | Int($0[9]) << 8 : nil },
            idProduct: dd.flatMap { $0.count >= 12 ? Int($0[10]) | Int($0[11]) << 8 : nil },
            speed: speed?.rawValue, speedSource: evidence?.description, speedEvidence: evidence, isAudio: isAudio, strings: strings, descriptors: descriptors,
            standardRequests: dev.standardRequests, altChanges: dev.altChanges, classRequests: dev.classRequests,
            streams: streams, requestsDropped: dev.requestsDropped)
    }

    static func endpointString(_ e: UInt8) -> String { "0x" + hex2(e) }

    /// The capture's speed and what shows it, judged as `check` judges every input: the option, then
    /// what the capture itself shows (SOF spacing on a sniffer, packet spacing against bInterval), then
    /// what the descriptors prove (`SpeedJudgement` on the model of the recovered bytes). Facts about
    /// packet sizes are not used: the feedback and data sizes are what the report then judges at that speed.
    static func resolveSpeed(_ dev: CaptureDeviceState, model: USBDevice?, config: Configuration?, linkLayerSpeed: USBSpeed?,
                             options: CaptureAnalysisOptions) -> SpeedEvidence? {
        if let s = options.speed { return SpeedEvidence(.option, s, reason: "given on the command line") }
        var device = model ?? USBDevice()
        device.speedEvidence = observedSpeed(dev, config: config, linkLayerSpeed: linkLayerSpeed).map { [$0] } ?? []
        let judgement = SpeedJudgement.judge(device)
        guard let judged = judgement.known else { return nil }
        if judgement.evidence.count == 1 { return judgement.evidence[0] }
        return SpeedEvidence(judgement.evidence.first?.source ?? .encoding, judged, reason: judgement.reason)
    }

    /// What the capture shows about the speed by itself: a sniffer's SOFs, else the data endpoints'
    /// packets arriving every 2^(bInterval-1) frames (FS) or microframes (HS).
    static func observedSpeed(_ dev: CaptureDeviceState, config: Configuration?, linkLayerSpeed: USBSpeed?) -> SpeedEvidence? {
        if let s = linkLayerSpeed { return SpeedEvidence(.capture, s, reason: "start-of-frame spacing in the sniffer capture") }
        guard let config else { return nil }
        var votes: [USBSpeed: Int] = [:]
        for key in dev.streamOrder {
            guard let acc = dev.streams[key], let per = acc.medianPerPacketInterval, acc.intervalSamples.count >= 8,
                  let alt = config.alt(interface: key.interface, alt: key.alt),
                  let ep = alt.endpoints.first(where: { $0.address == key.endpoint }) else { continue }
            let units = Int64(1) << Int64(max(0, min(15, ep.bInterval - 1)))
            let fs = Double(per) / Double(units * 1_000_000)
            let hs = Double(per) / Double(units * 125_000)
            if abs(fs - 1) < 0.25 { votes[.full, default: 0] += 1 } else if abs(hs - 1) < 0.25 { votes[.high, default: 0] += 1 }
        }
        guard let best = votes.max(by: { ($0.value, $0.key) < ($1.value, $1.key) }) else { return nil }
        return SpeedEvidence(.capture, best.key, reason: "packet spacing against the endpoints' bInterval")
    }

    static func standardRate(near r: Double) -> Int {
        let rates = [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 64000, 88200, 96000,
                     176400, 192000, 352800, 384000, 705600, 768000]
        return rates.min(by: { abs(Double($0) - r) < abs(Double($1) - r) })!
    }

    static func stream(_ key: CaptureDeviceState.StreamKey, _ acc: CaptureStreamAccumulator, dev: CaptureDeviceState,
                       config: Configuration?, speed: USBSpeed?, options: CaptureAnalysisOptions,
                       seconds: (Int64) -> Double) -> CaptureStreamReport {
        let alt = key.interface >= 0 ? config?.alt(interface: key.interface, alt: key.alt) : nil
        let ep = alt?.endpoints.first { $0.address == key.endpoint }
        let isIn = key.endpoint & 0x80 != 0
        var findings: [String] = []
        let hist = acc.sizeHistogram
        var sizeMin = 0, sizeMax = 0, sizeMedian = 0
        if let f = hist.first, let l = hist.last {
            sizeMin = f.size; sizeMax = l.size
            var seen = 0
            let half = (acc.packets + 1) / 2
            for h in hist { seen += h.count; if seen >= half { sizeMedian = h.size; break } }
        }
        let role: String
        if let ep {
            role = ep.usageType == .feedback ? "feedback" : ep.usageType == .implicitFeedback ? "implicit feedback data" : "data"
        } else if isIn && acc.feedbackPackets == acc.packets && acc.packets > 0 {
            role = "feedback"
        } else {
            role = "unknown"
        }
        var frameBytes = alt?.audioFrameBytes
        if role == "feedback" { frameBytes = nil }
        let nominal = key.rate > 0 ? key.rate : nil
        // Service interval in nanoseconds.
        var intervalNs: Int64? = nil
        if let speed {
            let b = ep?.bInterval ?? 1
            let units = Int64(1) << Int64(max(0, min(15, (speed == .full && b == 0 ? 1 : b) - 1)))
            intervalNs = (speed == .full && ep?.transferType == .isochronous) ? 1_000_000 * (ep == nil ? 1 : units) : speed.unitNanoseconds * units
        }
        var framesHist: [[Int]]? = nil
        var notWhole: Int? = nil
        var busRate: Double? = nil
        var tsRate: Double? = nil
        var allowedMin: Int? = nil, allowedMax: Int? = nil, outside: Int? = nil
        let zeroLength = hist.first(where: { $0.size == 0 })?.count ?? 0
        if let fb = frameBytes {
            var fh: [Int: Int] = [:]
            var nw = 0
            for h in hist {
                if h.size % fb != 0 { nw += h.count }
                fh[h.size / fb, default: 0] += h.count
            }
            framesHist = fh.sorted { $0.key < $1.key }.map { [$0.key, $0.value] }
            notWhole = nw
            if nw > 0 { findings.append("\(nw) packets are not a whole number of \(fb)-byte audio frames") }
            let frames = Double(acc.bytes) / Double(fb)
            if let i = intervalNs, acc.packets > 0 {
                busRate = frames / (Double(acc.packets) * Double(i) / 1e9)
            }
            if let first = acc.firstTime, acc.lastTime > first, acc.transfers > 1 {
                // Completions mark the end of their packets, submissions the start: leave out the
                // transfer whose packets lie outside the measured span.
                let excluded = isIn ? acc.firstTransferBytes : acc.lastTransferBytes
                tsRate = Double(acc.bytes - excluded) / Double(fb) / (Double(acc.lastTime &- first) / 1e9)
            }
            if let n = nominal, let i = intervalNs {
                let perPacket = Double(n) * Double(i) / 1e9
                allowedMin = captureClampedInt((perPacket - 1).rounded(.up))
                allowedMax = captureClampedInt((perPacket + 1).rounded(.down))
                var out = 0
                for h in hist where h.size > 0 {
                    let f = h.size / fb
                    if f < allowedMin! || f > allowedMax! { out += h.count }
                }
                outside = out
                if out > 0 {
                    findings.append("\(out) non-empty packets carry a frame count outside \(allowedMin!)...\(allowedMax!) (nominal \(String(format2(perPacket))) frames per packet ± 1)")
                }
            }
        }
        var frameNumberRate: Double? = nil
        var unitsSpanned: Int? = nil
        var missed: Int? = nil
        if let u0 = acc.firstBusUnit, acc.lastBusUnit > u0, let speed {
            let span = acc.lastBusUnit &- u0
            unitsSpanned = Int(span)
            if let fb = frameBytes {
                frameNumberRate = Double(acc.busUnitBytesExcludingLast) / Double(fb) / (Double(span) * Double(speed.unitNanoseconds) / 1e9)
            }
            if let i = intervalNs {
                let intervals = captureClampedInt(Double(span) * Double(speed.unitNanoseconds) / Double(i)) + 1
                missed = max(0, intervals - acc.busUnitPackets)
                if missed! > 0 { findings.append("\(missed!) service intervals without a packet (per the SOF frame numbers)") }
            }
        }
        var overMax: Int? = nil
        if let ep {
            let limit = ep.maxBytesPerInterval
            overMax = hist.filter { $0.size > limit }.reduce(0) { $0 + $1.count }
            if overMax! > 0 { findings.append("\(overMax!) packets exceed wMaxPacketSize (\(limit) bytes per interval)") }
        }
        var statusCounts: [String: Int] = [:]
        var errorPackets = 0
        for (s, c) in acc.statusCounts {
            statusCounts["\(s)" + (captureErrnoName(s).map { " \($0)" } ?? "")] = c
            errorPackets += c
        }
        if acc.otherStatuses > 0 { statusCounts["other"] = acc.otherStatuses; errorPackets += acc.otherStatuses }
        if errorPackets > 0 { findings.append("\(errorPackets) packets completed with an error status") }
        if acc.otherSizes > 0 { findings.append("\(acc.otherSizes) packets of further sizes above 3072 bytes are left out of the histogram") }
        if acc.gapCount > 0 {
            findings.append("\(acc.gapCount) gap\(acc.gapCount == 1 ? "" : "s") in the stream (largest \(format2(Double(acc.largestGap) / 1e6)) ms)")
        }
        // Rate windows of about one second of bus time.
        var windows: [CaptureRateWindow] = []
        if !acc.chunkBytes.isEmpty {
            let chunkSeconds = intervalNs.map { Double($0) * Double(acc.chunkSize) / 1e9 } ?? 1
            var per = max(1, captureClampedInt((1 / chunkSeconds).rounded()))
            while acc.chunkBytes.count / per > options.maximumWindows { per *= 2 }
            var i = 0
            while i < acc.chunkBytes.count {
                let j = min(acc.chunkBytes.count, i + per)
                let b = acc.chunkBytes[i..<j].reduce(0, +)
                let isLast = j == acc.chunkBytes.count
                let pk = isLast ? acc.packets - i * acc.chunkSize : (j - i) * acc.chunkSize
                var w = CaptureRateWindow(startSeconds: seconds(acc.chunkStart[i]), packets: pk, busClockRate: nil, timestampRate: nil)
                if let fb = frameBytes {
                    if let iv = intervalNs, pk > 0 { w.busClockRate = Double(b) / Double(fb) / (Double(pk) * Double(iv) / 1e9) }
                    let end = isLast ? acc.chunkEnd[j - 1] : acc.chunkStart[j]
                    if end > acc.chunkStart[i] {
                        // Packets in [start, end): all but the last window's final transfer.
                        let bytesIn = isLast ? b - (isIn ? 0 : acc.lastTransferBytes) : b
                        w.timestampRate = Double(bytesIn) / Double(fb) / (Double(end &- acc.chunkStart[i]) / 1e9)
                    }
                }
                windows.append(w)
                i = j
            }
        }
        var fbReport: CaptureFeedbackReport? = nil
        if role == "feedback" || (role == "unknown" && acc.feedbackPackets == acc.packets && acc.packets > 0) {
            fbReport = feedback(acc, nominal: nominal, speed: speed, seconds: seconds, options: options)
        }
        if role == "data" && ep?.usageType == .data && isIn == false, let a = alt, a.endpoints.contains(where: { $0.usageType == .feedback }) == false,
           let e = ep, e.syncType == .asynchronous {
            findings.append("asynchronous OUT endpoint without a feedback endpoint in its alt setting")
        }
        return CaptureStreamReport(
            endpoint: endpointString(key.endpoint), direction: isIn ? "IN" : "OUT",
            interface: key.interface >= 0 ? key.interface : nil, alt: key.alt >= 0 ? key.alt : nil, role: role,
            packets: acc.packets, transfers: acc.transfers, bytes: acc.bytes,
            firstPacket: acc.firstPacketNumber, lastPacket: acc.lastPacketNumber,
            startSeconds: acc.firstTime.map(seconds) ?? 0, endSeconds: seconds(acc.lastTime),
            sizeMin: sizeMin, sizeMedian: sizeMedian, sizeMax: sizeMax, sizeHistogram: hist.map { [$0.size, $0.count] },
            frameBytes: frameBytes, framesPerPacketHistogram: framesHist, packetsNotWholeFrames: notWhole,
            nominalRate: nominal, packetIntervalMicroseconds: intervalNs.map { Double($0) / 1000 },
            measuredRateBusClock: busRate, measuredRateTimestamps: tsRate, measuredRateFrameNumbers: frameNumberRate,
            busUnitsSpanned: unitsSpanned, missedServiceIntervals: missed, rateWindows: windows,
            allowedFramesMin: allowedMin, allowedFramesMax: allowedMax, packetsOutsidePlusMinusOne: outside,
            zeroLengthPackets: zeroLength, wMaxPacketSize: ep?.wMaxPacketSize,
            maxBytesPerInterval: ep?.maxBytesPerInterval, packetsOverMaxPacketSize: overMax,
            statusCounts: statusCounts, packetsWithErrorStatus: errorPackets, gaps: acc.gapCount,
            largestGapMilliseconds: acc.gapCount > 0 ? Double(acc.largestGap) / 1e6 : nil,
            largestGapAtPacket: acc.gapCount > 0 && acc.largestGapPacket > 0 ? acc.largestGapPacket : nil,
            feedback: fbReport, findings: findings)
    }

    /// Feedback values as Linux reads them (sound/usb/endpoint.c): mask to 24 or 28 bits, then
    /// shift until the value lies within [nominal − 25 %, nominal + 50 %] of the Q16.16 nominal
    /// frames per (micro)frame; the shift reveals the format the device really sends.
    static func feedback(_ acc: CaptureStreamAccumulator, nominal: Int?, speed: USBSpeed?,
                         seconds: (Int64) -> Double, options: CaptureAnalysisOptions) -> CaptureFeedbackReport {
        let size = acc.feedbackSizes.max(by: { $0.value < $1.value })?.key ?? 0
        let rawMin = acc.feedbackValues.keys.min() ?? 0
        let rawMax = acc.feedbackValues.keys.max() ?? 0
        var r = CaptureFeedbackReport(packets: acc.feedbackPackets, packetSize: size, rawMin: rawMin, rawMax: rawMax,
                                      rawLast: acc.lastFeedbackRaw, expectedFormat: nil, detectedFormat: nil,
                                      formatMatchesSpeed: nil, shift: nil, nominalRate: nominal, minHz: nil, maxHz: nil,
                                      meanHz: nil, lastHz: nil, windows: [], distinctValuesDropped: acc.feedbackValuesDropped,
                                      findings: [])
        if let speed { r.expectedFormat = speed == .full ? "10.14" : "16.16" }
        if let speed {
            let expectedSize = speed == .full ? 3 : 4
            if size != expectedSize {
                r.findings.append("\(size)-byte feedback at \(speed.rawValue) speed (USB 2.0 §5.12.4.2: \(expectedSize) bytes, \(speed == .full ? "10.14" : "16.16"))")
            }
        }
        guard let speed, acc.feedbackPackets > 0 else { return r }
        let unitsPerSecond = Double(speed.unitsPerSecond)
        var shift: Int
        if let nominal {
            let freqn = Int64(nominal) * 65536 / Int64(speed.unitsPerSecond)
            var f = Int64(acc.feedbackValues.max(by: { $0.value < $1.value })?.key ?? rawMax)
            shift = 0
            if f > 0 {
                while f < freqn - freqn / 4 && shift < 16 { f <<= 1; shift += 1 }
                while f > freqn + freqn / 2 && shift > -16 { f >>= 1; shift -= 1 }
            }
            r.detectedFormat = shift == 2 ? "10.14" : shift == 0 ? "16.16" : "unknown (shift \(shift))"
            r.formatMatchesSpeed = (speed == .full && shift == 2) || (speed == .high && shift == 0)
            if r.formatMatchesSpeed == false {
                r.findings.append("feedback values are \(r.detectedFormat!) but \(speed.rawValue) speed calls for \(r.expectedFormat!); Linux autodetects this, other hosts may not")
            }
        } else {
            shift = speed == .full ? 2 : 0
            r.findings.append("nominal rate unknown; feedback read as \(speed == .full ? "10.14" : "16.16") by speed")
        }
        r.shift = shift
        func hz(_ raw: Double) -> Double {
            let q = shift >= 0 ? raw * Double(1 << shift) : raw / Double(1 << -shift)
            return q / 65536 * unitsPerSecond
        }
        r.minHz = hz(Double(rawMin))
        r.maxHz = hz(Double(rawMax))
        r.lastHz = hz(Double(acc.lastFeedbackRaw))
        var sum = 0.0, n = 0
        for (v, c) in acc.feedbackValues { sum += Double(v) * Double(c); n += c }
        if n > 0 { r.meanHz = hz(sum / Double(n)) }
        if let nominal, let mn = r.minHz, let mx = r.maxHz {
            if mn < Double(nominal) * 0.875 || mx > Double(nominal) * 1.125 {
                r.findings.append("feedback strays beyond ±12.5 % of \(nominal) Hz (Linux rejects such values and re-detects the format)")
            }
        }
        // Feedback packets come every 2^(bInterval-1) (micro)frames: size windows from their own pace.
        var packetsPerSecond = unitsPerSecond
        if let first = acc.firstTime, acc.lastTime > first, acc.packets > 1 {
            packetsPerSecond = Double(acc.packets - 1) / (Double(acc.lastTime &- first) / 1e9)
        }
        let chunkSeconds = Double(acc.feedbackChunkSize) / packetsPerSecond
        var per = max(1, captureClampedInt((1 / chunkSeconds).rounded()))
        while acc.feedbackChunkSum.count / per > options.maximumWindows { per *= 2 }
        var i = 0
        let total = acc.feedbackPackets
        while i < acc.feedbackChunkSum.count {
            let j = min(acc.feedbackChunkSum.count, i + per)
            let s = acc.feedbackChunkSum[i..<j].reduce(0, +)
            let pk = j == acc.feedbackChunkSum.count ? total - i * acc.feedbackChunkSize : (j - i) * acc.feedbackChunkSize
            r.windows.append(CaptureRateWindow(startSeconds: seconds(acc.feedbackChunkStart[i]), packets: pk,
                                               busClockRate: pk > 0 ? hz(s / Double(pk)) : nil, timestampRate: nil))
            i = j
        }
        return r
    }
}

func format2(_ x: Double) -> String {
    let r = (x * 100).rounded() / 100
    return "\(r)"
}

/// Double to Int without trapping on values a damaged capture can produce.
func captureClampedInt(_ x: Double) -> Int {
    if x.isNaN { return 0 }
    if x >= 4e18 { return Int(4e18) }
    if x <= -4e18 { return Int(-4e18) }
    return Int(x)
}
