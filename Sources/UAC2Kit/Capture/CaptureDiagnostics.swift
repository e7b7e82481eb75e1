/// A fatal problem in a capture: reading stops here, everything read before is kept.
public struct CaptureError: Error, CustomStringConvertible, Sendable, Equatable, Codable {
    public var message: String
    /// Byte offset in the file of the record or block at fault.
    public var byteOffset: UInt64?
    /// 1-based number of the packet being read (the next packet when the fault is between packets).
    public var packetNumber: Int?

    public init(message: String, byteOffset: UInt64?, packetNumber: Int?) {
        self.message = message
        self.byteOffset = byteOffset
        self.packetNumber = packetNumber
    }

    public var description: String {
        var where_: [String] = []
        if let o = byteOffset { where_.append("byte offset \(o)") }
        if let p = packetNumber { where_.append("packet \(p)") }
        return where_.isEmpty ? message : "\(message) (at \(where_.joined(separator: ", ")))"
    }
}

/// Something skipped or doubtful that does not stop reading.
public struct CaptureNote: Sendable, Equatable, Codable, CustomStringConvertible {
    public var message: String
    public var byteOffset: UInt64?
    public var packetNumber: Int?
    /// How many times the same note came up (repeats are folded into the first one).
    public var count: Int

    public init(message: String, byteOffset: UInt64?, packetNumber: Int?, count: Int = 1) {
        self.message = message
        self.byteOffset = byteOffset
        self.packetNumber = packetNumber
        self.count = count
    }

    public var description: String {
        var where_: [String] = []
        if let o = byteOffset { where_.append("byte offset \(o)") }
        if let p = packetNumber { where_.append("packet \(p)") }
        var s = message
        if !where_.isEmpty { s += " (first at \(where_.joined(separator: ", ")))" }
        if count > 1 { s += " [\(count) times]" }
        return s
    }
}

/// Collects notes, folding repeats by a key so a million identical problems cost one entry.
struct CaptureNoteLog {
    private(set) var notes: [CaptureNote] = []
    private var indexByKey: [String: Int] = [:]

    mutating func add(key: String, _ message: @autoclosure () -> String, byteOffset: UInt64?, packetNumber: Int?) {
        if let i = indexByKey[key] {
            notes[i].count += 1
            return
        }
        indexByKey[key] = notes.count
        notes.append(CaptureNote(message: message(), byteOffset: byteOffset, packetNumber: packetNumber))
    }
}

@inline(__always)
func captureLoad16(_ p: UnsafeRawPointer, _ offset: Int, bigEndian: Bool) -> UInt16 {
    let v = p.loadUnaligned(fromByteOffset: offset, as: UInt16.self)
    return bigEndian ? UInt16(bigEndian: v) : UInt16(littleEndian: v)
}

@inline(__always)
func captureLoad32(_ p: UnsafeRawPointer, _ offset: Int, bigEndian: Bool) -> UInt32 {
    let v = p.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
    return bigEndian ? UInt32(bigEndian: v) : UInt32(littleEndian: v)
}

@inline(__always)
func captureLoad64(_ p: UnsafeRawPointer, _ offset: Int, bigEndian: Bool) -> UInt64 {
    let v = p.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
    return bigEndian ? UInt64(bigEndian: v) : UInt64(littleEndian: v)
}
