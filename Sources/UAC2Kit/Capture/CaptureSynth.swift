#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes synthetic usbmon (LINKTYPE_USB_LINUX_MMAPPED) pcapng captures of a known UAC2 stream:
/// enumeration, SET_INTERFACE, SET CUR SAM_FREQ, then isochronous URBs whose sizes follow a
/// device clock of `rate × (1 + driftPPM/1e6)` and, for OUT streams, a feedback endpoint
/// reporting that clock. Used by the tests (known answers) and by Tools/bench (big files).
public struct CaptureSynth: Sendable {
    public enum Direction: String, Sendable { case out, `in` }
    public enum FeedbackFormat: String, Sendable {
        /// 10.14 in 3 bytes at full speed, 16.16 in 4 bytes at high speed.
        case bySpeed
        /// 16.16 in 4 bytes at full speed (a common firmware mistake; Linux copes, others may not).
        case wrong
    }

    public var rate = 48000
    public var channels = 2
    public var subslotSize = 3
    public var speed: USBSpeed = .high
    public var direction: Direction = .out
    public var feedbackFormat: FeedbackFormat = .bySpeed
    /// Device clock offset from nominal, parts per million.
    public var driftPPM = 0.0
    public var seconds = 1.0
    /// Packets per URB (Linux snd-usb-audio uses up to 8 per URB at high speed).
    public var packetsPerURB = 8
    public var bus = 1
    public var address = 5
    /// Host timestamp jitter, ± microseconds (deterministic).
    public var jitterMicroseconds = 40
    /// Leave the stream's URBs out of the capture for this span (seconds from stream start, length).
    public var gap: (start: Double, length: Double)? = nil

    public init() {}

    public var unitsPerSecond: Int { speed.unitsPerSecond }
    public var frameBytes: Int { channels * subslotSize }
    /// Async ±1 rule: floor(N) + 1 frames, N = rate / packets per second.
    public var maxFramesPerPacket: Int { rate / unitsPerSecond + 1 }
    public var deviceRate: Double { Double(rate) * (1 + driftPPM / 1e6) }
    public var feedbackBytes: Int { speed == .full && feedbackFormat == .bySpeed ? 3 : 4 }

    /// The raw feedback value the synthetic device sends.
    public var feedbackRaw: UInt32 {
        let framesPerUnit = deviceRate / Double(unitsPerSecond)
        let scale = feedbackBytes == 3 ? 16384.0 : 65536.0
        return UInt32((framesPerUnit * scale).rounded())
    }

    /// The feedback value in Hz as a host decodes it (after quantisation).
    public var feedbackHz: Double {
        Double(feedbackRaw) / (feedbackBytes == 3 ? 16384 : 65536) * Double(unitsPerSecond)
    }

    // MARK: descriptors

    public var deviceDescriptor: [UInt8] {
        [18, 1, 0x00, 0x02, 0xEF, 0x02, 0x01, 64, 0x09, 0x12, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 1]
    }

    public var configurationDescriptor: [UInt8] {
        let isOut = direction == .out
        let nrCh = UInt8(channels)
        var ac: [UInt8] = []
        ac += [8, 0x24, 0x0A, 1, 0x03, 0x07, 0, 0]                                      // clock source 1
        if isOut {
            ac += [17, 0x24, 0x02, 2, 0x01, 0x01, 0, 1, nrCh, 0, 0, 0, 0, 0, 0, 0, 0]     // IT 2 USB streaming
            ac += [12, 0x24, 0x03, 3, 0x01, 0x03, 0, 2, 1, 0, 0, 0]                        // OT 3 speaker
        } else {
            ac += [17, 0x24, 0x02, 2, 0x01, 0x02, 0, 1, nrCh, 0, 0, 0, 0, 0, 0, 0, 0]     // IT 2 microphone
            ac += [12, 0x24, 0x03, 3, 0x01, 0x01, 0, 2, 1, 0, 0, 0]                        // OT 3 USB streaming
        }
        let acTotal = 9 + ac.count
        let header: [UInt8] = [9, 0x24, 0x01, 0x00, 0x02, 0x08, UInt8(acTotal & 0xFF), UInt8(acTotal >> 8), 0]
        let mps = maxFramesPerPacket * frameBytes
        var body: [UInt8] = []
        body += [8, 11, 0, 2, 1, 0, 0x20, 0]                                              // IAD
        body += [9, 4, 0, 0, 0, 1, 1, 0x20, 0] + header + ac                               // AC interface
        body += [9, 4, 1, 0, 0, 1, 2, 0x20, 0]                                             // AS alt 0
        body += [9, 4, 1, 1, isOut ? 2 : 1, 1, 2, 0x20, 0]                                 // AS alt 1
        body += [16, 0x24, 0x01, isOut ? 2 : 3, 0, 1, 1, 0, 0, 0, nrCh, 0, 0, 0, 0, 0]     // AS_GENERAL
        body += [6, 0x24, 0x02, 1, UInt8(subslotSize), UInt8(subslotSize * 8)]            // FORMAT_TYPE I
        body += [7, 5, isOut ? 0x01 : 0x82, 0x05, UInt8(mps & 0xFF), UInt8(mps >> 8), 1] // async iso data
        body += [8, 0x25, 0x01, 0, 0, 0, 0, 0]
        if isOut {
            body += [7, 5, 0x81, 0x11, UInt8(feedbackBytes), 0, speed == .high ? 4 : 1]  // feedback, 1 ms
        }
        let total = 9 + body.count
        return [9, 2, UInt8(total & 0xFF), UInt8(total >> 8), 2, 1, 0, 0x80, 50] + body
    }

    // MARK: writing

    /// Writes the capture through `emit` in chunks; returns the number of packets written.
    @discardableResult
    public func write(_ emit: (UnsafeRawBufferPointer) throws -> Void) rethrows -> Int {
        var w = CaptureSynthWriter(flushAt: 4 << 20)
        w.sectionHeader()
        w.interfaceDescription(linkType: CaptureLinkType.usbLinuxMmapped)
        var t: Int64 = 1_700_000_000 * 1_000_000_000
        var urb: UInt64 = 0xFFFF_8800_0000_0000
        let bus = UInt16(self.bus), dev = UInt8(address)

        func controlTransfer(_ setup: [UInt8], inData: [UInt8], outData: [UInt8] = [], status: Int32 = 0) {
            urb &+= 0x100
            w.usbmon(t: t, id: urb, type: "S", xfer: 2, ep: setup[0] & 0x80 != 0 ? 0x80 : 0, dev: dev, bus: bus,
                     setup: setup, status: -115, urbLength: Int(setup[6]) | Int(setup[7]) << 8, data: outData)
            t += 150_000
            w.usbmon(t: t, id: urb, type: "C", xfer: 2, ep: setup[0] & 0x80 != 0 ? 0x80 : 0, dev: dev, bus: bus,
                     setup: nil, status: status, urbLength: inData.count + outData.count, data: inData)
            t += 200_000
        }
        try w.flush(emit)
        let cfg = configurationDescriptor
        controlTransfer([0x80, 6, 0, 1, 0, 0, 64, 0], inData: deviceDescriptor)
        controlTransfer([0x80, 6, 0, 2, 0, 0, 9, 0], inData: Array(cfg.prefix(9)))
        controlTransfer([0x80, 6, 0, 2, 0, 0, UInt8(cfg.count & 0xFF), UInt8(cfg.count >> 8)], inData: cfg)
        controlTransfer([0x00, 9, 1, 0, 0, 0, 0, 0], inData: [])
        let r = UInt32(rate)
        controlTransfer([0x21, 1, 0, 1, 0, 1, 4, 0], inData: [],
                        outData: [UInt8(r & 0xFF), UInt8((r >> 8) & 0xFF), UInt8((r >> 16) & 0xFF), UInt8(r >> 24)])
        controlTransfer([0x01, 11, 1, 0, 1, 0, 0, 0], inData: [])
        try w.flush(emit)

        let unitNs = Double(1_000_000_000) / Double(unitsPerSecond)
        let totalPackets = Int(seconds * Double(unitsPerSecond))
        let perURB = max(1, packetsPerURB)
        let urbNs = unitNs * Double(perURB)
        let fbEvery = speed == .high ? 8 : 1            // feedback bInterval: 1 ms
        // Host (OUT) follows the quantised feedback value; the device (IN) its own clock.
        let framesPerUnit = direction == .out ? feedbackHz / Double(unitsPerSecond) : deviceRate / Double(unitsPerSecond)
        var phase = 0.0
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func jitter() -> Int64 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            let span = UInt64(2 * jitterMicroseconds + 1)
            return (Int64((seed >> 33) % span) - Int64(jitterMicroseconds)) * 1000
        }
        let streamStart = t + 1_000_000
        var sizes = [Int](repeating: 0, count: perURB)
        let payload = [UInt8](repeating: 0, count: perURB * maxFramesPerPacket * frameBytes)
        var packet = 0
        var urbIndex = 0
        let dataEP: UInt8 = direction == .out ? 0x01 : 0x82
        let fbRaw = feedbackRaw
        let fbBytes = (0..<feedbackBytes).map { UInt8((fbRaw >> (8 * UInt32($0))) & 0xFF) }
        while packet < totalPackets {
            let n = min(perURB, totalPackets - packet)
            var total = 0
            for i in 0..<n {
                phase += framesPerUnit
                let frames = min(maxFramesPerPacket, Int(phase))
                phase -= Double(frames)
                sizes[i] = frames * frameBytes
                total += sizes[i]
            }
            let start = streamStart + Int64(Double(urbIndex) * urbNs)
            let end = streamStart + Int64(Double(urbIndex + 1) * urbNs)
            urb &+= 0x100
            let inGap = gap.map { g in
                let ts = Double(start - streamStart) / 1e9
                return ts >= g.start && ts < g.start + g.length
            } ?? false
            if inGap {
            } else if direction == .out {
                w.usbmonIso(t: start + jitter(), id: urb, type: "S", ep: dataEP, dev: dev, bus: bus, sizes: sizes[0..<n],
                            statuses: nil, data: payload, dataBytes: total, startFrame: packet)
                w.usbmonIso(t: end + jitter(), id: urb, type: "C", ep: dataEP, dev: dev, bus: bus, sizes: sizes[0..<n],
                            statuses: 0, data: payload, dataBytes: 0, startFrame: packet)
            } else {
                w.usbmonIso(t: start + jitter(), id: urb, type: "S", ep: dataEP, dev: dev, bus: bus,
                            sizes: ArraySlice(repeating: maxFramesPerPacket * frameBytes, count: n),
                            statuses: nil, data: payload, dataBytes: 0, startFrame: packet)
                w.usbmonIso(t: end + jitter(), id: urb, type: "C", ep: dataEP, dev: dev, bus: bus, sizes: sizes[0..<n],
                            statuses: 0, data: payload, dataBytes: total, startFrame: packet)
            }
            if direction == .out {
                // One feedback URB per millisecond.
                let before = packet / fbEvery, after = (packet + n) / fbEvery
                for k in before..<after {
                    urb &+= 0x100
                    let ft = streamStart + Int64(Double(k * fbEvery) * unitNs)
                    w.usbmonIso(t: ft, id: urb, type: "S", ep: 0x81, dev: dev, bus: bus, sizes: [fbBytes.count],
                                statuses: nil, data: fbBytes, dataBytes: 0, startFrame: k * fbEvery)
                    w.usbmonIso(t: ft + Int64(unitNs * Double(fbEvery)) + jitter(), id: urb, type: "C", ep: 0x81, dev: dev, bus: bus,
                                sizes: [fbBytes.count], statuses: 0, data: fbBytes, dataBytes: fbBytes.count, startFrame: k * fbEvery)
                }
            }
            packet += n
            urbIndex += 1
            if w.needsFlush { try w.flush(emit) }
        }
        try w.flush(emit)
        return w.packets
    }

    /// The whole capture in memory (tests; keep it short).
    public func bytes() -> [UInt8] {
        var out: [UInt8] = []
        write { out.append(contentsOf: $0) }
        return out
    }

    /// Writes the capture to `path` (the bench's multi-gigabyte files stream straight to disk).
    @discardableResult
    public func write(toFile path: String) throws -> Int {
        guard let f = fopen(path, "wb") else {
            throw CaptureError(message: "cannot create \(path): \(String(cString: strerror(errno)))", byteOffset: nil, packetNumber: nil)
        }
        defer { fclose(f) }
        return try write { buf in
            if fwrite(buf.baseAddress, 1, buf.count, f) != buf.count {
                throw CaptureError(message: "write error on \(path): \(String(cString: strerror(errno)))", byteOffset: nil, packetNumber: nil)
            }
        }
    }
}

/// Little-endian pcapng assembly for the synthesiser.
struct CaptureSynthWriter {
    private var buf: [UInt8] = []
    private let flushAt: Int
    private(set) var packets = 0

    init(flushAt: Int) {
        self.flushAt = flushAt
        buf.reserveCapacity(flushAt + (1 << 16))
    }

    var needsFlush: Bool { buf.count >= flushAt }

    mutating func flush(_ emit: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        try buf.withUnsafeBytes { try emit($0) }
        buf.removeAll(keepingCapacity: true)
    }

    private mutating func u16(_ v: UInt16) { buf.append(UInt8(v & 0xFF)); buf.append(UInt8(v >> 8)) }
    private mutating func u32(_ v: UInt32) { for k in 0..<4 { buf.append(UInt8((v >> (8 * UInt32(k))) & 0xFF)) } }
    private mutating func u64(_ v: UInt64) { for k in 0..<8 { buf.append(UInt8((v >> (8 * UInt64(k))) & 0xFF)) } }

    mutating func sectionHeader() {
        u32(0x0A0D_0D0A); u32(28); u32(0x1A2B_3C4D); u16(1); u16(0); u64(UInt64.max); u32(28)
    }

    mutating func interfaceDescription(linkType: UInt32) {
        // if_tsresol = 9 (nanoseconds), then end of options.
        u32(1); u32(32); u16(UInt16(linkType)); u16(0); u32(0)
        u16(9); u16(1); buf += [9, 0, 0, 0]
        u16(0); u16(0)
        u32(32)
    }

    private mutating func beginPacket(t: Int64, length: Int) -> Int {
        let padded = (length + 3) & ~3
        let total = 32 + padded
        u32(6); u32(UInt32(total)); u32(0)
        let ts = UInt64(t)
        u32(UInt32(ts >> 32)); u32(UInt32(ts & 0xFFFF_FFFF)); u32(UInt32(length)); u32(UInt32(length))
        packets += 1
        return total
    }

    private mutating func endPacket(length: Int, total: Int) {
        let pad = ((length + 3) & ~3) - length
        for _ in 0..<pad { buf.append(0) }
        u32(UInt32(total))
    }

    private mutating func header(id: UInt64, type: Character, xfer: UInt8, ep: UInt8, dev: UInt8, bus: UInt16,
                                 setup: [UInt8]?, t: Int64, status: Int32, urbLength: Int, capLength: Int,
                                 iso: (errors: Int32, numdesc: Int32)?, startFrame: Int32, ndesc: UInt32) {
        u64(id); buf.append(type.asciiValue!); buf.append(xfer); buf.append(ep); buf.append(dev); u16(bus)
        buf.append(setup == nil ? UInt8(ascii: "-") : 0)
        buf.append(capLength > 0 ? 0 : UInt8(ascii: "<"))
        u64(UInt64(t / 1_000_000_000)); u32(UInt32((t % 1_000_000_000) / 1000)); u32(UInt32(bitPattern: status))
        u32(UInt32(urbLength)); u32(UInt32(capLength))
        if let s = setup { buf += s } else if let i = iso { u32(UInt32(bitPattern: i.errors)); u32(UInt32(bitPattern: i.numdesc)) } else { u64(0) }
        u32(1); u32(UInt32(bitPattern: startFrame)); u32(xfer == 0 ? 2 : 0); u32(ndesc)
    }

    mutating func usbmon(t: Int64, id: UInt64, type: Character, xfer: UInt8, ep: UInt8, dev: UInt8, bus: UInt16,
                         setup: [UInt8]?, status: Int32, urbLength: Int, data: [UInt8]) {
        let length = 64 + data.count
        let total = beginPacket(t: t, length: length)
        header(id: id, type: type, xfer: xfer, ep: ep, dev: dev, bus: bus, setup: setup, t: t, status: status,
               urbLength: urbLength, capLength: data.count, iso: nil, startFrame: 0, ndesc: 0)
        buf += data
        endPacket(length: length, total: total)
    }

    mutating func usbmonIso(t: Int64, id: UInt64, type: Character, ep: UInt8, dev: UInt8, bus: UInt16,
                            sizes: ArraySlice<Int>, statuses: Int32?, data: [UInt8], dataBytes: Int, startFrame: Int) {
        let n = sizes.count
        let length = 64 + 16 * n + dataBytes
        let total = beginPacket(t: t, length: length)
        let urbLength = sizes.reduce(0, +)
        header(id: id, type: type, xfer: 0, ep: ep, dev: dev, bus: bus, setup: nil, t: t,
               status: type == "S" ? -115 : 0, urbLength: urbLength, capLength: 16 * n + dataBytes,
               iso: (0, Int32(n)), startFrame: Int32(truncatingIfNeeded: startFrame), ndesc: UInt32(n))
        var off = 0
        for s in sizes {
            u32(UInt32(bitPattern: statuses ?? -18)); u32(UInt32(off)); u32(UInt32(s)); u32(0)
            off += s
        }
        if dataBytes > 0 {
            if data.count >= dataBytes { buf.append(contentsOf: data[0..<dataBytes]) }
            else { buf += data; buf += [UInt8](repeating: 0, count: dataBytes - data.count) }
        }
        endPacket(length: length, total: total)
    }
}
