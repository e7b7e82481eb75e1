/// The encoding of a text input. Windows tools save UTF-16 (Notepad's "Unicode", PowerShell 5's
/// `>` redirection), so a USBTreeView report or an lsusb paste can arrive as UTF-16 with or without a
/// byte order mark; read as UTF-8 it looks like binary, every other byte 0.
public enum TextEncoding: String, Sendable, Equatable {
    case utf8 = "UTF-8"
    case utf16LE = "UTF-16LE"
    case utf16BE = "UTF-16BE"
    case utf32LE = "UTF-32LE"
    case utf32BE = "UTF-32BE"

    /// From a byte order mark, else from the pattern of zero bytes that ASCII text has in UTF-16 or
    /// UTF-32 (descriptor blobs have zeros too, but not at every second or fourth byte with printable
    /// bytes between).
    public static func detect(_ bytes: [UInt8]) -> TextEncoding {
        let b = bytes.prefix(4096)
        if b.starts(with: [0xFF, 0xFE, 0, 0]) { return .utf32LE }
        if b.starts(with: [0, 0, 0xFE, 0xFF]) { return .utf32BE }
        if b.starts(with: [0xFF, 0xFE]) { return .utf16LE }
        if b.starts(with: [0xFE, 0xFF]) { return .utf16BE }
        guard b.count >= 16 else { return .utf8 }
        // Text lanes hold the low bytes of characters: ASCII, or Latin-1 such as the no-break spaces
        // some tools indent with (U+00A0); control bytes other than tab and line ends do not count.
        func text(_ x: UInt8) -> Bool { x >= 0x20 && x != 0x7F || x == 0x09 || x == 0x0A || x == 0x0D }
        var lanes = [[Int]](repeating: [0, 0], count: 4)   // per byte position mod 4: zeros, text bytes
        for (i, x) in b.enumerated() {
            if x == 0 { lanes[i & 3][0] += 1 } else if text(x) { lanes[i & 3][1] += 1 }
        }
        let quarter = b.count / 4
        func zero(_ lane: Int) -> Bool { lanes[lane][0] * 100 >= quarter * 95 }
        func chars(_ lane: Int) -> Bool { lanes[lane][1] * 100 >= quarter * 95 }
        if chars(0) && zero(1) && zero(2) && zero(3) { return .utf32LE }
        if zero(0) && zero(1) && zero(2) && chars(3) { return .utf32BE }
        if chars(0) && chars(2) && zero(1) && zero(3) { return .utf16LE }
        if zero(0) && zero(2) && chars(1) && chars(3) { return .utf16BE }
        return .utf8
    }

    /// The text as UTF-8 bytes (without the byte order mark); invalid sequences become U+FFFD.
    public func utf8(_ bytes: [UInt8]) -> [UInt8] {
        var scalars = String.UnicodeScalarView()
        switch self {
        case .utf8: return bytes
        case .utf16LE, .utf16BE:
            let big = self == .utf16BE
            var units: [UInt16] = []
            units.reserveCapacity(bytes.count / 2)
            var i = 0
            while i + 1 < bytes.count {
                units.append(big ? UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]) : UInt16(bytes[i + 1]) << 8 | UInt16(bytes[i]))
                i += 2
            }
            if units.first == 0xFEFF { units.removeFirst() }
            return Array(String(decoding: units, as: UTF16.self).utf8)
        case .utf32LE, .utf32BE:
            let big = self == .utf32BE
            var i = 0
            while i + 3 < bytes.count {
                let q = (0..<4).map { UInt32(bytes[i + (big ? $0 : 3 - $0)]) }
                let v = q[0] << 24 | q[1] << 16 | q[2] << 8 | q[3]
                if !(i == 0 && v == 0xFEFF) { scalars.append(Unicode.Scalar(v) ?? "\u{FFFD}") }
                i += 4
            }
            return Array(String(scalars).utf8)
        }
    }
}
