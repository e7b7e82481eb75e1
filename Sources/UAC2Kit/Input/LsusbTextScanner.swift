/// The line-level view of `lsusb -v` text: devices, descriptor blocks and their printed fields, before any
/// bytes are rebuilt. The round-trip and agreement tests compare these records directly, so they are public.

/// One printed field line, e.g. `bmaControls( 1)      0x0000000f` or `iProduct  2 Scarlett 2i2 USB`.
public struct LsusbField: Sendable, Hashable {
    /// The name without its array index, e.g. "bmaControls".
    public var name: String
    /// The index lsusb printed in `(n)` or `[n]`, for array elements.
    public var index: Int?
    /// The value token as printed ("0x1400", "2.00", "100mA", "{guid}").
    public var token: String
    /// The numeric value: hex, decimal, BCD for `bcd…` fields, mA for MaxPower, Hz for `…MHz`; nil when the
    /// token is not a number (a value printed only as a name).
    public var value: UInt64?
    /// The rest of the line after the value: a string descriptor's text, a name lsusb looked up, units.
    public var rest: String
    public var line: Int

    /// "bmaControls(1)" for array elements, the name otherwise: the key the round-trip test compares by.
    public var key: String { index.map { "\(name)(\($0))" } ?? name }

    /// The name given to a bare line of hex bytes inside a block.
    public static let bareHex = "#hex"
}

/// One descriptor as lsusb printed it: a header line and its fields, or a hex line (`** UNRECOGNIZED:`).
public struct LsusbBlock: Sendable, Hashable {
    /// The header without its colon ("Endpoint Descriptor", "AudioControl Interface Descriptor"), or the hex
    /// line's label ("** UNRECOGNIZED", "INTERFACE CLASS", "DEVICE CLASS").
    public var header: String
    public var line: Int
    public var fields: [LsusbField] = []
    /// Bytes lsusb printed as hex inside the block (junk at the end, an invalid subtype's body), in order;
    /// for hex-line blocks, the whole descriptor.
    public var hexBytes: [UInt8] = []
    /// The block is a hex line whose bytes are the whole descriptor.
    public var isHexLine = false
    /// The input ended inside this block.
    public var endsInput = false
    /// Lines that read only `--`: linux-hardware.org's hw-probe anonymises its lsusb reports and replaces the
    /// line after an empty iSerial (bNumConfigurations) with `--`, so that field's value is lost.
    public var anonymisedLines: [Int] = []

    public func first(_ name: String) -> LsusbField? { fields.first { $0.name == name } }
}

public struct LsusbDeviceText: Sendable, Hashable {
    /// The `Bus 001 Device 004: ID 1235:8202 …` line, when the text has one.
    public var label: String?
    public var line: Int?
    /// The "Negotiated speed" line, when the text has one (usbutils 015 and later print it).
    public var speed: SpeedEvidence?
    public var blocks: [LsusbBlock] = []
}

public struct LsusbDocument: Sendable {
    public var devices: [LsusbDeviceText] = []
    public var diagnostics: [Diagnostic] = []
    public var lineCount = 0
}

public enum LsusbTextScanner {
    /// Headers whose descriptor type is fixed when a damaged block lacks its bDescriptorType line.
    static let headerTypes: [String: UInt8] = [
        "Device Descriptor": 0x01, "Configuration Descriptor": 0x02, "Other Speed Configuration Descriptor": 0x07,
        "Other Speed Configuration": 0x07, "Interface Descriptor": 0x04, "Endpoint Descriptor": 0x05,
        "Interface Association": 0x0B, "Device Qualifier (for other device speed)": 0x06,
        "Device Qualifier": 0x06, "Binary Object Store Descriptor": 0x0F, "HID Device Descriptor": 0x21,
        "Device Firmware Upgrade Interface Descriptor": 0x21,
    ]

    /// Blocks whose lines are not descriptor fields (HID report items, status bits): skipped to the next header.
    static let skippedHeaders: Set<String> = ["Report Descriptors", "Report Descriptor", "Device Status", "Hub Descriptor",
                                              "Hub Port Status", "Debug descriptor"]

    /// A binary input would otherwise produce one error per line; after this many the scan stops.
    static let maxBinaryLines = 8

    public static func scan(_ text: String) -> LsusbDocument {
        var text = text
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable { scan(bytes: $0) }!
    }

    /// The text's UTF-8 bytes, read line by line without making a String of every line: most lines are
    /// printable ASCII fields (`bLength 9`), parsed straight from the bytes. Lines that are anything else
    /// become Strings and take the general path. (Splitting into Substrings and trimming them cost about
    /// 21,000 instructions per line: over half of `uac2 decode` of 32 MB of lsusb text.)
    public static func scan(bytes b: UnsafeBufferPointer<UInt8>) -> LsusbDocument {
        var doc = LsusbDocument()
        var current: LsusbBlock?
        var skipping = false
        /// Set by "Warning: Junk at end…" / "Length insufficient…": the next line is hex belonging to the block.
        var hexFollows = false
        var binaryLines = 0
        var lineNo = 0

        func closeBlock() {
            if let b = current {
                if doc.devices.isEmpty { doc.devices.append(LsusbDeviceText()) }
                doc.devices[doc.devices.count - 1].blocks.append(b)
            }
            current = nil
            hexFollows = false
        }
        func startDeviceIfNeeded() {
            if doc.devices.isEmpty { doc.devices.append(LsusbDeviceText()) }
        }

        var lastNonBlankInBlock = false
        var notedQuotes = false
        // Split on the UTF-8 bytes: splitting a String by Character runs grapheme breaking on every byte.
        // Lines as `text.split(separator: "\n", omittingEmptySubsequences: false)` gives them.
        var nextStart = 0
        while nextStart <= b.count {
            let s = nextStart
            var e = s
            while e < b.count, b[e] != 0x0A { e += 1 }
            nextStart = e + 1
            lineNo += 1
            var control = 0
            var replacement = 0
            var trimmed: String
            var printable = true
            for i in s..<e where b[i] < 0x20 || b[i] >= 0x7F { printable = false; break }
            if printable {
                // Plain ASCII, the usual case: no normalisation needed.
                var a = s, z = e
                while a < z, b[a] == 0x20 { a += 1 }
                while z > a, b[z - 1] == 0x20 { z -= 1 }
                // A field line (see below), straight from the bytes.
                if !hexFollows, z > a, b[a] >= 0x61, b[a] <= 0x7A, !hasPrefix(b, a, z, "junk"), !hasPrefix(b, a, z, "can"),
                   !startsLikeHex(b, a, z), let parsed = field(b, a, z, line: lineNo) {
                    lastNonBlankInBlock = false
                    if skipping || current == nil { continue }
                    if let f = parsed { appendField(f, to: &current) }
                    lastNonBlankInBlock = true
                    continue
                }
                trimmed = String(decoding: UnsafeBufferPointer(rebasing: b[a..<z]), as: UTF8.self)
            } else {
                let raw = String(decoding: UnsafeBufferPointer(rebasing: b[s..<e]), as: UTF8.self)
                // NBSP and other space characters (web archives), tabs, CR; control bytes mean binary.
                var scalars = String.UnicodeScalarView()
                for s in raw.unicodeScalars {
                    switch s.value {
                    case 0x09, 0xA0, 0x2007, 0x202F, 0x3000: scalars.append(" ")
                    case 0x0D: continue
                    case 0xFFFD: replacement += 1; scalars.append(s)
                    case 0..<0x20, 0x7F: control += 1
                    default: scalars.append(s)
                    }
                }
                trimmed = String(scalars).trimmingSpaces()
            }
            // A dump quoted in an e-mail reply ("> bLength 18", "> > ..."): the quote marks are not lsusb's.
            if trimmed.hasPrefix(">") {
                var t = Substring(trimmed)
                while t.hasPrefix(">") { t = t.dropFirst().drop { $0 == " " } }
                trimmed = String(t)
                if !notedQuotes {
                    notedQuotes = true
                    doc.diagnostics.append(Diagnostic(.warning, "line \(lineNo) and others are quoted e-mail lines (`> `): read without the quote marks", at: SourceLocation(line: lineNo)))
                }
            }
            if trimmed.isEmpty { continue }
            if control > 0 || replacement * 4 > max(trimmed.count, 1) {
                binaryLines += 1
                doc.diagnostics.append(Diagnostic(.error, "line \(lineNo) is not lsusb text (binary or control characters); skipped", at: SourceLocation(line: lineNo)))
                if binaryLines >= maxBinaryLines {
                    doc.diagnostics.append(Diagnostic(.error, "input looks binary, not `lsusb -v` text: stopped reading at line \(lineNo)", at: SourceLocation(line: lineNo)))
                    closeBlock()
                    doc.lineCount = lineNo
                    return doc
                }
                continue
            }
            lastNonBlankInBlock = false

            if hexFollows {
                hexFollows = false
                if let bytes = hexBytes(trimmed) {
                    current?.hexBytes += bytes
                    lastNonBlankInBlock = current != nil
                    continue
                }
            }

            // Field lines (most of the text) start with a lowercase Hungarian prefix: straight to the field parser.
            if let c = trimmed.utf8.first, c >= 0x61, c <= 0x7A, !trimmed.hasPrefix("junk"), !trimmed.hasPrefix("can"),
               !looksLikeHex(trimmed) {
                if skipping || current == nil { continue }
                if let f = field(trimmed, line: lineNo) { appendField(f, to: &current) }
                lastNonBlankInBlock = true
                continue
            }

            // Device boundaries.
            if trimmed.hasPrefix("Bus ") {
                let collapsed = trimmed.split(separator: " ").joined(separator: " ")
                if let r = collapsed.range(of: ": ID "), collapsed[..<r.lowerBound].contains("Device") {
                    closeBlock()
                    skipping = false
                    doc.devices.append(LsusbDeviceText(label: collapsed, line: lineNo))
                    continue
                }
            }
            if trimmed.hasPrefix("Negotiated speed:") {
                startDeviceIfNeeded()
                if let s = speed(trimmed) {
                    doc.devices[doc.devices.count - 1].speed = .stated(s, "\"\(trimmed)\"", at: SourceLocation(line: lineNo))
                }
                continue
            }
            if trimmed.hasPrefix("Couldn't open device") || trimmed.hasPrefix("can't get") || trimmed.hasPrefix("Couldn't get")
                || trimmed.hasPrefix("cannot read") {
                continue
            }

            // Hex lines that are whole descriptors.
            for label in ["** UNRECOGNIZED:", "INTERFACE CLASS:", "DEVICE CLASS:", "UNRECOGNIZED CDC:", "INVALID CDC"] where trimmed.hasPrefix(label) {
                closeBlock()
                skipping = false
                var b = LsusbBlock(header: String(label.hasSuffix(":") ? label.dropLast() : Substring(label)), line: lineNo)
                b.isHexLine = true
                // "INVALID CDC (Union): 04 24 06 00": the bytes follow the first ": ".
                guard let colon = trimmed.firstIndex(of: ":") else { break }
                let body = trimmed[trimmed.index(after: colon)...]
                if let bytes = hexBytes(String(body)) {
                    b.hexBytes = bytes
                } else {
                    doc.diagnostics.append(Diagnostic(.warning, "`\(label)` line \(lineNo) does not hold hex bytes; ignored", at: SourceLocation(line: lineNo)))
                    break
                }
                current = b
                closeBlock()
                break
            }
            if trimmed.hasPrefix("** UNRECOGNIZED:") || trimmed.hasPrefix("INTERFACE CLASS:") || trimmed.hasPrefix("DEVICE CLASS:")
                || trimmed.hasPrefix("UNRECOGNIZED CDC:") || trimmed.hasPrefix("INVALID CDC") {
                continue
            }

            // Warnings lsusb prints inside a descriptor; some carry the descriptor's remaining bytes.
            if trimmed.hasPrefix("Warning:") {
                if trimmed.contains("Junk at end") || trimmed.contains("Length insufficient") { hexFollows = current != nil }
                continue
            }
            if trimmed.hasPrefix("Process-Specific") {
                // usbutils up to 009: a processing unit's mode bytes as hex after the label.
                if let bytes = hexBytes(String(trimmed.dropFirst("Process-Specific".count)).trimmingSpaces()) { current?.hexBytes += bytes }
                continue
            }
            if trimmed.hasPrefix("junk at descriptor end:") || trimmed.hasPrefix("Invalid desc subtype:")
                || trimmed.hasPrefix("Invalid desc format type:") {
                let colon = trimmed.firstIndex(of: ":")!
                if let bytes = hexBytes(String(trimmed[trimmed.index(after: colon)...])) { current?.hexBytes += bytes }
                continue
            }

            if trimmed == "--" {
                if !skipping { current?.anonymisedLines.append(lineNo) }
                continue
            }

            // Headers.
            if trimmed.hasPrefix("Device Status:") {
                closeBlock()
                skipping = true
                continue
            }
            if trimmed.hasSuffix(":"), let first = trimmed.unicodeScalars.first, CharacterClass.isLetter(first) {
                let name = String(trimmed.dropLast()).trimmingSpaces()
                closeBlock()
                if skippedHeaders.contains(name) {
                    skipping = true
                    continue
                }
                skipping = false
                startDeviceIfNeeded()
                current = LsusbBlock(header: name, line: lineNo)
                lastNonBlankInBlock = true
                continue
            }
            if skipping || current == nil { continue }
            // Older usbutils print some byte arrays as a bare hex line (UAC2 mixer bmMixerControls).
            if let bytes = hexBytes(trimmed), !bytes.isEmpty {
                current?.fields.append(LsusbField(name: LsusbField.bareHex, index: nil, token: trimmed, value: nil,
                                                  rest: "", line: lineNo))
                lastNonBlankInBlock = true
                continue
            }
            if let f = field(trimmed, line: lineNo) { appendField(f, to: &current) }
            lastNonBlankInBlock = true
        }
        if lastNonBlankInBlock { current?.endsInput = true }
        closeBlock()
        doc.lineCount = lineNo
        return doc
    }

    /// lsusb prints an unknown AudioStreaming subtype's bytes on the subtype's own line:
    /// `bDescriptorSubtype      4 Invalid desc subtype: 7a 9f`.
    static func appendField(_ f: LsusbField, to block: inout LsusbBlock?) {
        block?.fields.append(f)
        guard f.name == "bDescriptorSubtype" || f.name == "bFormatType", f.rest.contains("Invalid") else { return }
        for marker in ["Invalid desc subtype:", "Invalid desc format type:"] {
            guard let r = f.rest.range(of: marker) else { continue }
            if let bytes = hexBytes(String(f.rest[r.upperBound...]).trimmingSpaces()) { block?.hexBytes += bytes }
        }
    }

    /// `Negotiated speed: High Speed (480Mbps)`.
    static func speed(_ line: String) -> USBSpeed? {
        guard let open = line.lastIndex(of: "("), let close = line.lastIndex(of: ")"), open < close else { return nil }
        let inner = line[line.index(after: open)..<close].lowercased()
        let digits = inner.prefix { $0.isNumber || $0 == "." }
        guard let n = Double(digits) else { return nil }
        let mbps = inner.contains("gbps") ? n * 1000 : n
        switch mbps {
        case ..<2: return .low
        case ..<13: return .full
        case ..<500: return .high
        case ..<6000: return .super
        default: return .superPlus
        }
    }

    /// Cheap test for a line of hex bytes ("ff ff 00"), before the full parse.
    static func hasPrefix(_ b: UnsafeBufferPointer<UInt8>, _ a: Int, _ z: Int, _ prefix: StaticString) -> Bool {
        let n = prefix.utf8CodeUnitCount
        guard z - a >= n else { return false }
        let p = prefix.utf8Start
        for k in 0..<n where b[a + k] != p[k] { return false }
        return true
    }

    /// The first test of `looksLikeHex` (two hex digits, then the end or a space): such lines take the
    /// general path, which looks at the whole line.
    static func startsLikeHex(_ b: UnsafeBufferPointer<UInt8>, _ a: Int, _ z: Int) -> Bool {
        guard z - a >= 2, hexDigit(b[a]) != nil, hexDigit(b[a + 1]) != nil else { return false }
        return z - a == 2 || b[a + 2] == 0x20
    }

    /// `field(_:line:)` on the trimmed printable ASCII line `b[a..<z]`: .some(field or nil) as that gives,
    /// or nil when the name holds an index (`baSourceID(0)`, `tSamFreq[ 0]`), which only it reads.
    static func field(_ b: UnsafeBufferPointer<UInt8>, _ a: Int, _ z: Int, line: Int) -> LsusbField?? {
        func text(_ from: Int, _ to: Int) -> String { String(decoding: UnsafeBufferPointer(rebasing: b[from..<to]), as: UTF8.self) }
        var i = a
        while i < z, b[i] != 0x20 {
            if b[i] == 0x28 || b[i] == 0x5B { return nil }
            i += 1
        }
        let name = text(a, i)
        guard isFieldName(Substring(name)) else { return .some(nil) }
        while i < z, b[i] == 0x20 { i += 1 }
        guard i < z else { return .some(nil) }
        let vs = i
        while i < z, b[i] != 0x20 { i += 1 }
        let valueTok = text(vs, i)
        while i < z, b[i] == 0x20 { i += 1 }
        // The remaining tokens joined by one space.
        var rest = ""
        if i < z {
            var runs = false
            var k = i
            while k + 1 < z { if b[k] == 0x20 && b[k + 1] == 0x20 { runs = true; break }; k += 1 }
            if !runs {
                rest = text(i, z)
            } else {
                var out: [UInt8] = []
                out.reserveCapacity(z - i)
                for k in i..<z where !(b[k] == 0x20 && out.last == 0x20) { out.append(b[k]) }
                rest = String(decoding: out, as: UTF8.self)
            }
        }
        let value = parseValue(name, valueTok)
        if value == nil, !valueTok.hasPrefix("{"), valueTok.first.map({ !$0.isLetter && !$0.isNumber }) ?? true { return .some(nil) }
        return .some(LsusbField(name: name, index: nil, token: valueTok, value: value, rest: rest, line: line))
    }

    static func looksLikeHex(_ s: String) -> Bool {
        let u = Array(s.utf8.prefix(3))
        func isHex(_ b: UInt8) -> Bool { (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46) }
        guard u.count >= 2, isHex(u[0]), isHex(u[1]), u.count == 2 || u[2] == 0x20 else { return false }
        return hexBytes(s) != nil
    }

    /// Space-separated two-digit hex bytes, or nil when any token is something else. An empty body is no bytes.
    static func hexBytes(_ s: String) -> [UInt8]? {
        var out: [UInt8] = []
        for tok in s.utf8.split(separator: 0x20) {
            guard tok.count == 2, let hi = hexDigit(tok[tok.startIndex]), let lo = hexDigit(tok[tok.index(after: tok.startIndex)]) else { return nil }
            out.append(hi << 4 | lo)
        }
        return out
    }

    static func hexDigit(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x61...0x66: return c - 0x61 + 10
        case 0x41...0x46: return c - 0x41 + 10
        default: return nil
        }
    }

    /// Field names are the spec's: a lowercase Hungarian prefix then a capital (bLength, wMaxPacketSize,
    /// guidFormat), plus the few lsusb prints in its own words.
    static let otherFieldNames: Set<String> = ["MaxPower", "Mult", "MaxStreams", "BaSourcePin", "ContainerID"]

    static func isFieldName(_ n: Substring) -> Bool {
        if otherFieldNames.contains(String(n)) { return true }
        var sawLower = false
        for s in n.unicodeScalars {
            if s.value >= 0x61 && s.value <= 0x7A { sawLower = true; continue }
            if (s.value >= 0x41 && s.value <= 0x5A) || (s.value >= 0x30 && s.value <= 0x39) { return sawLower }
            return false
        }
        return false
    }

    /// Parses `name[(i)|[i]] value rest`; nil for lines that are not fields (sub-lines such as
    /// "Transfer Type  Isochronous", "Self Powered", control and channel names).
    static func field(_ trimmed: String, line: Int) -> LsusbField? {
        var tokens = trimmed.utf8.split(separator: 0x20, omittingEmptySubsequences: true).map { Substring($0) }[...]
        guard var nameTok = tokens.popFirst() else { return nil }
        var name = Substring(nameTok)
        var index: Int?
        if let open = nameTok.firstIndex(where: { $0 == "(" || $0 == "[" }) {
            let closeChar: Character = nameTok[open] == "(" ? ")" : "]"
            var idx = String(nameTok[nameTok.index(after: open)...])
            // "baSourceID( 0)" splits into "baSourceID(" and "0)".
            while !idx.contains(closeChar), let next = tokens.popFirst() { idx += String(next) }
            guard let close = idx.firstIndex(of: closeChar), let i = Int(idx[..<close]), i >= 0 else { return nil }
            // Text glued after the bracket ("tSamFreq[ 0]48000" after whitespace collapsing) is the value.
            let glued = idx[idx.index(after: close)...]
            if !glued.isEmpty { tokens.insert(Substring(glued), at: tokens.startIndex) }
            name = nameTok[..<open]
            index = i
            nameTok = name
        }
        guard isFieldName(name), let valueTok = tokens.popFirst() else { return nil }
        let rest = tokens.joined(separator: " ")
        let value = parseValue(String(name), String(valueTok))
        // A sub-line that happens to start like a field ("Field 1 first: No") has no number and no known name;
        // real fields whose value is only a name are kept so the reader can say so.
        if value == nil, !valueTok.hasPrefix("{"), valueTok.first.map({ !$0.isLetter && !$0.isNumber }) ?? true { return nil }
        return LsusbField(name: String(name), index: index, token: String(valueTok), value: value, rest: rest, line: line)
    }

    static func parseValue(_ name: String, _ tok: String) -> UInt64? {
        if tok.hasPrefix("0x") || tok.hasPrefix("0X") { return UInt64(tok.dropFirst(2), radix: 16) }
        if name.hasPrefix("bcd"), let dot = tok.firstIndex(of: ".") {
            // lsusb prints BCD as "%2x.%02x": both halves are hex digits.
            guard let hi = UInt64(tok[..<dot], radix: 16) else { return nil }
            var lo: UInt64 = 0
            for part in tok[tok.index(after: dot)...].split(separator: ".") {
                guard part.count == 2, let v = UInt64(part, radix: 16) else { return nil }
                lo = lo << 8 | v
            }
            let minorBytes = tok[tok.index(after: dot)...].split(separator: ".").count
            return hi << (8 * UInt64(minorBytes)) | lo
        }
        if tok.hasSuffix("mA"), let v = UInt64(tok.dropLast(2)) { return v }
        if tok.hasSuffix("MHz"), let v = Double(tok.dropLast(3)), v >= 0, v < 1e12 {
            let hz = (v * 1_000_000).rounded()
            return UInt64(hz)
        }
        if tok.hasPrefix("{"), tok.hasSuffix("}") { return nil }
        return UInt64(tok)
    }

    /// lsusb's GUID text `{aabbccdd-eeff-gghh-iijj-kkllmmnnoopp}` back to its 16 wire bytes (first three groups
    /// little-endian, as get_guid() prints them).
    public static func guidBytes(_ tok: String) -> [UInt8]? {
        guard tok.hasPrefix("{"), tok.hasSuffix("}") else { return nil }
        let groups = tok.dropFirst().dropLast().split(separator: "-")
        guard groups.count == 5, groups.map(\.count) == [8, 4, 4, 4, 12] else { return nil }
        var hex: [[UInt8]] = []
        for g in groups {
            var bytes: [UInt8] = []
            var i = g.startIndex
            while i < g.endIndex {
                let j = g.index(i, offsetBy: 2)
                guard let b = UInt8(g[i..<j], radix: 16) else { return nil }
                bytes.append(b)
                i = j
            }
            hex.append(bytes)
        }
        return hex[0].reversed() + hex[1].reversed() + hex[2].reversed() + hex[3] + hex[4]
    }
}

enum CharacterClass {
    static func isLetter(_ s: Unicode.Scalar) -> Bool {
        (s.value >= 0x41 && s.value <= 0x5A) || (s.value >= 0x61 && s.value <= 0x7A)
    }
}

extension String {
    func trimmingSpaces() -> String {
        let u = unicodeScalars
        guard let start = u.firstIndex(where: { $0 != " " }) else { return "" }
        let end = u.lastIndex(where: { $0 != " " })!
        return String(u[start...end])
    }
}
