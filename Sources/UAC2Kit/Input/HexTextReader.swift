import Foundation

/// Hex text as firmware developers paste it: xxd / hexdump -C output, `0x12, 0x01, ...` lists, bare hex,
/// and C array initializers copied from firmware source (comments stripped; literals only, no macros).
public enum HexTextReader {
    public static func read(_ bytes: [UInt8], name: String) -> DecodedInput {
        let extracted = extract(bytes: bytes)
        var builder = ModelBuilder()
        for d in extracted.diagnostics { builder.note(d) }
        // Only a warning (an unclosed `{` with nothing inside) must not pass for a successful read.
        if extracted.bytes.isEmpty && !extracted.diagnostics.contains(where: { $0.severity == .error }) {
            builder.note(Diagnostic(.error, "no hex bytes found in the input", at: SourceLocation(line: 1)))
        }
        let lines = extracted.lines
        RawDescriptorReader.feed(extracted.bytes, into: &builder, lineOf: { lines.line(of: $0) })
        return DecodedInput(name: name, format: .hex, devices: builder.devices, diagnostics: builder.diagnostics)
    }

    public struct Extracted: Sendable {
        public var bytes: [UInt8] = []
        /// Text line (1-based) each byte came from.
        public var lines = ByteLineMap()
        public var diagnostics: [Diagnostic] = []
    }

    /// The same as `extract(String)`, read from the bytes: ASCII text (every hex dump, list and paste
    /// seen) that is a dump or line-wise hex is read byte by byte, without building a String; C arrays,
    /// scripts and non-ASCII text take the String path. Working on Strings and Substrings cost about
    /// 1,900 instructions per byte (a 100 MB hex line: 28 s of CPU unoptimised, 8 s optimised).
    public static func extract(bytes: [UInt8]) -> Extracted {
        let fast: Extracted? = bytes.withUnsafeBufferPointer { b in
            guard isASCII(b) else { return nil }
            if looksLikeDump(b) { return lineWise(b) }
            if hasScriptMarker(b) { return nil }
            guard b.contains(0x2F) else { return b.contains(0x7B) ? nil : lineWise(b) }
            let clean = stripComments(b)
            return clean.withUnsafeBufferPointer { c in c.contains(0x7B) ? cArray(String(decoding: c, as: UTF8.self)) : lineWise(c) }
        }
        return fast ?? extract(String(decoding: bytes, as: UTF8.self))
    }

    public static func extract(_ text: String) -> Extracted {
        // A dump's character column may hold `{`, `//` or `/*` (bytes 0x7B, 0x2F 0x2F): recognise the
        // dump before reading the text as C, which stopped at the first brace in the column.
        if looksLikeDump(text) { return lineWise(text) }
        if let script = ScriptByteArrays.language(of: text) { return ScriptByteArrays.extract(text, script) }
        let clean = stripComments(text)
        return clean.contains("{") ? cArray(clean) : lineWise(clean)
    }

    /// The first non-blank lines are xxd (`00000010: 0902 ...`) or hexdump -C (`00000010  09 02 ...`) lines.
    static func looksLikeDump(_ text: String) -> Bool {
        var checked = 0
        for raw in TextLines(text) {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : Substring(raw)
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let head = line.prefix { $0.isHexDigit }
            guard head.count >= 7 else { return false }
            let rest = line.dropFirst(head.count)
            guard rest.hasPrefix(": ") || rest.hasPrefix("  ") else { return false }
            // The next thing is hex, not a word that starts with hex letters.
            guard let first = rest.drop(while: { $0 == ":" || $0 == " " }).first, first.isHexDigit else { return false }
            checked += 1
            if checked == 3 { break }
        }
        return checked > 0
    }

    /// Removes // and /* */ comments, keeping newlines so that line numbers stay right.
    static func stripComments(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        // One scalar of look-ahead over the view itself: copying the scalars into an array first
        // cost four bytes per input byte (400 MB for a 100 MB paste).
        var it = text.unicodeScalars.makeIterator()
        var next = it.next()
        var inBlock = false, inLine = false
        while let c = next {
            next = it.next()
            if inBlock {
                if c == "*" && next == "/" { inBlock = false; next = it.next(); continue }
                if c == "\n" { out.unicodeScalars.append(c) }
                continue
            }
            if inLine {
                if c == "\n" { inLine = false; out.unicodeScalars.append(c) }
                continue
            }
            if c == "/" && next == "*" { inBlock = true; next = it.next(); continue }
            if c == "/" && next == "/" { inLine = true; next = it.next(); continue }
            out.unicodeScalars.append(c)
        }
        return out
    }

    /// C initializers: every literal between braces, in order; several arrays are concatenated.
    static func cArray(_ text: String) -> Extracted {
        var r = Extracted()
        var depth = 0
        var token = ""
        // Whether the token holds more than whitespace, kept as we go: trimming the token at every
        // character made a long stretch without commas quadratic (13 KB took 15 s; found by fuzzing).
        var tokenStarted = false
        var tokenLine = 1
        var line = 1
        func flush() -> Bool {
            defer { token = ""; tokenStarted = false }
            guard depth > 0, tokenStarted else { return true }
            let t = token.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { return true }
            let shown = t.count > 40 ? String(t.prefix(40)) + "…" : t
            if t.hasPrefix("#") {
                let directive = t.prefix { !$0.isWhitespace }
                r.diagnostics.append(Diagnostic(.error, "`\(directive)` inside the array: which bytes are in it depends on the preprocessor, and uac2 reads literal bytes only. Compile the source instead: uac2 check FILE --cc 'cc -I<include folders> -D<defines>'. Stopped here after \(r.bytes.count) bytes", at: SourceLocation(line: tokenLine)))
                return false
            }
            guard let v = parseCLiteral(t) else {
                r.diagnostics.append(Diagnostic(.error, "`\(shown)` is not a numeric literal; uac2 reads literal bytes only (for macros, sizeof or struct initializers, compile the source: --cc 'cc -I<include folders> -D<defines>'). Stopped here after \(r.bytes.count) bytes", at: SourceLocation(line: tokenLine)))
                return false
            }
            guard v <= 0xFF else {
                r.diagnostics.append(Diagnostic(.error, "`\(shown)` = \(v) does not fit in one byte; write 16-bit fields as two bytes, low byte first. Stopped here after \(r.bytes.count) bytes", at: SourceLocation(line: tokenLine)))
                return false
            }
            r.bytes.append(UInt8(v))
            r.lines.append(tokenLine)
            return true
        }
        for ch in text {
            switch ch {
            case "{":
                depth += 1
            case "}":
                if !flush() { return r }
                depth = max(0, depth - 1)
            case ",":
                if !flush() { return r }
            case "\n", "\r\n":
                // A `#if` line inside the array is reported on its own line, not glued to the next literal.
                if depth > 0 && tokenStarted && token.trimmingCharacters(in: .whitespaces).hasPrefix("#") {
                    if !flush() { return r }
                }
                if depth > 0 && tokenStarted { token.append(" ") }
                line += 1
            case "#" where depth == 0:
                // A preprocessor line before the array (`#include`): it used to leave a `#` in the
                // token, so the first literal read as `# 0x12` and the whole file failed.
                break
            default:
                if depth > 0 {
                    if !tokenStarted && !ch.unicodeScalars.allSatisfy({ CharacterSet.whitespaces.contains($0) }) {
                        tokenStarted = true
                        tokenLine = line
                    }
                    token.append(ch)
                }
            }
        }
        if depth > 0 {
            if !flush() { return r }
            r.diagnostics.append(Diagnostic(.warning, "the array's closing brace is missing; read up to the end of the text", at: SourceLocation(line: line)))
        }
        return r
    }

    /// 0x1F, 31, 037, 0b11111 with optional u/U/l/L suffixes, or a 'c' character literal.
    static func parseCLiteral(_ t: String) -> UInt64? {
        var s = Substring(t)
        if s.hasPrefix("(uint8_t)") { s = s.dropFirst(9) }
        if s.count == 3, s.first == "'", s.last == "'" { return s.dropFirst().first?.asciiValue.map(UInt64.init) }
        while let last = s.last, "uUlL".contains(last) { s = s.dropLast() }
        if s.hasPrefix("0x") || s.hasPrefix("0X") { return UInt64(s.dropFirst(2), radix: 16) }
        if s.hasPrefix("0b") || s.hasPrefix("0B") { return UInt64(s.dropFirst(2), radix: 2) }
        if s.count > 1, s.hasPrefix("0") { return UInt64(s.dropFirst(), radix: 8) }
        return UInt64(s)
    }

    /// xxd, hexdump -C, plain hex pairs, `0x..` lists: one line at a time, offset and ASCII columns removed.
    static func lineWise(_ text: String) -> Extracted {
        var r = Extracted()
        var lineNo = 0
        var sawHexdumpOffsets = false
        for rawLine in TextLines(text) {
            lineNo += 1
            var line = Substring(rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine)
            if let bar = line.firstIndex(of: "|") { line = line[..<bar] }   // hexdump -C ASCII column
            if let colon = line.firstIndex(of: ":"), isOffset(line[..<colon]) {
                // xxd: "00000010: 0902 6400 0201 0080 32...  ..d.....2". The ASCII column follows two spaces.
                line = line[line.index(after: colon)...]
                if let gap = line.dropFirst().range(of: "  ") { line = line[..<gap.lowerBound] }
            } else if let first = line.split(separator: " ", maxSplits: 1).first, first.count >= 7,
                      isOffset(first), line.contains("  ") {
                // hexdump -C: "00000000  12 01 00 02 ..."
                line = line.dropFirst(first.count)
                sawHexdumpOffsets = true
            } else if sawHexdumpOffsets, line.trimmingCharacters(in: .whitespaces).count >= 7,
                      isOffset(line) {
                // hexdump -C ends with a line holding only the total length ("000001bc"), not bytes.
                continue
            }
            // Tokens one at a time: splitting the line into an array first held 16 bytes per token
            // (a 100 MB line of `00 ` pairs: over 500 MB).
            // Separators are ASCII, so UTF-8 positions are valid string boundaries; walking bytes
            // instead of Characters spares grapheme breaking on every byte of a long line.
            let u = line.utf8
            var pos = u.startIndex
            while true {
                while pos < u.endIndex, isSeparator(u[pos]) { pos = u.index(after: pos) }
                guard pos < u.endIndex else { break }
                var tokEnd = pos
                while tokEnd < u.endIndex, !isSeparator(u[tokEnd]) { tokEnd = u.index(after: tokEnd) }
                let tok = line[pos..<tokEnd]
                pos = tokEnd
                if appendHexPairs(tok.utf8, line: lineNo, to: &r) { continue }
                if !token(tok, line: lineNo, to: &r) { return r }
            }
        }
        return r
    }

    /// A token other than an even run of hex digits: `0x12`, `12h`, or an error (false: stop reading).
    static func token(_ tok: Substring, line lineNo: Int, to r: inout Extracted) -> Bool {
        var t = Substring(tok)
        if t.hasPrefix("0x") || t.hasPrefix("0X") {
            t = t.dropFirst(2)
            guard let v = UInt64(t, radix: 16), v <= 0xFF else {
                r.diagnostics.append(Diagnostic(.error, "`\(tok)` is not a byte (0x00..0xFF). Stopped here after \(r.bytes.count) bytes", at: SourceLocation(line: lineNo)))
                return false
            }
            r.bytes.append(UInt8(v))
            r.lines.append(lineNo)
            return true
        }
        if t.hasSuffix("h") || t.hasSuffix("H") { t = t.dropLast() }
        guard t.count % 2 == 0, t.allSatisfy(\.isHexDigit) else {
            let shown = tok.count > 40 ? String(tok.prefix(40)) + "…" : String(tok)
            r.diagnostics.append(Diagnostic(.error, "`\(shown)` is not hex; expected bytes like `12 01`, `0x12, 0x01` or a C array. Stopped here after \(r.bytes.count) bytes", at: SourceLocation(line: lineNo)))
            return false
        }
        var i = t.startIndex
        while i < t.endIndex {
            let j = t.index(i, offsetBy: 2)
            r.bytes.append(UInt8(t[i..<j], radix: 16)!)
            r.lines.append(lineNo)
            i = j
        }
        return true
    }

    // MARK: The same readers over ASCII bytes (extract(bytes:)); each mirrors its String version above.

    static func isASCII(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var any: UInt8 = 0
        for c in b { any |= c }
        return any < 0x80
    }

    static func isHex(_ c: UInt8) -> Bool { nibble(c) != nil }

    static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x37
        case 0x61...0x66: return c - 0x57
        default: return nil
        }
    }

    static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }

    /// Line `[start, end)` of each "\n"-separated line, a final "\r" dropped.
    static func forEachLine(_ b: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) -> Bool) {
        var start = 0
        while start <= b.count {
            var end = start
            while end < b.count, b[end] != 0x0A { end += 1 }
            let next = end + 1
            if end > start, b[end - 1] == 0x0D { end -= 1 }
            if !body(start, end) { return }
            if next > b.count { return }
            start = next
        }
    }

    static func looksLikeDump(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var checked = 0
        var verdict: Bool?
        forEachLine(b) { s, e in
            var i = s
            while i < e, isBlank(b[i]) { i += 1 }
            if i == e { return true }
            var h = s
            while h < e, isHex(b[h]) { h += 1 }
            guard h - s >= 7, h + 1 < e, (b[h] == 0x3A || b[h] == 0x20), b[h + 1] == 0x20 else { verdict = false; return false }
            var f = h
            while f < e, b[f] == 0x3A || b[f] == 0x20 { f += 1 }
            guard f < e, isHex(b[f]) else { verdict = false; return false }
            checked += 1
            return checked < 3
        }
        return verdict ?? (checked > 0)
    }

    /// ScriptByteArrays.language's markers, looked for in the first 64 KB.
    static func hasScriptMarker(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let head = UnsafeBufferPointer(rebasing: b[..<min(b.count, 1 << 16)])
        for needle in ["[u8;", "[u8 ;", "&[u8]", "bytes([", "bytearray([", "bytes((", "bytes.fromhex(", "b'\\x", "b\"\\x"] {
            let n = Array(needle.utf8)
            guard head.count >= n.count else { continue }
            var i = 0
            while i + n.count <= head.count {
                if head[i] == n[0] {
                    var k = 1
                    while k < n.count, head[i + k] == n[k] { k += 1 }
                    if k == n.count { return true }
                }
                i += 1
            }
        }
        return false
    }

    static func stripComments(_ b: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var inBlock = false, inLine = false
        var i = 0
        while i < b.count {
            let c = b[i], next: UInt8? = i + 1 < b.count ? b[i + 1] : nil
            i += 1
            if inBlock {
                if c == 0x2A && next == 0x2F { inBlock = false; i += 1; continue }
                if c == 0x0A { out.append(c) }
                continue
            }
            if inLine {
                if c == 0x0A { inLine = false; out.append(c) }
                continue
            }
            if c == 0x2F && next == 0x2A { inBlock = true; i += 1; continue }
            if c == 0x2F && next == 0x2F { inLine = true; i += 1; continue }
            out.append(c)
        }
        return out
    }

    /// `isOffset` on bytes: blanks trimmed, at least 4 hex digits and nothing else.
    static func isOffset(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        var s = s, e = e
        while s < e, isBlank(b[s]) { s += 1 }
        while e > s, isBlank(b[e - 1]) { e -= 1 }
        guard e - s >= 4 else { return false }
        for i in s..<e where !isHex(b[i]) { return false }
        return true
    }

    static func find(_ b: UnsafeBufferPointer<UInt8>, _ c: UInt8, _ s: Int, _ e: Int) -> Int? {
        var i = s
        while i < e { if b[i] == c { return i }; i += 1 }
        return nil
    }

    static func findTwoSpaces(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Int? {
        var i = s
        while i + 1 < e { if b[i] == 0x20 && b[i + 1] == 0x20 { return i }; i += 1 }
        return nil
    }

    static func lineWise(_ b: UnsafeBufferPointer<UInt8>) -> Extracted {
        var r = Extracted()
        r.bytes.reserveCapacity(b.count / 2)
        var lineNo = 0
        var sawHexdumpOffsets = false
        forEachLine(b) { s, lineEnd in
            lineNo += 1
            var ls = s, e = lineEnd
            if let bar = find(b, 0x7C, ls, e) { e = bar }
            if let colon = find(b, 0x3A, ls, e), isOffset(b, ls, colon) {
                ls = colon + 1
                if ls < e, let gap = findTwoSpaces(b, ls + 1, e) { e = gap }
            } else {
                var f = ls
                while f < e, b[f] == 0x20 { f += 1 }
                var fe = f
                while fe < e, b[fe] != 0x20 { fe += 1 }
                if fe - f >= 7, isOffset(b, f, fe), findTwoSpaces(b, ls, e) != nil {
                    ls += fe - f
                    sawHexdumpOffsets = true
                } else if sawHexdumpOffsets, isOffset(b, ls, e) {
                    var ts = ls, te = e
                    while ts < te, isBlank(b[ts]) { ts += 1 }
                    while te > ts, isBlank(b[te - 1]) { te -= 1 }
                    if te - ts >= 7 { return true }
                }
            }
            var pos = ls
            while true {
                while pos < e, isSeparator(b[pos]) { pos += 1 }
                guard pos < e else { break }
                var tokEnd = pos
                while tokEnd < e, !isSeparator(b[tokEnd]) { tokEnd += 1 }
                let n = tokEnd - pos
                if n >= 2, n % 2 == 0, (pos..<tokEnd).allSatisfy({ isHex(b[$0]) }) {
                    var i = pos
                    while i < tokEnd {
                        r.bytes.append(nibble(b[i])! << 4 | nibble(b[i + 1])!)
                        i += 2
                    }
                    r.lines.append(lineNo, count: n / 2)
                } else if n >= 3, n <= 4, b[pos] == 0x30, b[pos + 1] | 0x20 == 0x78, (pos + 2..<tokEnd).allSatisfy({ isHex(b[$0]) }) {
                    // `0x1` / `0x12`: always one byte.
                    var v: UInt8 = 0
                    for i in pos + 2..<tokEnd { v = v << 4 | nibble(b[i])! }
                    r.bytes.append(v)
                    r.lines.append(lineNo)
                } else {
                    let tok = Substring(String(decoding: UnsafeBufferPointer(rebasing: b[pos..<tokEnd]), as: UTF8.self))
                    if !token(tok, line: lineNo, to: &r) { return false }
                }
                pos = tokEnd
            }
            return true
        }
        return r
    }

    static func isSeparator(_ c: UInt8) -> Bool { c == 0x20 || c == 0x2C || c == 0x09 || c == 0x3B }

    /// The common token, an even run of hex digits (`12`, `0902`), decoded straight from its bytes;
    /// false for anything else, which the general path reads or reports.
    static func appendHexPairs(_ t: Substring.UTF8View, line: Int, to r: inout Extracted) -> Bool {
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: return c - 0x30
            case 0x41...0x46: return c - 0x37
            case 0x61...0x66: return c - 0x57
            default: return nil
            }
        }
        guard t.count >= 2, t.count % 2 == 0, t.allSatisfy({ nibble($0) != nil }) else { return false }
        var i = t.startIndex
        while i < t.endIndex {
            let j = t.index(after: i)
            r.bytes.append(nibble(t[i])! << 4 | nibble(t[j])!)
            r.lines.append(line)
            i = t.index(after: j)
        }
        return true
    }

    static func isOffset(_ s: Substring) -> Bool {
        let t = s.trimmingCharacters(in: .whitespaces)
        return t.count >= 4 && t.allSatisfy(\.isHexDigit)
    }
}
