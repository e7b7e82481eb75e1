#if Live
import CLibUSB
import UAC2Kit
#if canImport(Glibc)
import Glibc
#endif

/// `--stream`: set the rate and the alt, keep isochronous transfers in flight for S seconds,
/// and measure what crosses the bus. IN: reads the device's packets. OUT: sends silence sized
/// by the feedback endpoint (asynchronous) or by the nominal rate.
enum IsoStream {
    /// 6 transfers of 16 ms keep ~96 ms queued, so a busy host rarely lets the queue run dry.
    static let transferSeconds = 0.016
    static let dataTransfers = 6
    static let settleSeconds = 0.25

    final class State {
        var running = true
        var gone = false
        var inFlight = 0
        var completions = 0
        var packets = 0
        var frames = 0
        var status: [String: Int] = [:]
        var sizes: [Int: Int] = [:]
        var points: [(t: Double, frames: Double)] = []
        var segments: [[(t: Double, frames: Double)]] = []
        var dataInFlight = 0
        /// Times the data queue ran dry: the next packets start later on the bus, so a gap.
        var drains = 0
        // packet-based measurement, from the first completion after settling
        var measuredPackets = 0
        var measuredFrames = 0
        var t0 = 0.0
        // OUT
        var ff = 0.0                 // latest feedback, frames per bus (micro)frame
        var nominalFF = 0.0          // nominal frames per bus (micro)frame
        var dataPacketBusFrames = 1  // OUT data endpoint's service interval in bus (micro)frames
        /// Found from the first feedback value (as Linux does): per (micro)frame or per data packet.
        var form: FeedbackForm?
        var acc = 0.0
        var fbValues: [Double] = []
        var fbSizes: [Int: Int] = [:]
        var resubmitErrors = 0
    }

    final class Ctx {
        let state: State
        let isFeedback: Bool
        let isIn: Bool
        let frameBytes: Int
        let packetBytes: Int
        let framesPerPacketNominal: Double  // OUT: bus frames per data packet × ff gives frames
        let busFramesPerPacket: Double
        let fbFormat: (bits: Int, scale: Double)
        let transfer: UnsafeMutablePointer<libusb_transfer>
        let buffer: UnsafeMutablePointer<UInt8>
        let packetsPerTransfer: Int
        init(state: State, isFeedback: Bool, isIn: Bool, frameBytes: Int, packetBytes: Int, framesPerPacketNominal: Double,
             busFramesPerPacket: Double, fbFormat: (Int, Double), packets: Int) {
            self.state = state; self.isFeedback = isFeedback; self.isIn = isIn; self.frameBytes = frameBytes
            self.packetBytes = packetBytes; self.framesPerPacketNominal = framesPerPacketNominal
            self.busFramesPerPacket = busFramesPerPacket; self.fbFormat = fbFormat; self.packetsPerTransfer = packets
            transfer = libusb_alloc_transfer(Int32(packets))
            buffer = .allocate(capacity: packets * packetBytes)
            buffer.initialize(repeating: 0, count: packets * packetBytes)
        }
    }

    static func run(_ s: USBSession, functions: [AudioFunction], clocks: [ClockReport], options o: StreamOptions,
                    detachKernelDriver: Bool) throws -> StreamResult {
        // Pick the alt.
        var candidates: [(AudioFunction, AudioStreamingAlt)] = []
        for f in functions {
            for a in f.streams where a.alternateSetting == o.alt && a.dataEndpoint?.transferType == .isochronous {
                if let d = o.direction, a.direction?.rawValue != d { continue }
                candidates.append((f, a))
            }
        }
        guard let (f, a) = candidates.first else {
            throw ProbeError.refused("no streaming interface has an isochronous alt \(o.alt)\(o.direction.map { " for direction \($0)" } ?? "")")
        }
        if candidates.count > 1 {
            throw ProbeError.refused("alt \(o.alt) exists on interfaces \(candidates.map { String($0.1.interfaceNumber) }.joined(separator: ", ")): add --direction in|out")
        }
        guard let ep = a.dataEndpoint, let frameBytes = a.bytesPerFrame, frameBytes > 0 else {
            throw ProbeError.refused("interface \(a.interfaceNumber) alt \(o.alt) has no usable format (channels × subslot)")
        }
        var findings: [ProbeFinding] = []
        let iface = a.interfaceNumber
        try s.claim(iface, detachKernelDriver: detachKernelDriver, function: f.interfaceNumbers)

        // Rate: SET CUR on the clock source the terminal uses, if it is programmable.
        let term = a.terminalLink.flatMap { f.entity($0) }
        let src = USBProbe.selectedSource(f, from: term?.clockSourceIDs.first, clocks)
        var rateSet = "no clock source found"
        var readBack: UInt32?
        if let src, let acIf = f.controlInterface?.interfaceNumber {
            let index = UInt16(src) << 8 | UInt16(acIf)
            let ctl = clocks.first { $0.id == src }
            if ctl?.frequencyControl == "read/write" {
                let v = o.rate
                let out = s.controlOut(requestType: 0x21, request: 0x01, value: 0x0100, index: index,
                                       data: [UInt8(v & 0xff), UInt8(v >> 8 & 0xff), UInt8(v >> 16 & 0xff), UInt8(v >> 24)])
                switch out {
                case .data: rateSet = "SET CUR SAM_FREQ \(o.rate) on clock source \(src): accepted"
                case .stall: throw ProbeError.refused("clock source \(src) refused \(o.rate) Hz (SET CUR SAM_FREQ stalled)")
                case .noDevice: throw ProbeError.io("device disappeared while setting the rate")
                case let x: throw ProbeError.io("SET CUR SAM_FREQ on clock source \(src) failed: \(x.label)")
                }
            } else {
                rateSet = "clock source \(src) frequency control is \(ctl?.frequencyControl ?? "unknown"): not set"
            }
            if case .data(let b) = s.controlIn(requestType: 0xA1, request: 0x01, value: 0x0100, index: index, length: 4), b.count == 4 {
                readBack = ClockQuery.le32(b)
            }
            if let rb = readBack, rb != o.rate {
                if ctl?.frequencyControl != "read/write" {
                    throw ProbeError.refused("clock source \(src) runs at \(rb) Hz and its frequency control is \(ctl?.frequencyControl ?? "not writable"): cannot stream at \(o.rate) Hz")
                }
                findings.append(ProbeFinding(id: "probe.stream.rate-mismatch", severity: .warning, entity: "clock source \(src)",
                                             message: "SET CUR \(o.rate) accepted but GET CUR reads \(rb) Hz",
                                             measuredBy: "SET CUR + GET CUR SAM_FREQ_CONTROL"))
            }
        }
        try s.setAlt(iface, o.alt)

        let unit = s.speed.intervalUnit
        let interval = unit * Double(1 << (max(1, min(16, ep.bInterval)) - 1))
        let packetsPerTransfer = max(1, Int((transferSeconds / interval).rounded()))
        let packetBytes = ep.maxPacketSize * (s.speed == .high ? ep.additionalTransactions + 1 : 1)
        let state = State()
        state.ff = Double(o.rate) / s.speed.framesPerSecond
        state.nominalFF = state.ff
        let busFramesPerPacket = interval / (1 / s.speed.framesPerSecond)
        state.dataPacketBusFrames = max(1, Int(busFramesPerPacket.rounded()))
        let fbFormat: (Int, Double) = s.speed == .full || s.speed == .low ? (14, 16384) : (16, 65536)

        var ctxs: [Ctx] = []
        func submit(_ c: Ctx) -> Int32 {
            let t = c.transfer
            t.pointee.dev_handle = s.handle
            t.pointee.endpoint = c.isFeedback ? UInt8(a.feedbackEndpoint!.address) : UInt8(ep.address)
            t.pointee.type = UInt8(LIBUSB_TRANSFER_TYPE_ISOCHRONOUS.rawValue)
            t.pointee.timeout = 1000
            t.pointee.num_iso_packets = Int32(c.packetsPerTransfer)
            t.pointee.buffer = c.buffer
            t.pointee.callback = isoCallback
            t.pointee.user_data = Unmanaged.passUnretained(c).toOpaque()
            var total = 0
            for i in 0..<c.packetsPerTransfer {
                var len = c.packetBytes
                if !c.isIn {
                    c.state.acc += c.state.ff * c.busFramesPerPacket
                    let n = min(Int(c.state.acc), c.packetBytes / c.frameBytes)
                    c.state.acc -= Double(n)
                    len = n * c.frameBytes
                }
                uac2_iso_packet(t, Int32(i)).pointee.length = UInt32(len)
                total += len
            }
            t.pointee.length = Int32(c.isIn ? c.packetBytes * c.packetsPerTransfer : total)
            let r = libusb_submit_transfer(t)
            if r == 0 {
                c.state.inFlight += 1
                if !c.isFeedback { c.state.dataInFlight += 1 }
            }
            return r
        }
        func make(feedback: Bool) -> Ctx {
            let fep = a.feedbackEndpoint
            let pkt = feedback ? (fep?.maxPacketSize ?? 4) : packetBytes
            let fInterval = feedback ? unit * Double(1 << (max(1, min(16, fep?.bInterval ?? 1)) - 1)) : interval
            let n = max(1, Int((transferSeconds / fInterval).rounded()))
            let c = Ctx(state: state, isFeedback: feedback, isIn: feedback || ep.isIn, frameBytes: frameBytes,
                        packetBytes: pkt, framesPerPacketNominal: Double(o.rate) * interval,
                        busFramesPerPacket: busFramesPerPacket, fbFormat: fbFormat, packets: n)
            ctxs.append(c)
            return c
        }
        let useFeedback = !ep.isIn && a.feedbackEndpoint != nil
        if !ep.isIn && a.feedbackEndpoint == nil && ep.syncType == .asynchronous {
            findings.append(ProbeFinding(id: "probe.stream.no-feedback-endpoint", severity: .note, entity: a.label,
                                         message: "asynchronous OUT without an explicit feedback endpoint: packets sized at the nominal rate",
                                         measuredBy: "descriptors"))
        }
        defer {
            // Transfers still in flight (device gone, cancel timed out) are leaked, never freed under libusb.
            if state.inFlight == 0 {
                for c in ctxs { libusb_free_transfer(c.transfer); c.buffer.deallocate() }
            }
        }
        state.t0 = MonotonicClock.now()
        for _ in 0..<dataTransfers {
            let r = submit(make(feedback: false))
            if r != 0 { throw USBSession.error(r, "submitting isochronous transfers on endpoint \(hexAddr(ep.address))") }
        }
        if useFeedback {
            for _ in 0..<2 {
                let r = submit(make(feedback: true))
                if r != 0 { throw USBSession.error(r, "submitting feedback transfers on endpoint \(hexAddr(a.feedbackEndpoint!.address))") }
            }
        }
        StreamRegistry.submit = submit

        var nextProgress = 1.0
        var elapsed = 0.0
        while !Interrupt.requested && !state.gone {
            elapsed = MonotonicClock.now() - state.t0
            if elapsed >= o.seconds { break }
            s.handleEvents(timeoutMs: 10) { state.completions }
            if state.inFlight == 0 && !state.gone {
                throw ProbeError.io("isochronous transfers stopped (resubmission failed \(state.resubmitErrors)×)")
            }
            if let p = o.progress, elapsed >= nextProgress {
                nextProgress += 1
                p(StreamProgress(elapsed: elapsed, packets: state.packets, frames: state.frames,
                                 ppmSoFar: RateFit.fit(segments: state.segments + [state.points])?.ppm(nominal: Double(o.rate))))
            }
        }
        // Stop: cancel what is in flight and wait (bounded) for the cancellations to come back.
        state.running = false
        for c in ctxs { libusb_cancel_transfer(c.transfer) }
        let deadline = MonotonicClock.now() + 1
        while state.inFlight > 0 && MonotonicClock.now() < deadline { s.handleEvents(timeoutMs: 10) { state.completions } }
        StreamRegistry.submit = nil
        if state.gone {
            throw ProbeError.io("device disappeared mid-stream after \(String(format: "%.2f", elapsed)) s (\(state.packets) packets)")
        }
        try? s.setAlt(iface, 0)

        let nominal = Double(o.rate)
        var byPackets: StreamResult.Rate?
        if ep.isIn, state.measuredPackets > 0 {
            let T = Double(state.measuredPackets) * interval
            let fps = Double(state.measuredFrames) / T
            // Each contiguous run of packets counts the device's frames to within one frame;
            // every time our queue ran dry the bus had a gap and a new run began.
            let runs = 1 + state.drains
            byPackets = .init(framesPerSecond: fps, ppm: (fps / nominal - 1) * 1e6, ppmUncertainty: Double(runs) / T / nominal * 1e6,
                              method: "frames received / (packets × \(interval * 1e6) µs service interval), packets after the first \(settleSeconds) s; ± is one frame of quantization per contiguous run of packets (\(runs) run\(runs == 1 ? "" : "s"): the transfer queue ran dry \(state.drains)×)",
                              ppmStandardError: nil)
        }
        // A completion seen more than 1 ms later than typical is a descheduled event loop.
        let fit = RateFit.fitTrimmingLate(segments: state.segments + [state.points], minCut: nominal * 0.001)
        let byClock = fit.map {
            StreamResult.Rate(framesPerSecond: $0.framesPerSecond, ppm: $0.ppm(nominal: nominal),
                              ppmUncertainty: $0.ppmUncertainty(nominal: nominal),
                              method: "least-squares slope of cumulative frames \(ep.isIn ? "received" : "sent") vs CLOCK_MONOTONIC at \($0.points) transfer completions in \($0.segments) run(s) (\($0.trimmed) seen > 1 ms late left out); ± is the worst-case bound for residuals ≤ \(String(format: "%.1f", $0.maxResidualFrames)) frames",
                              ppmStandardError: $0.ppmStandardError(nominal: nominal))
        }
        var fb: StreamResult.Feedback?
        var byFeedback: StreamResult.Rate?
        if useFeedback, let fep = a.feedbackEndpoint, !state.fbValues.isEmpty {
            let mean = state.fbValues.reduce(0, +) / Double(state.fbValues.count)
            let form = state.form
            let perBusFrame = form?.framesPerBusFrame(mean) ?? mean
            let unitName = s.speed == .full || s.speed == .low ? "frame" : "microframe"
            fb = .init(endpoint: hexAddr(fep.address), format: fbFormat.0 == 14 ? "10.14" : "16.16",
                       packetBytes: state.fbSizes, values: state.fbValues.count,
                       min: state.fbValues.min()!, mean: mean, max: state.fbValues.max()!,
                       form: form?.kind.rawValue, linuxFeedbackFormat: form?.linuxFormat,
                       framesPerBusFrame: form == nil ? nil : perBusFrame)
            let fps = perBusFrame * s.speed.framesPerSecond
            let lsb = 1 / fbFormat.1 * s.speed.framesPerSecond / Double(1 << max(0, -(form?.shift ?? 0)))
            let how = form?.kind == .perDataPacket ? "frames per data packet ÷ \(state.dataPacketBusFrames) = per \(unitName)" : "frames per \(unitName)"
            byFeedback = .init(framesPerSecond: fps, ppm: (fps / nominal - 1) * 1e6, ppmUncertainty: lsb / 2 / nominal * 1e6,
                               method: "mean feedback value (\(fb!.format), \(how)) × \(Int(s.speed.framesPerSecond)) per second; ± is half the format's resolution",
                               ppmStandardError: nil)
            findings += FeedbackFindings.evaluate(form: form, mean: mean, nominal: state.nominalFF, endpoint: hexAddr(fep.address),
                                                  speed: s.speed, fractionBits: fbFormat.0, dataPacketBusFrames: state.dataPacketBusFrames,
                                                  bInterval: ep.bInterval)
        }
        let bad = state.status.filter { $0.key != "completed" }.values.reduce(0, +)
        if bad > 0 {
            findings.append(ProbeFinding(id: "probe.stream.packet-errors", severity: .warning, entity: a.label,
                                         message: "\(bad) of \(state.packets) packets did not complete: \(state.status.filter { $0.key != "completed" }.map { "\($0.key) \($0.value)" }.sorted().joined(separator: ", "))",
                                         measuredBy: "iso packet status"))
        }
        return StreamResult(
            interface: iface, alt: o.alt, direction: ep.isIn ? "in" : "out", endpoint: hexAddr(ep.address), clockSource: src,
            rateRequested: o.rate, rateSet: rateSet, rateReadBack: readBack, servicePeriodMicroseconds: interval * 1e6,
            secondsStreamed: elapsed, packets: state.packets, packetStatus: state.status, packetSizes: state.sizes,
            frames: state.frames, rateByPackets: byPackets, rateByHostClock: byClock, rateByFeedback: byFeedback,
            feedback: fb, findings: findings)
    }
}

func hexAddr(_ a: UInt8) -> String { "0x" + String(a, radix: 16, uppercase: false).leftPad(2) }

extension String {
    func leftPad(_ n: Int) -> String { String(repeating: "0", count: max(0, n - count)) + self }
}

/// The resubmit function of the stream in progress (libusb callbacks are C functions and
/// cannot capture it). One stream per process.
enum StreamRegistry {
    nonisolated(unsafe) static var submit: ((IsoStream.Ctx) -> Int32)?
}

private func packetStatusName(_ s: libusb_transfer_status) -> String {
    switch s {
    case LIBUSB_TRANSFER_COMPLETED: return "completed"
    case LIBUSB_TRANSFER_ERROR: return "error"
    case LIBUSB_TRANSFER_TIMED_OUT: return "timed out"
    case LIBUSB_TRANSFER_CANCELLED: return "cancelled"
    case LIBUSB_TRANSFER_STALL: return "stall"
    case LIBUSB_TRANSFER_NO_DEVICE: return "no device"
    case LIBUSB_TRANSFER_OVERFLOW: return "overflow"
    default: return "status \(s.rawValue)"
    }
}

private let isoCallback: libusb_transfer_cb_fn = { tp in
    guard let t = tp, let ud = t.pointee.user_data else { return }
    let c = Unmanaged<IsoStream.Ctx>.fromOpaque(ud).takeUnretainedValue()
    let st = c.state
    st.inFlight -= 1
    if !c.isFeedback {
        st.dataInFlight -= 1
        // Nothing queued behind this transfer: the next one starts after a gap on the bus, so
        // the position measured against the host clock restarts (new fit segment).
        if st.dataInFlight == 0 && st.running && t.pointee.status == LIBUSB_TRANSFER_COMPLETED {
            st.drains += 1
            if !st.points.isEmpty { st.segments.append(st.points); st.points = [] }
        }
    }
    st.completions += 1
    let status = t.pointee.status
    if status == LIBUSB_TRANSFER_NO_DEVICE { st.gone = true; return }
    if status == LIBUSB_TRANSFER_CANCELLED || !st.running { return }
    let now = MonotonicClock.now()
    if status == LIBUSB_TRANSFER_COMPLETED {
        var offset = 0
        var framesHere = 0
        var allOK = true
        for i in 0..<Int(t.pointee.num_iso_packets) {
            let d = uac2_iso_packet(t, Int32(i)).pointee
            let name = packetStatusName(d.status)
            if c.isFeedback {
                if d.status == LIBUSB_TRANSFER_COMPLETED && d.actual_length >= 3 {
                    let p = c.buffer + offset
                    var v: UInt32 = UInt32(p[0]) | UInt32(p[1]) << 8 | UInt32(p[2]) << 16
                    if d.actual_length >= 4 { v |= UInt32(p[3]) << 24 }
                    let ff = Double(v) / c.fbFormat.scale
                    st.fbValues.append(ff)
                    st.fbSizes[Int(d.actual_length), default: 0] += 1
                    if st.form == nil {
                        st.form = FeedbackForm.detect(decoded: ff, nominal: st.nominalFF, busFramesPerPacket: st.dataPacketBusFrames,
                                                      fractionBits: c.fbFormat.bits, maxPacketBytes: c.packetBytes)
                    }
                    // Packets are sized from frames per bus (micro)frame, whichever form the device sends.
                    if ff > 0, let form = st.form { st.ff = form.framesPerBusFrame(ff) }
                }
            } else {
                st.packets += 1
                st.status[name, default: 0] += 1
                if d.status != LIBUSB_TRANSFER_COMPLETED { allOK = false }
                let bytes = c.isIn ? Int(d.actual_length) : Int(d.length)
                st.sizes[bytes, default: 0] += 1
                framesHere += bytes / c.frameBytes
            }
            offset += Int(d.length)
        }
        if !c.isFeedback {
            st.frames += framesHere
            if now - st.t0 >= IsoStream.settleSeconds {
                st.points.append((now - st.t0, Double(st.frames)))
                if allOK && c.isIn {
                    st.measuredPackets += Int(t.pointee.num_iso_packets)
                    st.measuredFrames += framesHere
                }
            }
        }
    } else {
        st.status[packetStatusName(status), default: 0] += 1
    }
    if let submit = StreamRegistry.submit, submit(c) != 0 { st.resubmitErrors += 1 }
}
#endif
