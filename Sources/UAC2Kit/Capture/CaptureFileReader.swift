/// Link types this project decodes (tcpdump.org link-layer header types).
public enum CaptureLinkType {
    public static let usbLinux: UInt32 = 189          // usbmon, 48-byte header
    public static let usbPcap: UInt32 = 249           // Windows USBPcap
    public static let usbLinuxMmapped: UInt32 = 220   // usbmon, 64-byte header
    public static let usb20: UInt32 = 288             // USB 2.0 link-layer packets (hardware sniffers)

    public static func name(_ t: UInt32) -> String {
        switch t {
        case usbLinux: return "LINKTYPE_USB_LINUX"
        case usbLinuxMmapped: return "LINKTYPE_USB_LINUX_MMAPPED"
        case usb20: return "LINKTYPE_USB_2_0"
        case usbPcap: return "LINKTYPE_USBPCAP"
        default: return "link type \(t)"
        }
    }
}

/// One captured packet. `data` points into the reader's buffer and is valid only until the
/// next call to `next()`; copy what must outlive it.
public struct CapturePacketRecord {
    public var number: Int
    public var fileOffset: UInt64
    public var interfaceIndex: Int
    public var linkType: UInt32
    public var timestampNanoseconds: Int64
    public var originalLength: UInt32
    /// Byte order of the section: usbmon headers are in the capturing host's order.
    public var bigEndian: Bool
    public var data: UnsafeRawBufferPointer
}

public enum CaptureFileFormat: String, Sendable, Codable {
    case pcap, pcapng
}

/// Streaming reader for pcap (both byte orders, micro/nanosecond) and pcapng (all standard
/// blocks, per-interface link types and timestamp resolutions).
public final class CaptureFileReader {
    /// No real USB capture holds a packet anywhere near this; larger claims are corruption and
    /// would otherwise make us allocate whatever a damaged length field says.
    public static let maximumBlockLength = 64 << 20

    private let buffer: CaptureReadBuffer
    public let format: CaptureFileFormat
    public private(set) var packetCount = 0
    private var noteLog = CaptureNoteLog()
    public var notes: [CaptureNote] { noteLog.notes }
    public var totalSize: UInt64? { buffer.source.totalSize }
    public var bytesRead: UInt64 { buffer.offset }

    // pcap state
    private var pcapBigEndian = false
    private var pcapNanoseconds = false
    private var pcapLinkType: UInt32 = 0

    // pcapng state
    private struct Interface {
        var linkType: UInt32
        var snapLength: UInt32
        /// Timestamp units: numerator/denominator of nanoseconds per tick.
        var tsMultiplier: Int64   // ns per tick when resolution is coarser than 1 ns
        var tsDivisor: Int64      // ticks per ns when finer
        var tsPowerOfTwo: Int     // >0: ticks are 2^-n s
        var tsOffsetSeconds: Int64
    }
    private var interfaces: [Interface] = []
    private var sectionBigEndian = false

    public convenience init(path: String) throws {
        try self.init(source: CaptureFileSource(path: path))
    }

    public convenience init(source: CaptureByteSource) throws {
        try self.init(source: source, chunk: 1 << 20)
    }

    /// `chunk` is the read size; tests make it tiny so every block straddles refills.
    init(source: CaptureByteSource, chunk: Int) throws {
        buffer = CaptureReadBuffer(source: source, chunk: max(1, chunk))
        guard try buffer.ensure(4) else {
            throw CaptureError(message: "file too short for a pcap or pcapng header (\(buffer.available) bytes)",
                               byteOffset: 0, packetNumber: nil)
        }
        let magicLE = buffer.pointer.loadUnaligned(as: UInt32.self).littleEndian
        switch magicLE {
        case 0xA1B2_C3D4: format = .pcap; pcapBigEndian = false; pcapNanoseconds = false
        case 0xD4C3_B2A1: format = .pcap; pcapBigEndian = true; pcapNanoseconds = false
        case 0xA1B2_3C4D: format = .pcap; pcapBigEndian = false; pcapNanoseconds = true
        case 0x4D3C_B2A1: format = .pcap; pcapBigEndian = true; pcapNanoseconds = true
        case 0x0A0D_0D0A: format = .pcapng
        default:
            throw CaptureError(message: "not a pcap or pcapng file (magic 0x\(String(magicLE, radix: 16)))",
                               byteOffset: 0, packetNumber: nil)
        }
        if format == .pcap {
            guard try buffer.ensure(24) else {
                throw CaptureError(message: "truncated pcap file header (\(buffer.available) of 24 bytes)",
                                   byteOffset: 0, packetNumber: nil)
            }
            pcapLinkType = captureLoad32(buffer.pointer, 20, bigEndian: pcapBigEndian) & 0x03FF_FFFF
            buffer.consume(24)
        }
    }

    /// The link type of a pcap file, or of the first pcapng interface seen so far.
    public var primaryLinkType: UInt32? {
        format == .pcap ? pcapLinkType : interfaces.first?.linkType
    }

    public func next() throws -> CapturePacketRecord? {
        buffer.trimIfOversized()
        return format == .pcap ? try nextPcap() : try nextPcapng()
    }

    private func error(_ message: String, at offset: UInt64) -> CaptureError {
        CaptureError(message: message, byteOffset: offset, packetNumber: packetCount + 1)
    }

    // MARK: pcap

    private func nextPcap() throws -> CapturePacketRecord? {
        let offset = buffer.offset
        guard try buffer.ensure(16) else {
            if buffer.available == 0 { return nil }
            throw error("truncated pcap record header (\(buffer.available) of 16 bytes)", at: offset)
        }
        let p = buffer.pointer
        let be = pcapBigEndian
        let sec = Int64(captureLoad32(p, 0, bigEndian: be))
        let frac = Int64(captureLoad32(p, 4, bigEndian: be))
        let incl = captureLoad32(p, 8, bigEndian: be)
        let orig = captureLoad32(p, 12, bigEndian: be)
        if incl > UInt32(Self.maximumBlockLength) {
            throw error("pcap record claims \(incl) captured bytes (limit \(Self.maximumBlockLength))", at: offset)
        }
        let total = 16 + Int(incl)
        guard try buffer.ensure(total) else {
            throw error("truncated pcap record: claims \(incl) bytes, only \(buffer.available - 16) left in the file", at: offset)
        }
        packetCount += 1
        let ts = sec &* 1_000_000_000 &+ (pcapNanoseconds ? frac : frac &* 1000)
        let rec = CapturePacketRecord(
            number: packetCount, fileOffset: offset, interfaceIndex: 0, linkType: pcapLinkType,
            timestampNanoseconds: ts, originalLength: orig, bigEndian: be,
            data: UnsafeRawBufferPointer(start: buffer.pointer + 16, count: Int(incl)))
        buffer.consume(total)
        return rec
    }

    // MARK: pcapng

    private func nextPcapng() throws -> CapturePacketRecord? {
        while true {
            let offset = buffer.offset
            guard try buffer.ensure(8) else {
                if buffer.available == 0 { return nil }
                throw error("truncated pcapng block header (\(buffer.available) of 8 bytes)", at: offset)
            }
            var p = buffer.pointer
            let rawType = p.loadUnaligned(as: UInt32.self)
            if rawType.littleEndian == 0x0A0D_0D0A {
                // Section header: its byte-order magic decides how to read everything after it.
                guard try buffer.ensure(12) else {
                    throw error("truncated pcapng section header", at: offset)
                }
                p = buffer.pointer
                let bom = p.loadUnaligned(fromByteOffset: 8, as: UInt32.self).littleEndian
                if bom == 0x1A2B_3C4D { sectionBigEndian = false }
                else if bom == 0x4D3C_2B1A { sectionBigEndian = true }
                else { throw error("pcapng section header with bad byte-order magic 0x\(String(bom, radix: 16))", at: offset) }
                interfaces.removeAll()
            }
            let be = sectionBigEndian
            let type = captureLoad32(p, 0, bigEndian: be)
            let length = captureLoad32(p, 4, bigEndian: be)
            if length < 12 || length % 4 != 0 {
                throw error("pcapng block type 0x\(String(type, radix: 16)) has invalid length \(length)", at: offset)
            }
            if length > UInt32(Self.maximumBlockLength) {
                throw error("pcapng block type 0x\(String(type, radix: 16)) claims length \(length) (limit \(Self.maximumBlockLength))", at: offset)
            }
            let total = Int(length)
            guard try buffer.ensure(total) else {
                throw error("truncated pcapng block type 0x\(String(type, radix: 16)): claims \(length) bytes, only \(buffer.available) left in the file", at: offset)
            }
            p = buffer.pointer
            let trailer = captureLoad32(p, total - 4, bigEndian: be)
            if trailer != length {
                throw error("pcapng block type 0x\(String(type, radix: 16)): trailing length \(trailer) differs from leading length \(length)", at: offset)
            }
            let body = UnsafeRawBufferPointer(start: p + 8, count: total - 12)
            switch type {
            case 0x0A0D_0D0A:
                buffer.consume(total)
            case 0x0000_0001:
                try readInterface(body, at: offset)
                buffer.consume(total)
            case 0x0000_0006, 0x0000_0002:
                if let rec = try packetBlock(type: type, body, at: offset) {
                    buffer.consume(total)
                    return rec
                }
                buffer.consume(total)
            case 0x0000_0003:
                if let rec = try simplePacket(body, at: offset) {
                    buffer.consume(total)
                    return rec
                }
                buffer.consume(total)
            case 0x0000_0004:
                noteLog.add(key: "nrb", "name resolution block skipped", byteOffset: offset, packetNumber: nil)
                buffer.consume(total)
            case 0x0000_0005:
                noteLog.add(key: "isb", "interface statistics block skipped", byteOffset: offset, packetNumber: nil)
                buffer.consume(total)
            case 0x0000_0BAD, 0x4000_0BAD:
                noteLog.add(key: "custom", "custom block skipped", byteOffset: offset, packetNumber: nil)
                buffer.consume(total)
            default:
                noteLog.add(key: "block \(type)", "unknown pcapng block type 0x\(String(type, radix: 16)) skipped",
                            byteOffset: offset, packetNumber: nil)
                buffer.consume(total)
            }
        }
    }

    private func readInterface(_ body: UnsafeRawBufferPointer, at offset: UInt64) throws {
        guard body.count >= 8, let b = body.baseAddress else {
            throw error("interface description block too short (\(body.count) body bytes)", at: offset)
        }
        let be = sectionBigEndian
        var iface = Interface(linkType: UInt32(captureLoad16(b, 0, bigEndian: be)),
                              snapLength: captureLoad32(b, 4, bigEndian: be),
                              tsMultiplier: 1000, tsDivisor: 1, tsPowerOfTwo: 0, tsOffsetSeconds: 0)
        // Options: code(2) length(2) value padded to 4.
        var o = 8
        while o + 4 <= body.count {
            let code = captureLoad16(b, o, bigEndian: be)
            let len = Int(captureLoad16(b, o + 2, bigEndian: be))
            if code == 0 { break }
            if o + 4 + len > body.count {
                noteLog.add(key: "idb-opt", "interface option \(code) runs past its block; rest of the options ignored",
                            byteOffset: offset, packetNumber: nil)
                break
            }
            if code == 9 && len >= 1 {
                let v = b.load(fromByteOffset: o + 4, as: UInt8.self)
                if v & 0x80 != 0 {
                    let n = Int(v & 0x7F)
                    if n > 62 {
                        noteLog.add(key: "tsresol", "if_tsresol 2^-\(n) not supported; microseconds assumed",
                                    byteOffset: offset, packetNumber: nil)
                    } else {
                        iface.tsPowerOfTwo = n
                    }
                } else {
                    let n = Int(v)
                    if n <= 9 {
                        var m: Int64 = 1
                        for _ in 0..<(9 - n) { m *= 10 }
                        iface.tsMultiplier = m; iface.tsDivisor = 1
                    } else if n <= 18 {
                        var d: Int64 = 1
                        for _ in 0..<(n - 9) { d *= 10 }
                        iface.tsMultiplier = 1; iface.tsDivisor = d
                    } else {
                        noteLog.add(key: "tsresol", "if_tsresol 10^-\(n) not supported; microseconds assumed",
                                    byteOffset: offset, packetNumber: nil)
                    }
                }
            } else if code == 14 && len >= 8 {
                iface.tsOffsetSeconds = Int64(bitPattern: captureLoad64(b, o + 4, bigEndian: be))
            }
            o += 4 + ((len + 3) & ~3)
        }
        interfaces.append(iface)
    }

    private func nanoseconds(_ ticks: UInt64, _ iface: Interface) -> Int64 {
        var ns: Int64
        if iface.tsPowerOfTwo > 0 {
            let n = iface.tsPowerOfTwo
            let whole = ticks >> UInt64(n)
            let frac = ticks & ((1 << UInt64(n)) - 1)
            let fracNs = n <= 32 ? (frac &* 1_000_000_000) >> UInt64(n)
                                 : UInt64(Double(frac) / Double(sign: .plus, exponent: n, significand: 1) * 1e9)
            ns = Int64(bitPattern: whole &* 1_000_000_000 &+ fracNs)
        } else if iface.tsDivisor > 1 {
            ns = Int64(bitPattern: ticks / UInt64(iface.tsDivisor))
        } else {
            ns = Int64(bitPattern: ticks) &* iface.tsMultiplier
        }
        return ns &+ iface.tsOffsetSeconds &* 1_000_000_000
    }

    private func packetBlock(type: UInt32, _ body: UnsafeRawBufferPointer, at offset: UInt64) throws -> CapturePacketRecord? {
        let be = sectionBigEndian
        guard body.count >= 20, let b = body.baseAddress else {
            throw error("packet block too short (\(body.count) body bytes)", at: offset)
        }
        let ifIndex: Int
        if type == 6 { ifIndex = Int(captureLoad32(b, 0, bigEndian: be)) }
        else { ifIndex = Int(captureLoad16(b, 0, bigEndian: be)) }
        let tsHigh = UInt64(captureLoad32(b, 4, bigEndian: be))
        let tsLow = UInt64(captureLoad32(b, 8, bigEndian: be))
        let capLen = captureLoad32(b, 12, bigEndian: be)
        let origLen = captureLoad32(b, 16, bigEndian: be)
        packetCount += 1
        if Int(capLen) > body.count - 20 {
            throw CaptureError(message: "packet block claims \(capLen) captured bytes but the block holds \(body.count - 20)",
                               byteOffset: offset, packetNumber: packetCount)
        }
        guard ifIndex < interfaces.count else {
            noteLog.add(key: "noiface", "packet refers to interface \(ifIndex) that has no description block; skipped",
                        byteOffset: offset, packetNumber: packetCount)
            return nil
        }
        let iface = interfaces[ifIndex]
        return CapturePacketRecord(
            number: packetCount, fileOffset: offset, interfaceIndex: ifIndex, linkType: iface.linkType,
            timestampNanoseconds: nanoseconds(tsHigh << 32 | tsLow, iface), originalLength: origLen, bigEndian: be,
            data: UnsafeRawBufferPointer(start: b + 20, count: Int(capLen)))
    }

    private func simplePacket(_ body: UnsafeRawBufferPointer, at offset: UInt64) throws -> CapturePacketRecord? {
        let be = sectionBigEndian
        guard body.count >= 4, let b = body.baseAddress else {
            throw error("simple packet block too short", at: offset)
        }
        packetCount += 1
        guard let iface = interfaces.first else {
            noteLog.add(key: "noiface", "simple packet block before any interface description block; skipped",
                        byteOffset: offset, packetNumber: packetCount)
            return nil
        }
        let origLen = captureLoad32(b, 0, bigEndian: be)
        var capLen = min(Int(origLen), body.count - 4)
        if iface.snapLength > 0 { capLen = min(capLen, Int(iface.snapLength)) }
        noteLog.add(key: "spb", "simple packet blocks carry no timestamp; their packets are given time 0",
                    byteOffset: offset, packetNumber: packetCount)
        return CapturePacketRecord(
            number: packetCount, fileOffset: offset, interfaceIndex: 0, linkType: iface.linkType,
            timestampNanoseconds: 0, originalLength: origLen, bigEndian: be,
            data: UnsafeRawBufferPointer(start: b + 4, count: capLen))
    }
}
