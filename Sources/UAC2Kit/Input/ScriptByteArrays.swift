/// Descriptor bytes written in Python or Rust, as device tests and embedded Rust stacks hold them:
/// Python `bytes([0x12, 0x01, ...])`, `bytearray(...)`, `b'\x12\x01'`, `bytes.fromhex("12 01")`
/// with `#` comments; Rust `const DESC: [u8; 18] = [0x12, 0x01u8, ...]`, `[0; 4]` repeats, `b"\x09"`
/// byte strings and `//`, `/* */` comments. Literals only; an expression is an error at its line.
enum ScriptByteArrays {
    enum Language { case python, rust }

    static func language(of text: String) -> Language? {
        let head = text.utf8.count > 1 << 16 ? String(text.prefix(1 << 16)) : text
        if head.contains("[u8;") || head.contains("[u8 ;") || head.contains("&[u8]") { return .rust }
        if head.contains("bytes([") || head.contains("bytearray([") || head.contains("bytes((") || head.contains("bytes.fromhex(")
            || head.contains("b'\\x") || head.contains("b\"\\x") { return .python }
        return nil
    }

    static func extract(_ text: String, _ lang: Language) -> HexTextReader.Extracted {
        var r = HexTextReader.Extracted()
        let s = Array(text.unicodeScalars)
        var i = 0, line = 1
        var depth = 0, skipDepth = 0, afterEquals = false
        var token = "", tokenLine = 1, tokenStarted = false
        var repeatValue: UInt64?
        var fromhexNext = false
        func fail(_ m: String, _ l: Int) { r.diagnostics.append(Diagnostic(.error, m + ". Stopped here after \(r.bytes.count) bytes", at: SourceLocation(line: l))) }
        func append(_ v: UInt64, _ l: Int) -> Bool {
            guard v <= 0xFF else { fail("`\(token.trimmed)` = \(v) does not fit in one byte", l); return false }
            r.bytes.append(UInt8(v)); r.lines.append(l); return true
        }
        // One list element; `[x; n]` (Rust) keeps x until the bracket closes.
        func flush(closing: Bool) -> Bool {
            defer { token = ""; tokenStarted = false }
            let t = token.trimmed
            if let v = repeatValue, closing {
                repeatValue = nil
                guard let n = literal(t, lang), n <= 65536 else { fail("`[…; \(t)]`: the repeat count is not a literal up to 65536", tokenLine); return false }
                for _ in 0..<n { if !append(v, tokenLine) { return false } }
                return true
            }
            if t.isEmpty { return true }
            guard let v = literal(t, lang) else {
                fail("`\(t.count > 40 ? String(t.prefix(40)) + "…" : t)` is not a byte literal; uac2 reads literal bytes only (expressions and constants are not evaluated)", tokenLine)
                return false
            }
            return append(v, tokenLine)
        }
        while i < s.count {
            let c = s[i]
            let next: Unicode.Scalar? = i + 1 < s.count ? s[i + 1] : nil
            // Comments.
            if (lang == .python && c == "#") || (lang == .rust && c == "/" && next == "/") {
                while i < s.count, s[i] != "\n" { i += 1 }
                continue
            }
            if lang == .rust && c == "/" && next == "*" {
                i += 2
                while i < s.count, !(s[i] == "*" && i + 1 < s.count && s[i + 1] == "/") { if s[i] == "\n" { line += 1 }; i += 1 }
                i += 2
                continue
            }
            if c == "\n" { line += 1; i += 1; continue }
            // Strings: byte strings are data; bytes.fromhex("...") is hex; other strings are skipped.
            if c == "\"" || c == "'" {
                let prev: Unicode.Scalar? = i > 0 ? s[i - 1] : nil
                let isBytes = prev == "b" || prev == "B"
                let isRaw = i > 1 && (prev == "r" || prev == "R" || ((prev == "b" || prev == "B") && (s[i - 2] == "r" || s[i - 2] == "R")))
                if lang == .rust && c == "'" && !isBytes { i += 1; continue }     // lifetimes, char literals
                if lang == .rust && c == "'" && isBytes {
                    // b'A': one byte, as a list element.
                    var j = i + 1, lit = "b'"
                    while j < s.count, s[j] != "'" { lit.unicodeScalars.append(s[j]); j += 1 }
                    token = String(token.dropLast()) + lit + "'"
                    i = j + 1
                    continue
                }
                var j = i + 1
                var body: [Unicode.Scalar] = []
                let startLine = line
                while j < s.count, s[j] != c {
                    if s[j] == "\\", j + 1 < s.count { body.append(s[j]); j += 1 }
                    if s[j] == "\n" { line += 1 }
                    body.append(s[j]); j += 1
                }
                if j >= s.count { fail("string not closed", startLine); return r }
                i = j + 1
                if isBytes {
                    if depth > 0 { token = String(token.dropLast()) }          // the `b` prefix
                    guard decodeByteString(body, raw: isRaw, line: startLine, into: &r) else { return r }
                } else if fromhexNext {
                    guard decodeHex(body, line: startLine, into: &r) else { return r }
                }
                fromhexNext = false
                continue
            }
            if depth == 0 {
                switch c {
                case "=": afterEquals = true
                case ";" where lang == .rust: afterEquals = false
                case "[":
                    if lang == .python || afterEquals && skipDepth == 0 { depth = 1; token = ""; tokenStarted = false } else { skipDepth += 1 }
                case "]": skipDepth = max(0, skipDepth - 1)
                default:
                    if c == "(" && token.hasSuffix("fromhex") { fromhexNext = true }
                    token.unicodeScalars.append(c)
                    if token.count > 16 { token = String(token.suffix(8)) }
                }
                i += 1
                continue
            }
            switch c {
            case "[": depth += 1
            case "]":
                if !flush(closing: true) { return r }
                depth -= 1
                if depth == 0 { token = ""; tokenStarted = false }
            case ",":
                if !flush(closing: false) { return r }
            case ";" where lang == .rust:
                let t = token.trimmed
                guard let v = literal(t, lang) else { fail("`[\(t); …]`: the repeated value is not a literal", tokenLine); return r }
                repeatValue = v
                token = ""
                tokenStarted = false
            default:
                // Whether the token has begun, kept as we go: trimming it at every character made a
                // long element without commas quadratic (the C reader's fuzz finding, avoided here).
                if !tokenStarted && !c.properties.isWhitespace { tokenLine = line; tokenStarted = true }
                token.unicodeScalars.append(c)
            }
            i += 1
        }
        if depth > 0 { r.diagnostics.append(Diagnostic(.warning, "the list's closing bracket is missing; read up to the end of the text", at: SourceLocation(line: line))) }
        return r
    }

    /// 0x12, 0X12, 18, 0o22, 0b10010, 1_000 (Python); Rust adds u8/i32 suffixes and b'A'.
    static func literal(_ t: String, _ lang: Language) -> UInt64? {
        var s = Substring(t)
        if s.hasPrefix("b'"), s.hasSuffix("'"), s.count >= 4 {
            let inner = s.dropFirst(2).dropLast()
            if inner.count == 1 { return inner.unicodeScalars.first.map { UInt64($0.value) }.flatMap { $0 < 128 ? $0 : nil } }
            if inner.hasPrefix("\\x"), inner.count == 4 { return UInt64(inner.dropFirst(2), radix: 16) }
            return ["\\n": 10, "\\r": 13, "\\t": 9, "\\0": 0, "\\\\": 92, "\\'": 39][String(inner)]
        }
        if lang == .rust {
            // 0x1u8 ends in "u8"; hex digits never include 'u' or 'i', so the suffix is unambiguous.
            for suffix in ["usize", "isize", "u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64"] where s.hasSuffix(suffix) {
                s = s.dropLast(suffix.count); break
            }
        }
        let digits = s.filter { $0 != "_" }
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") { return UInt64(digits.dropFirst(2), radix: 16) }
        if digits.hasPrefix("0o") || digits.hasPrefix("0O") { return UInt64(digits.dropFirst(2), radix: 8) }
        if digits.hasPrefix("0b") || digits.hasPrefix("0B") { return UInt64(digits.dropFirst(2), radix: 2) }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        if digits.count > 1, digits.hasPrefix("0"), lang == .python { return nil }   // 012 is a syntax error in Python 3
        return UInt64(digits)
    }

    /// The body of b'...': printable ASCII as itself, \xHH, \n \r \t \0 \\ \' \" escapes and octal \ooo.
    static func decodeByteString(_ body: [Unicode.Scalar], raw: Bool, line: Int, into r: inout HexTextReader.Extracted) -> Bool {
        var i = 0
        var l = line
        func fail(_ m: String) -> Bool { r.diagnostics.append(Diagnostic(.error, m + ". Stopped here after \(r.bytes.count) bytes", at: SourceLocation(line: l))); return false }
        while i < body.count {
            let c = body[i]
            if c == "\n" { l += 1 }
            guard c.value < 128 else { return fail("byte string holds `\(c)`, which is not ASCII") }
            if c != "\\" || raw { r.bytes.append(UInt8(c.value)); r.lines.append(l); i += 1; continue }
            guard i + 1 < body.count else { return fail("byte string ends in a lone backslash") }
            let e = body[i + 1]
            i += 2
            switch e {
            case "x":
                guard i + 2 <= body.count, let v = UInt8(String(String.UnicodeScalarView(body[i..<(i + 2)])), radix: 16) else { return fail("`\\x` needs two hex digits") }
                r.bytes.append(v); r.lines.append(l); i += 2
            case "n": r.bytes.append(10); r.lines.append(l)
            case "r": r.bytes.append(13); r.lines.append(l)
            case "t": r.bytes.append(9); r.lines.append(l)
            case "\\", "'", "\"": r.bytes.append(UInt8(e.value)); r.lines.append(l)
            case "\n": l += 1                        // line continuation
            case "0"..."7":
                var v = Int(e.value) - 48, n = 1
                while n < 3, i < body.count, ("0"..."7").contains(body[i]) { v = v * 8 + Int(body[i].value) - 48; i += 1; n += 1 }
                guard v <= 0xFF else { return fail("octal escape \(v) does not fit in one byte") }
                r.bytes.append(UInt8(v)); r.lines.append(l)
            default: return fail("`\\\(e)` is not a byte-string escape")
            }
        }
        return true
    }

    static func decodeHex(_ body: [Unicode.Scalar], line: Int, into r: inout HexTextReader.Extracted) -> Bool {
        let digits = body.filter { !$0.properties.isWhitespace }
        guard digits.count % 2 == 0, digits.allSatisfy({ Character($0).isHexDigit }) else {
            r.diagnostics.append(Diagnostic(.error, "bytes.fromhex() text is not pairs of hex digits. Stopped here after \(r.bytes.count) bytes", at: SourceLocation(line: line)))
            return false
        }
        var i = 0
        while i < digits.count {
            r.bytes.append(UInt8(Character(digits[i]).hexDigitValue! << 4 | Character(digits[i + 1]).hexDigitValue!)); r.lines.append(line)
            i += 2
        }
        return true
    }
}

private extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
