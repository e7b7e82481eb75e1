/// A USB device in a capture. Hardware sniffers see no bus number; their devices get bus 0.
public struct CaptureDeviceKey: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var bus: Int
    public var address: Int
    public init(bus: Int, address: Int) { self.bus = bus; self.address = address }
    public var description: String { "\(bus):\(address)" }
    public static func < (a: Self, b: Self) -> Bool { (a.bus, a.address) < (b.bus, b.address) }

    /// Parses "BUS:ADDR" or "ADDR" (any bus).
    public static func parse(_ s: String) -> (bus: Int?, address: Int)? {
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 1, let a = Int(parts[0]) { return (nil, a) }
        if parts.count == 2, let b = Int(parts[0]), let a = Int(parts[1]) { return (b, a) }
        return nil
    }
}

/// The 8-byte SETUP packet of a control transfer (USB 2.0 §9.3).
public struct CaptureSetup: Sendable, Equatable, Codable {
    public var bmRequestType: UInt8
    public var bRequest: UInt8
    public var wValue: UInt16
    public var wIndex: UInt16
    public var wLength: UInt16

    public init(bmRequestType: UInt8, bRequest: UInt8, wValue: UInt16, wIndex: UInt16, wLength: UInt16) {
        self.bmRequestType = bmRequestType; self.bRequest = bRequest
        self.wValue = wValue; self.wIndex = wIndex; self.wLength = wLength
    }

    init(_ p: UnsafeRawPointer) {
        bmRequestType = p.load(as: UInt8.self)
        bRequest = p.load(fromByteOffset: 1, as: UInt8.self)
        wValue = UInt16(littleEndian: p.loadUnaligned(fromByteOffset: 2, as: UInt16.self))
        wIndex = UInt16(littleEndian: p.loadUnaligned(fromByteOffset: 4, as: UInt16.self))
        wLength = UInt16(littleEndian: p.loadUnaligned(fromByteOffset: 6, as: UInt16.self))
    }

    public var isDeviceToHost: Bool { bmRequestType & 0x80 != 0 }
    public var requestKind: UInt8 { (bmRequestType >> 5) & 3 }   // 0 standard, 1 class, 2 vendor
    public var recipient: UInt8 { bmRequestType & 0x1F }         // 0 device, 1 interface, 2 endpoint
}

public enum CaptureTransferStatus: Sendable, Equatable, Codable, CustomStringConvertible {
    case ok
    case stall
    case error(Int32)
    case noCompletion

    public var description: String {
        switch self {
        case .ok: return "ok"
        case .stall: return "STALL"
        case .error(let e): return "error \(e)\(captureErrnoName(e).map { " (\($0))" } ?? "")"
        case .noCompletion: return "no completion in capture"
        }
    }
}

/// Linux errno names that usbmon statuses carry.
func captureErrnoName(_ e: Int32) -> String? {
    guard e != Int32.min else { return nil }
    switch -e {
    case 2: return "ENOENT"
    case 18: return "EXDEV"
    case 32: return "EPIPE"
    case 71: return "EPROTO"
    case 62: return "ETIME"
    case 75: return "EOVERFLOW"
    case 84: return "EILSEQ"
    case 104: return "ECONNRESET"
    case 108: return "ESHUTDOWN"
    case 115: return "EINPROGRESS"
    case 121: return "EREMOTEIO"
    case 63: return "ENOSR"
    case 70: return "ECOMM"
    case 19: return "ENODEV"
    default: return nil
    }
}

/// One reassembled control transfer, whatever the capture format.
public struct CaptureControlTransfer: Sendable {
    public var device: CaptureDeviceKey
    public var setup: CaptureSetup
    /// Data stage bytes (IN response or OUT payload).
    public var data: [UInt8]
    public var status: CaptureTransferStatus
    public var timestampNanoseconds: Int64
    public var packetNumber: Int
}

/// One isochronous (or interrupt, for feedback) packet; `payload` is valid only during the call.
public struct CaptureIsoPacket {
    public var device: CaptureDeviceKey
    public var endpoint: UInt8
    public var timestampNanoseconds: Int64
    public var packetNumber: Int
    /// Bytes actually transferred on the bus (usbmon: iso descriptor length / actual length).
    public var length: Int
    /// usbmon iso descriptor status (0 when OK); 0 for link-layer packets.
    public var status: Int32
    /// Captured bytes of this packet (may be shorter than `length` when the capture cut it).
    public var payload: UnsafeRawBufferPointer
    /// True for the first packet of a URB (usbmon) or for every packet (link layer).
    public var startsTransfer: Bool
    /// Number of packets in the transfer this packet belongs to.
    public var packetsInTransfer: Int
    /// Whether `status` is meaningful (completions) or not (usbmon OUT submissions).
    public var statusKnown: Bool
    /// Bus time in (micro)frames from the sniffer's SOF frame numbers (unwrapped), when known.
    public var busUnit: Int64? = nil
}
