import Foundation

/// Hex text as firmware developers paste it: xxd / hexdump -C output, `0x12, 0x01, ...` lists, bare hex,
/// and C array initializers copied from firmware source (comments stripped; literals only, no macros).
public enum HexTextReader {
    /// `packAfter`: see `ModelBuilder.packAfter` (tests read with and without packing to compare).
    public static func read(_ bytes: [UInt8], name: String, packAfter: Int? = ModelBuilder.packThreshold) -> DecodedInput {
        let text = String(decoding: bytes, as: UTF8.self)
        let extracted = extract(text)
        var builder = ModelBuilder(packAfter: packAfter)
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
                var t = Substring(tok)
                if t.hasPrefix("0x") || t.hasPrefix("0X") {
                    t = t.dropFirst(2)
                    guard let v = UInt64(t, radix: 16), v <= 0xFF else {
                        r.diagnostics.append(Diagnostic(.error, "`\(tok)` is not a byte (0x00..0xFF). Stopped here after \(r.bytes.count) bytes", at: SourceLocation(line: lineNo)))
                        return r
                    }
                    r.bytes.append(UInt8(v))
                    r.lines.append(lineNo)
                    continue
                }
                if t.hasSuffix("h") || t.hasSuffix("H") { t = t.dropLast() }
                guard t.count % 2 == 0, t.allSatisfy(\.isHexDigit) else {
                    let shown = tok.count > 40 ? String(tok.prefix(40)) + "…" : String(tok)
                    r.diagnostics.append(Diagnostic(.error, "`\(shown)` is not hex; expected bytes like `12 01`, `0x12, 0x01` or a C array. Stopped here after \(r.bytes.count) bytes", at: SourceLocation(line: lineNo)))
                    return r
                }
                var i = t.startIndex
                while i < t.endIndex {
                    let j = t.index(i, offsetBy: 2)
                    r.bytes.append(UInt8(t[i..<j], radix: 16)!)
                    r.lines.append(lineNo)
                    i = j
                }
            }
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
