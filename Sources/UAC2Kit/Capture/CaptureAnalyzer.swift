/// Options for analysing a capture.
public struct CaptureAnalysisOptions: Sendable {
    /// Only report this device (bus nil: any bus).
    public var deviceFilter: (bus: Int?, address: Int)?
    /// Bus speed to assume when the capture cannot tell.
    public var speed: USBSpeed?
    /// Largest number of rate windows kept per stream in the report.
    public var maximumWindows = 600
    public init(deviceFilter: (bus: Int?, address: Int)? = nil, speed: USBSpeed? = nil) {
        self.deviceFilter = deviceFilter
        self.speed = speed
    }
}

/// Reads a capture packet by packet and builds the per-device report.
public final class CaptureAnalyzer: CaptureEventSink {
    private var devices: [CaptureDeviceKey: CaptureDeviceState] = [:]
    private var noteLog = CaptureNoteLog()
    private var firstTimestamp: Int64?
    private var lastTimestamp: Int64 = 0
    private var linkTypes: [UInt32] = []
    private var currentRecordOffset: UInt64 = 0
    private var currentPacketNumber = 0
    /// Fast path: the accumulator for a (device, endpoint) under the current alt/rate.
    private var streamCache: [Int: CaptureStreamAccumulator] = [:]
    private var lastCacheKey = -1
    private var lastAccumulator: CaptureStreamAccumulator?

    /// Alt, configuration or rate changed: the next packet of each endpoint finds its stream again.
    private func invalidateStreams() {
        streamCache.removeAll(keepingCapacity: true)
        lastCacheKey = -1
        lastAccumulator = nil
    }
    private var sofTimes: [Int64] = []
    private var sofCount = 0
    private var lastSOF: Int64?
    let options: CaptureAnalysisOptions

    private lazy var usbmon = UsbmonDecoder(sink: self)
    private lazy var linkLayer = UsbLinkLayerDecoder(sink: self)
    private lazy var usbPcap = USBPcapDecoder(sink: self)

    public init(options: CaptureAnalysisOptions = CaptureAnalysisOptions()) {
        self.options = options
    }

    /// Reads the whole capture. Errors stop reading; what was read is still reported.
    public static func analyze(path: String, options: CaptureAnalysisOptions = CaptureAnalysisOptions(),
                               progress: ((UInt64, UInt64?) -> Void)? = nil) -> CaptureReport {
        do {
            let reader = try CaptureFileReader(path: path)
            var r = CaptureAnalyzer(options: options).run(reader, progress: progress)
            r.file = path
            return r
        } catch let e as CaptureError {
            return CaptureReport(file: path, format: .pcap, linkTypes: [], packets: 0, bytesRead: 0, durationSeconds: 0,
                                 devices: [], notes: [], error: e)
        } catch {
            return CaptureReport(file: path, format: .pcap, linkTypes: [], packets: 0, bytesRead: 0, durationSeconds: 0,
                                 devices: [], notes: [], error: CaptureError(message: "\(error)", byteOffset: nil, packetNumber: nil))
        }
    }

    /// Reads a capture from any byte source (an input already opened, whose first bytes format
    /// detection has seen: a pipe cannot be opened twice).
    public static func analyze(source: CaptureByteSource, file: String?, options: CaptureAnalysisOptions = CaptureAnalysisOptions(),
                               progress: ((UInt64, UInt64?) -> Void)? = nil) -> CaptureReport {
        do {
            let reader = try CaptureFileReader(source: source)
            var r = CaptureAnalyzer(options: options).run(reader, progress: progress)
            r.file = file
            return r
        } catch let e as CaptureError {
            return CaptureReport(file: file, format: .pcap, linkTypes: [], packets: 0, bytesRead: 0, durationSeconds: 0,
                                 devices: [], notes: [], error: e)
        } catch {
            return CaptureReport(file: file, format: .pcap, linkTypes: [], packets: 0, bytesRead: 0, durationSeconds: 0,
                                 devices: [], notes: [], error: CaptureError(message: "\(error)", byteOffset: nil, packetNumber: nil))
        }
    }

    public static func analyze(bytes: [UInt8], options: CaptureAnalysisOptions = CaptureAnalysisOptions()) -> CaptureReport {
        do {
            let reader = try CaptureFileReader(source: CaptureMemorySource(bytes: bytes))
            return CaptureAnalyzer(options: options).run(reader, progress: nil)
        } catch let e as CaptureError {
            return CaptureReport(file: nil, format: .pcap, linkTypes: [], packets: 0, bytesRead: 0, durationSeconds: 0,
                                 devices: [], notes: [], error: e)
        } catch {
            return CaptureReport(file: nil, format: .pcap, linkTypes: [], packets: 0, bytesRead: 0, durationSeconds: 0,
                                 devices: [], notes: [], error: CaptureError(message: "\(error)", byteOffset: nil, packetNumber: nil))
        }
    }

    public func run(_ reader: CaptureFileReader, progress: ((UInt64, UInt64?) -> Void)? = nil) -> CaptureReport {
        var failure: CaptureError? = nil
        var sinceProgress = 0
        do {
            while let rec = try reader.next() {
                consume(rec)
                if let progress {
                    sinceProgress += 1
                    if sinceProgress >= 65536 { sinceProgress = 0; progress(reader.bytesRead, reader.totalSize) }
                }
            }
        } catch let e as CaptureError {
            failure = e
        } catch {
            failure = CaptureError(message: "\(error)", byteOffset: reader.bytesRead, packetNumber: reader.packetCount + 1)
        }
        linkLayer.finish()
        return report(format: reader.format, packets: reader.packetCount, bytesRead: reader.bytesRead,
                      readerNotes: reader.notes, error: failure)
    }

    @inline(__always)
    func consume(_ rec: CapturePacketRecord) {
        currentRecordOffset = rec.fileOffset
        currentPacketNumber = rec.number
        if firstTimestamp == nil { firstTimestamp = rec.timestampNanoseconds }
        lastTimestamp = rec.timestampNanoseconds
        if !linkTypes.contains(rec.linkType) { linkTypes.append(rec.linkType) }
        switch rec.linkType {
        case CaptureLinkType.usbLinuxMmapped, CaptureLinkType.usbLinux:
            usbmon.decode(rec)
        case CaptureLinkType.usb20:
            linkLayer.decode(rec)
        case CaptureLinkType.usbPcap:
            usbPcap.decode(rec)
        default:
            note(key: "linktype \(rec.linkType)",
                 "\(CaptureLinkType.name(rec.linkType)) on interface \(rec.interfaceIndex) is not a USB capture format this tool reads; its packets are skipped",
                 byteOffset: rec.fileOffset, packetNumber: rec.number)
        }
    }

    private func seconds(_ t: Int64) -> Double {
        Double(t &- (firstTimestamp ?? t)) / 1e9
    }

    /// Damaged or hostile captures can name any number of devices, streams and descriptors;
    /// these caps keep memory bounded (a real bus has at most 127 devices per bus).
    static let maximumDevices = 1024
    static let maximumStreams = 1024
    static let descriptorByteBudget = 32 << 20
    private var streamCount = 0
    private var descriptorBytes = 0
    /// Where packets of streams beyond the cap go: counted nowhere, noted once.
    private let overflowStream = CaptureStreamAccumulator()
    private let overflowDevice = CaptureDeviceState(key: CaptureDeviceKey(bus: -1, address: -1))

    private func state(_ key: CaptureDeviceKey) -> CaptureDeviceState {
        if let s = devices[key] { return s }
        if devices.count >= Self.maximumDevices {
            note(key: "too-many-devices", "more than \(Self.maximumDevices) devices in the capture; traffic of further devices is ignored",
                 byteOffset: currentRecordOffset, packetNumber: currentPacketNumber)
            return overflowDevice
        }
        let s = CaptureDeviceState(key: key)
        devices[key] = s
        return s
    }

    // MARK: events

    func note(key: String, _ message: @autoclosure () -> String, byteOffset: UInt64?, packetNumber: Int?) {
        noteLog.add(key: key, message(), byteOffset: byteOffset, packetNumber: packetNumber)
    }

    func startOfFrame(frameNumber: Int, timestampNanoseconds: Int64) {
        sofCount += 1
        if sofTimes.count < 256, let last = lastSOF { sofTimes.append(timestampNanoseconds &- last) }
        lastSOF = timestampNanoseconds
    }

    func control(_ t: CaptureControlTransfer) {
        let dev = state(t.device)
        if dev === overflowDevice { return }
        let s = t.setup
        let time = seconds(t.timestampNanoseconds)
        if s.requestKind == 0 {
            standard(t, dev, time)
        } else if s.requestKind == 1 {
            if let r = CaptureClassRequestDecoder.decode(t, config: dev.configuration, functions: dev.functions, timeSeconds: time) {
                dev.addClass(r)
                if let rate = r.sampleRate, r.request.hasPrefix("SET") || dev.lastRate == nil {
                    if let c = r.clockSourceID { dev.clockRates[c] = rate }
                    if let e = r.endpoint { dev.endpointRates[e] = rate }
                    dev.lastRate = rate
                    invalidateStreams()
                }
            }
        }
    }

    private func standard(_ t: CaptureControlTransfer, _ dev: CaptureDeviceState, _ time: Double) {
        let s = t.setup
        let status = t.status.description
        switch (s.bmRequestType & 0x7F, s.bRequest) {
        case (0, 6) where s.isDeviceToHost:
            let type = UInt8(s.wValue >> 8), index = UInt8(s.wValue & 0xFF)
            let names: [UInt8: String] = [1: "device", 2: "configuration", 3: "string", 6: "device qualifier",
                                          7: "other speed configuration", 15: "BOS"]
            let name = names[type] ?? "type 0x\(hex2(type))"
            dev.addStandard(CaptureStandardRequest(timeSeconds: time, packetNumber: t.packetNumber, request: "GET_DESCRIPTOR",
                                                   detail: "\(name) index \(index)\(type == 3 ? " lang 0x\(String(s.wIndex, radix: 16))" : ""), wLength \(s.wLength), got \(t.data.count)",
                                                   status: status))
            let usable: Bool
            switch t.status { case .ok, .noCompletion: usable = true; default: usable = false }
            if usable && !t.data.isEmpty && dev !== overflowDevice {
                if descriptorBytes + t.data.count > Self.descriptorByteBudget {
                    note(key: "descriptor-budget", "more than \(Self.descriptorByteBudget >> 20) MB of descriptor responses; further ones are not kept",
                         byteOffset: currentRecordOffset, packetNumber: t.packetNumber)
                    return
                }
                descriptorBytes += dev.record(descriptor: type, index: index, langID: s.wIndex, data: t.data)
                if type == 2 { invalidateStreams() }
            }
        case (0, 5):
            dev.addStandard(CaptureStandardRequest(timeSeconds: time, packetNumber: t.packetNumber, request: "SET_ADDRESS",
                                                   detail: "address \(s.wValue)", status: status))
            if t.status == .ok || t.status == .noCompletion, s.wValue != 0 {
                // The device now answers at a new address: carry over what we learnt at the old one.
                let newKey = CaptureDeviceKey(bus: t.device.bus, address: Int(s.wValue))
                let target = state(newKey)
                if target === overflowDevice { return }
                for k in dev.descriptorOrder where target.descriptors[k] == nil {
                    target.descriptors[k] = dev.descriptors[k]
                    target.descriptorOrder.append(k)
                }
                target.standardRequests.insert(contentsOf: dev.standardRequests, at: 0)
                if t.device.address == 0 && target !== dev { devices[t.device] = nil }
                invalidateStreams()
            }
        case (0, 9):
            dev.addStandard(CaptureStandardRequest(timeSeconds: time, packetNumber: t.packetNumber, request: "SET_CONFIGURATION",
                                                   detail: "configuration \(s.wValue)", status: status))
            if t.status != .stall {
                dev.configurationValue = UInt8(truncatingIfNeeded: s.wValue)
                dev.activeAlts.removeAll()
                invalidateStreams()
            }
        case (1, 11):
            let iface = Int(s.wIndex & 0xFF), alt = Int(s.wValue)
            dev.addStandard(CaptureStandardRequest(timeSeconds: time, packetNumber: t.packetNumber, request: "SET_INTERFACE",
                                                   detail: "interface \(iface) alt \(alt)", status: status))
            if dev.altChanges.count < CaptureDeviceState.maximumRequests {
                dev.altChanges.append(CaptureAltChange(timeSeconds: time, packetNumber: t.packetNumber, interface: iface, alt: alt, status: status))
            }
            if t.status != .stall {
                dev.activeAlts[UInt8(truncatingIfNeeded: iface)] = UInt8(truncatingIfNeeded: alt)
                invalidateStreams()
            }
        case (_, 1), (_, 3):
            dev.addStandard(CaptureStandardRequest(timeSeconds: time, packetNumber: t.packetNumber,
                                                   request: s.bRequest == 1 ? "CLEAR_FEATURE" : "SET_FEATURE",
                                                   detail: "selector \(s.wValue) recipient \(s.recipient) index \(s.wIndex)", status: status))
        case (_, 0):
            dev.addStandard(CaptureStandardRequest(timeSeconds: time, packetNumber: t.packetNumber, request: "GET_STATUS",
                                                   detail: "recipient \(s.recipient) index \(s.wIndex)", status: status))
        case (0, 8):
            dev.addStandard(CaptureStandardRequest(timeSeconds: time, packetNumber: t.packetNumber, request: "GET_CONFIGURATION",
                                                   detail: t.data.first.map { "configuration \($0)" } ?? "", status: status))
        case (1, 10):
            dev.addStandard(CaptureStandardRequest(timeSeconds: time, packetNumber: t.packetNumber, request: "GET_INTERFACE",
                                                   detail: "interface \(s.wIndex)" + (t.data.first.map { " alt \($0)" } ?? ""), status: status))
        default:
            break
        }
    }

    /// Consecutive packets of a URB go to the same stream: `stream` skips the dictionary for them.
    @inline(__always)
    func iso(_ p: CaptureIsoPacket) {
        stream(p.device, p.endpoint).add(p)
    }

    func isoCompletionStatus(device: CaptureDeviceKey, endpoint: UInt8, status: Int32) {
        stream(device, endpoint).addCompletionStatus(status)
    }

    func isoCompletionsOK(device: CaptureDeviceKey, endpoint: UInt8, count: Int) {
        if count > 0 { stream(device, endpoint).completionStatuses += count }
    }

    @inline(__always)
    private func stream(_ device: CaptureDeviceKey, _ endpoint: UInt8) -> CaptureStreamAccumulator {
        let cacheKey = device.bus << 16 | device.address << 8 | Int(endpoint)
        if cacheKey == lastCacheKey, let acc = lastAccumulator { return acc }
        let acc: CaptureStreamAccumulator
        if let a = streamCache[cacheKey] {
            acc = a
        } else {
            acc = accumulator(device, endpoint)
            streamCache[cacheKey] = acc
        }
        lastCacheKey = cacheKey
        lastAccumulator = acc
        return acc
    }

    private func accumulator(_ device: CaptureDeviceKey, _ endpoint: UInt8) -> CaptureStreamAccumulator {
        let dev = state(device)
        let alt = dev.configuration?.owner(ofEndpoint: endpoint, activeAlts: dev.activeAlts)
        let rate = dev.rate(for: alt, endpoint: endpoint) ?? 0
        let key = CaptureDeviceState.StreamKey(endpoint: endpoint, interface: alt?.interfaceNumber ?? -1,
                                               alt: alt?.alternateSetting ?? -1, rate: rate)
        if let a = dev.streams[key] { return a }
        if streamCount >= Self.maximumStreams || dev === overflowDevice {
            note(key: "too-many-streams", "more than \(Self.maximumStreams) endpoint/alt/rate streams; packets of further streams are ignored",
                 byteOffset: currentRecordOffset, packetNumber: currentPacketNumber)
            return overflowStream
        }
        streamCount += 1
        let a = CaptureStreamAccumulator()
        dev.streams[key] = a
        dev.streamOrder.append(key)
        return a
    }

    // MARK: report

    func report(format: CaptureFileFormat, packets: Int, bytesRead: UInt64, readerNotes: [CaptureNote], error: CaptureError?) -> CaptureReport {
        var out: [CaptureDeviceReport] = []
        let llSpeed = linkLayerSpeed()
        for key in devices.keys.sorted() {
            if let f = options.deviceFilter {
                if f.address != key.address { continue }
                if let b = f.bus, b != key.bus { continue }
            }
            let dev = devices[key]!
            out.append(CaptureReportBuilder.device(dev, linkLayerSpeed: llSpeed, options: options,
                                                   seconds: { [firstTimestamp] t in Double(t &- (firstTimestamp ?? t)) / 1e9 }))
        }
        let usbTypes: Set<UInt32> = [CaptureLinkType.usbLinux, CaptureLinkType.usbLinuxMmapped, CaptureLinkType.usb20, CaptureLinkType.usbPcap]
        var notes = readerNotes + noteLog.notes
        if out.isEmpty && linkTypes.contains(where: { usbTypes.contains($0) }) && error == nil {
            notes.append(CaptureNote(message: "no USB device traffic found" + (options.deviceFilter != nil ? " for the selected device" : ""),
                                     byteOffset: nil, packetNumber: nil))
        } else if !out.isEmpty && !out.contains(where: { !$0.descriptors.isEmpty }) {
            notes.append(CaptureNote(message: "no descriptors in this capture (enumeration not captured): interfaces, alt settings and frame sizes are unknown, so streams are reported by endpoint only",
                                     byteOffset: nil, packetNumber: nil))
        } else if !out.isEmpty && !out.contains(where: { $0.isAudio }) {
            notes.append(CaptureNote(message: "no USB audio device in this capture (no audio class interface in the recovered descriptors)",
                                     byteOffset: nil, packetNumber: nil))
        }
        return CaptureReport(file: nil, format: format, linkTypes: linkTypes.map(CaptureLinkType.name), packets: packets,
                             bytesRead: bytesRead,
                             durationSeconds: Double(lastTimestamp &- (firstTimestamp ?? lastTimestamp)) / 1e9,
                             devices: out, notes: notes, error: error)
    }

    /// A sniffer sees SOFs every 1 ms at full speed and every 125 µs at high speed.
    private func linkLayerSpeed() -> USBSpeed? {
        guard sofTimes.count >= 4 else { return nil }
        let m = sofTimes.sorted()[sofTimes.count / 2]
        if m > 500_000 && m < 1_500_000 { return .full }
        if m > 60_000 && m < 250_000 { return .high }
        return nil
    }
}
