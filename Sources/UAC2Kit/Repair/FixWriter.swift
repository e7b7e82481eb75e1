/// Writes the corrected descriptors: in the input's own text (a C array or hex dump edited in place,
/// each changed byte commented with its rule id), as generated C or hex, or as raw bytes.
public enum FixOutputForm: String, Sendable, CaseIterable {
    case same, c, hex, raw
}

public enum FixWriter {
    public struct Output: Sendable {
        public var bytes: [UInt8]
        /// What was written: "C array (edited in place)", "hex", "raw".
        public var form: String
        public var notes: [String] = []
    }

    public static func write(_ r: FixResult, input: [UInt8], form: FixOutputForm) -> Output {
        let comments = byteComments(r)
        switch form {
        case .raw:
            return Output(bytes: r.bytes, form: "raw")
        case .same where r.format == .raw:
            return Output(bytes: r.bytes, form: "raw")
        case .same where r.format == .hex, .c where r.format == .hex, .hex where r.format == .hex:
            let text = String(decoding: input, as: UTF8.self)
            if let map = HexSourceMap.scan(text), form == .same || (form == .c) == map.isCArray {
                return Output(bytes: inPlace(text, map, r.streams[0].bytes, comments),
                              form: map.isCArray ? "C array (edited in place)" : "hex (edited in place)")
            }
            var out = generated(r, c: form == .c || (form == .same && HexTextReader.stripComments(text).contains("{")), comments)
            if form == .same { out.notes.append("the text could not be edited in place (its literals do not map one to one onto the bytes read): written anew") }
            return out
        case .same, .hex:
            return generated(r, c: false, comments)
        case .c:
            return generated(r, c: true, comments)
        }
    }

    /// Comment per changed byte, keyed by (stream, byte offset): "UAC-FN-004 wTotalLength 38 -> 39".
    static func byteComments(_ r: FixResult) -> [Int: [Int: String]] {
        var out: [Int: [Int: String]] = [:]
        for c in r.changes {
            for b in 0..<c.width {
                let old = UInt8(truncatingIfNeeded: c.oldValue >> (8 * UInt64(b)))
                let new = UInt8(truncatingIfNeeded: c.newValue >> (8 * UInt64(b)))
                guard old != new || c.width == 1 else { continue }
                let text = "\(c.ruleID) \(c.field) \(c.oldValue) -> \(c.newValue)"
                out[c.stream, default: [:]][c.byteOffset + b] = out[c.stream]?[c.byteOffset + b].map { $0 + "; " + text } ?? text
            }
        }
        return out
    }

    /// The literal for a new value in the style of the one it replaces (0x1F / 0x1f / 31 / 1f, suffixes kept).
    static func literal(replacing old: String, with v: UInt8, cStyle: Bool) -> String {
        var body = Substring(old)
        var prefix = "", suffix = ""
        if body.hasPrefix("(uint8_t)") { prefix = "(uint8_t)"; body = body.dropFirst(9) }
        while let last = body.last, "uUlL".contains(last) { suffix = String(last) + suffix; body = body.dropLast() }
        let upper = body.dropFirst(body.hasPrefix("0x") || body.hasPrefix("0X") ? 2 : 0).contains { "ABCDEF".contains($0) }
        var hex = String(v, radix: 16, uppercase: upper)
        if hex.count < 2 { hex = "0" + hex }
        if body.hasPrefix("0x") || body.hasPrefix("0X") { return prefix + body.prefix(2) + hex + suffix }
        if !cStyle { return hex }
        if body.allSatisfy(\.isNumber) && !(body.count > 1 && body.hasPrefix("0")) { return prefix + "\(v)" + suffix }
        return prefix + "0x" + hex + suffix
    }

    static func inPlace(_ text: String, _ map: HexSourceMap.Map, _ bytes: [UInt8], _ comments: [Int: [Int: String]]) -> [UInt8] {
        let u = Array(text.utf8)
        let original = HexTextReader.extract(text).bytes
        var out: [UInt8] = []
        out.reserveCapacity(u.count + 64 * (comments[0]?.count ?? 0))
        var pos = 0
        // Line-wise hex takes its comments at the end of the line (inside a group of pairs there is no room).
        var pendingLineComment: [String] = []
        func flushLine(upTo end: Int) {
            while pos < end {
                if u[pos] == 0x0A, !pendingLineComment.isEmpty {
                    if out.last == 0x0D { out.removeLast(); out += Array(" // uac2 fix: \(pendingLineComment.joined(separator: "; "))\r".utf8) }
                    else { out += Array(" // uac2 fix: \(pendingLineComment.joined(separator: "; "))".utf8) }
                    pendingLineComment = []
                }
                out.append(u[pos]); pos += 1
            }
        }
        for (i, r) in map.ranges.enumerated() where i < bytes.count && bytes[i] != original[i] {
            flushLine(upTo: r.lowerBound)
            let old = String(decoding: u[r], as: UTF8.self)
            out += Array(literal(replacing: old, with: bytes[i], cStyle: map.isCArray).utf8)
            pos = r.upperBound
            let note = comments[0]?[i] ?? "changed"
            if map.isCArray { out += Array(" /* uac2 fix: \(note) */".utf8) }
            else if !pendingLineComment.contains(note) { pendingLineComment.append(note) }
        }
        flushLine(upTo: u.count)
        if !pendingLineComment.isEmpty { out += Array(" // uac2 fix: \(pendingLineComment.joined(separator: "; "))\n".utf8) }
        return out
    }

    /// A new C array or hex text: one descriptor per line, named in a comment, changed bytes commented.
    static func generated(_ r: FixResult, c: Bool, _ comments: [Int: [Int: String]]) -> Output {
        var lines: [String] = []
        let head = "uac2 fix: corrected descriptors of \(r.name) (\(r.format.rawValue) input); changed bytes carry the rule id"
        if c {
            lines.append("/* \(head). */")
            lines.append("static const unsigned char uac2_descriptors[] = {")
        } else {
            lines.append("// \(head)")
        }
        for (si, s) in r.streams.enumerated() {
            if r.streams.count > 1 { lines.append((c ? "    /* " : "// ") + "device \(si + 1)" + (s.label.map { " (\($0))" } ?? "") + (c ? " */" : "")) }
            let decoded = si < r.fixed.count ? r.fixed[si] : DescriptorFixer.decode(s, name: r.name, format: r.format)
            var pieces: [(Int, Int, String)] = decoded.devices.flatMap(\.sequence).compactMap { d in
                d.location.offset.map { ($0, d.bytes.count, d.layout.subtype.map { "\(d.layout.title) (\($0))" } ?? d.layout.title) }
            }
            let covered = pieces.reduce(0) { max($0, $1.0 + $1.1) }
            if covered < s.bytes.count { pieces.append((covered, s.bytes.count - covered, "bytes the walk could not read")) }
            for (start, count, title) in pieces {
                let range = start..<min(s.bytes.count, start + count)
                let notes = range.compactMap { comments[si]?[$0] }
                if c {
                    lines.append("    /* \(title) */")
                    let items = range.map { i -> String in
                        let lit = "0x" + hex2(s.bytes[i])
                        return comments[si]?[i].map { "\(lit) /* \($0) */" } ?? lit
                    }
                    lines.append("    " + items.joined(separator: ", ") + ",")
                } else {
                    let line = range.map { hex2(s.bytes[$0]) }.joined(separator: " ")
                    lines.append(line + " // " + title + (notes.isEmpty ? "" : "; uac2 fix: " + uniqueInOrder(notes).joined(separator: "; ")))
                }
            }
        }
        if c { lines.append("};") }
        return Output(bytes: Array((lines.joined(separator: "\n") + "\n").utf8), form: c ? "C array" : "hex")
    }
}
