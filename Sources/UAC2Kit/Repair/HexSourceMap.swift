import Foundation

/// Where each byte of a hex or C-array text is written: the UTF-8 range of its literal, found by the
/// same rules as HexTextReader.extract (comments skipped, literals between braces, or hex pairs per
/// line). This lets `fix` edit the text in place, keeping its layout and comments.
enum HexSourceMap {
    struct Map {
        /// UTF-8 range of each byte's literal (a hex pair inside a longer group for xxd lines).
        var ranges: [Range<Int>]
        var isCArray: Bool
    }

    /// The byte ranges, or nil when they do not reproduce exactly the bytes the reader extracted.
    static func scan(_ text: String) -> Map? {
        let extracted = HexTextReader.extract(text)
        let isC = HexTextReader.stripComments(text).contains("{")
        let ranges = isC ? cArray(Array(text.utf8)) : lineWise(text)
        guard ranges.count == extracted.bytes.count else { return nil }
        let utf8 = Array(text.utf8)
        for (r, b) in zip(ranges, extracted.bytes) {
            let token = String(decoding: utf8[r], as: UTF8.self)
            let value = isC ? HexTextReader.parseCLiteral(token) : (token.hasPrefix("0x") || token.hasPrefix("0X")
                ? UInt64(token.dropFirst(2), radix: 16) : UInt64(token, radix: 16))
            guard value == UInt64(b) else { return nil }
        }
        return Map(ranges: ranges, isCArray: isC)
    }

    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A || c == 0x0B || c == 0x0C }

    /// Literal ranges of C initializers: what follows `{`, separated by `,`, outside comments.
    static func cArray(_ u: [UInt8]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var depth = 0, i = 0
        var start: Int?, end = 0
        var inBlock = false, inLine = false
        func flush() {
            if depth > 0, let s = start { out.append(s..<end) }
            start = nil
        }
        while i < u.count {
            let c = u[i], next: UInt8? = i + 1 < u.count ? u[i + 1] : nil
            if inBlock {
                if c == UInt8(ascii: "*") && next == UInt8(ascii: "/") { inBlock = false; i += 2; continue }
                i += 1; continue
            }
            if inLine {
                if c == 0x0A { inLine = false }
                i += 1; continue
            }
            if c == UInt8(ascii: "/") && next == UInt8(ascii: "*") { inBlock = true; i += 2; continue }
            if c == UInt8(ascii: "/") && next == UInt8(ascii: "/") { inLine = true; i += 2; continue }
            switch c {
            case UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: "}"): flush(); depth = max(0, depth - 1)
            case UInt8(ascii: ","): flush()
            default:
                if depth > 0 && !isSpace(c) {
                    if start == nil { start = i }
                    end = i + 1
                }
            }
            i += 1
        }
        if depth > 0 { flush() }
        return out
    }

    /// Hex pairs per line, as HexTextReader.lineWise reads them (offset and ASCII columns skipped).
    /// The reader strips comments first (a comment's newlines stay), so the scan runs on the same
    /// stripped text and maps each position back to the original through `origin`.
    static func lineWise(_ text: String) -> [Range<Int>] {
        let u = Array(text.utf8)
        var cleanBytes: [UInt8] = []
        var origin: [Int] = []
        cleanBytes.reserveCapacity(u.count)
        var comments = cArrayCommentRanges(u)[...]
        var i = 0
        while i < u.count {
            if let c = comments.first, c.lowerBound == i {
                for k in c where u[k] == 0x0A { cleanBytes.append(0x0A); origin.append(k) }
                i = c.upperBound
                comments = comments.dropFirst()
                continue
            }
            cleanBytes.append(u[i]); origin.append(i); i += 1
        }
        origin.append(u.count)
        let clean = String(decoding: cleanBytes, as: UTF8.self)
        guard clean.utf8.count == cleanBytes.count else { return [] }
        var out: [Range<Int>] = []
        func range(_ a: String.Index, _ b: String.Index) -> Range<Int> {
            let lo = clean.utf8.distance(from: clean.utf8.startIndex, to: a), hi = clean.utf8.distance(from: clean.utf8.startIndex, to: b)
            return origin[lo]..<(origin[hi - 1] + 1)
        }
        var sawHexdumpOffsets = false
        for rawLine in TextLines(clean) {
            var line = Substring(rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine)
            if let bar = line.firstIndex(of: "|") { line = line[..<bar] }
            if let colon = line.firstIndex(of: ":"), HexTextReader.isOffset(line[..<colon]) {
                line = line[line.index(after: colon)...]
                if let gap = line.dropFirst().range(of: "  ") { line = line[..<gap.lowerBound] }
            } else if let first = line.split(separator: " ", maxSplits: 1).first, first.count >= 7,
                      HexTextReader.isOffset(first), line.contains("  ") {
                line = line.dropFirst(first.count)
                sawHexdumpOffsets = true
            } else if sawHexdumpOffsets, line.trimmingCharacters(in: .whitespaces).count >= 7,
                      HexTextReader.isOffset(line) {
                continue
            }
            for tok in line.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" || $0 == ";" }) {
                if tok.hasPrefix("0x") || tok.hasPrefix("0X") {
                    out.append(range(tok.startIndex, tok.endIndex))
                    continue
                }
                var t = tok
                if t.hasSuffix("h") || t.hasSuffix("H") { t = t.dropLast() }
                guard t.count % 2 == 0, t.allSatisfy(\.isHexDigit) else { return out }
                var i = t.startIndex
                while i < t.endIndex {
                    let j = t.index(i, offsetBy: 2)
                    out.append(range(i, j))
                    i = j
                }
            }
        }
        return out
    }

    /// Byte ranges of `//` and `/* */` comments.
    static func cArrayCommentRanges(_ u: [UInt8]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var i = 0
        while i + 1 < u.count {
            if u[i] == UInt8(ascii: "/") && u[i + 1] == UInt8(ascii: "*") {
                var j = i + 2
                while j + 1 < u.count && !(u[j] == UInt8(ascii: "*") && u[j + 1] == UInt8(ascii: "/")) { j += 1 }
                let end = min(u.count, j + 2)
                out.append(i..<end); i = end; continue
            }
            if u[i] == UInt8(ascii: "/") && u[i + 1] == UInt8(ascii: "/") {
                var j = i
                while j < u.count && u[j] != 0x0A { j += 1 }
                out.append(i..<j); i = j; continue
            }
            i += 1
        }
        return out
    }
}
