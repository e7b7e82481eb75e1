/// A bad structure in a firmware file (ELF, Intel HEX, UF2), with where it is: a byte offset into the
/// file, or a text line for Intel HEX.
public struct FirmwareFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var location: SourceLocation

    public init(_ message: String, offset: Int) {
        self.message = message
        self.location = SourceLocation(offset: offset)
    }

    public init(_ message: String, line: Int) {
        self.message = message
        self.location = SourceLocation(line: line)
    }

    public var description: String { "\(location): \(message)" }
    var diagnostic: Diagnostic { Diagnostic(.error, message, at: location) }
}

/// Reads fixed-width integers out of a file's bytes at absolute offsets. Every read is bounds-checked
/// with overflow-checked arithmetic, so a lying size or offset in a header becomes an error that names
/// the offset instead of a trap. Hand-written: no ELF or binary-parsing library is on the package list.
struct FirmwareByteSpan {
    let bytes: [UInt8]
    let bigEndian: Bool

    init(_ bytes: [UInt8], bigEndian: Bool = false) {
        self.bytes = bytes
        self.bigEndian = bigEndian
    }

    var count: Int { bytes.count }

    /// `offset + length`, or an error naming `what` when it overflows or runs past the end.
    func end(_ offset: Int, _ length: Int, _ what: @autoclosure () -> String) throws -> Int {
        let (e, overflow) = offset.addingReportingOverflow(length)
        guard offset >= 0, length >= 0, !overflow, e <= bytes.count else {
            throw FirmwareFormatError("\(what()) needs bytes \(offset)..<\(overflow ? "overflow" : String(e)) but the file has \(bytes.count)", offset: max(0, min(offset, bytes.count)))
        }
        return e
    }

    func slice(_ offset: Int, _ length: Int, _ what: @autoclosure () -> String) throws -> ArraySlice<UInt8> {
        let e = try end(offset, length, what())
        return bytes[offset..<e]
    }

    func uint(_ offset: Int, width: Int, _ what: @autoclosure () -> String) throws -> UInt64 {
        let e = try end(offset, width, what())
        var v: UInt64 = 0
        if bigEndian {
            for i in offset..<e { v = v << 8 | UInt64(bytes[i]) }
        } else {
            for i in stride(from: e - 1, through: offset, by: -1) { v = v << 8 | UInt64(bytes[i]) }
        }
        return v
    }

    func u8(_ o: Int, _ what: @autoclosure () -> String) throws -> Int { Int(try uint(o, width: 1, what())) }
    func u16(_ o: Int, _ what: @autoclosure () -> String) throws -> Int { Int(try uint(o, width: 2, what())) }
    func u32(_ o: Int, _ what: @autoclosure () -> String) throws -> UInt64 { try uint(o, width: 4, what()) }
    func u64(_ o: Int, _ what: @autoclosure () -> String) throws -> UInt64 { try uint(o, width: 8, what()) }

    /// A file offset or size read from a header, as an Int that indexes this file (or an error).
    func index(_ v: UInt64, at o: Int, _ what: @autoclosure () -> String) throws -> Int {
        guard v <= UInt64(Int.max) else { throw FirmwareFormatError("\(what()) is \(v), beyond any file", offset: o) }
        return Int(v)
    }
}
