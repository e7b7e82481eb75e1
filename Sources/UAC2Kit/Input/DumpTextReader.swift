import Foundation

/// Windows descriptor dumps found in bug reports:
/// - Thesycon USB Descriptor Dumper: one field per line, `0x0200<TAB>bcdUSB`, the hex width giving the size;
/// - USBTreeView: per-descriptor `Data (HexDump)` blocks; the configuration's block holds all wTotalLength bytes.
public enum DumpTextReader {
    public static func read(_ bytes: [UInt8], name: String) -> DecodedInput {
        let text = String(decoding: bytes, as: UTF8.self)
        var builder = ModelBuilder(packAfter: ModelBuilder.packThreshold)
        // Lines up to where the input stops being text: binary noise (a wrong file, --format dump on a
        // blob) is not read to its end, which took minutes for 100 MB.
        var lines: [Substring] = []
        var binaryLines = 0
        for raw in TextLines(text) {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.utf8.contains(where: { $0 < 0x09 || ($0 > 0x0D && $0 < 0x20) || $0 == 0x7F }) || line.contains("\u{FFFD}") {
                binaryLines += 1
                if binaryLines >= 8 {
                    builder.note(Diagnostic(.error, "input looks binary, not a descriptor dump: stopped reading at line \(lines.count + 1)", at: SourceLocation(line: lines.count + 1)))
                    break
                }
            }
            lines.append(line)
        }
        if lines.contains(where: { $0.contains("Data (HexDump)") }) {
            readTreeView(lines, into: &builder)
        } else if lines.prefix(4000).contains(where: { $0.contains("===>") && $0.contains("Descriptor<===") }) {
            readUSBView(lines, into: &builder)
        } else {
            readThesycon(lines, into: &builder)
        }
        if builder.devices.isEmpty {
            builder.note(Diagnostic(.error, "no descriptor found in this dump", at: SourceLocation(line: 1)))
        }
        return DecodedInput(name: name, format: .dump, devices: builder.devices, diagnostics: builder.diagnostics)
    }

    static func speed(in line: Substring) -> USBSpeed? {
        let l = line.lowercased()
        guard l.contains("speed") else { return nil }
        if l.contains("superspeedplus") || l.contains("superspeed+") { return .superPlus }
        if l.contains("superspeed") || l.contains("super-speed") { return .super }
        if l.contains("highspeed") || l.contains("high-speed") { return .high }
        if l.contains("fullspeed") || l.contains("full-speed") { return .full }
        if l.contains("lowspeed") || l.contains("low-speed") { return .low }
        return nil
    }

    // MARK: Thesycon

    static func readThesycon(_ lines: [Substring], into builder: inout ModelBuilder) {
        var chunk: [UInt8] = []
        var named: [String: [UInt64]] = [:]
        var chunkLine = 0
        var speed: SpeedEvidence?
        var started = false
        func flush(_ b: inout ModelBuilder) {
            guard !chunk.isEmpty else { return }
            if !started { b.startDevice(label: nil, speed: speed); started = true }
            addFields(chunk, named, line: chunkLine, into: &b)
            chunk = []
            named = [:]
        }
        for (i, line) in lines.enumerated() {
            if line.hasPrefix("Device current bus speed:"),
               let s = DumpTextReader.speed(in: line.replacingOccurrences(of: " ", with: "")[...]) {
                speed = .stated(s, "\"\(line.trimmingCharacters(in: .whitespaces))\"", at: SourceLocation(line: i + 1))
            }
            if line.hasPrefix("String Descriptor Table") { flush(&builder) }
            guard line.hasPrefix("0x"), let tab = line.firstIndex(of: "\t") else {
                if let (idx, s) = stringTableEntry(line), started { builder.setString(idx, s) }
                continue
            }
            let hex = line[line.index(line.startIndex, offsetBy: 2)..<tab]
            let field = line[line.index(after: tab)...].split(separator: " ").first.map(String.init) ?? ""
            guard hex.count % 2 == 0, hex.count <= 16, let v = UInt64(hex, radix: 16) else {
                builder.note(Diagnostic(.error, "`0x\(hex)` is not a whole number of bytes", at: SourceLocation(line: i + 1)))
                continue
            }
            if field == "bLength" { flush(&builder); chunkLine = i + 1 }
            for b in 0..<(hex.count / 2) { chunk.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(b)))) }
            named[field, default: []].append(v)
        }
        flush(&builder)
        if let s = speed, started { builder.setSpeed(s) }
    }

    /// One descriptor given field by field (hex widths giving sizes). Dumpers print some multi-byte
    /// fields with fewer digits (a 2-byte bmControls as 0x03): when the widths do not add up to
    /// bLength, the bytes are rebuilt from the field names through our table, if that gives bLength.
    static func addFields(_ fields: [UInt8], _ named: [String: [UInt64]], line: Int, into b: inout ModelBuilder) {
        var chunk = fields
        let declared = Int(chunk[0])
        if chunk.count != declared {
            let layout = b.layout(for: chunk)
            let known = Set(layout.fields.map(\.name))
            if layout.id != "UNKNOWN", Set(named.keys).isSubset(of: known) {
                let rebuilt = layout.encode(named)
                if rebuilt.count == declared { chunk = rebuilt }
            }
        }
        if chunk.count != declared {
            b.note(Diagnostic(.warning, "fields add up to \(chunk.count) bytes but bLength is \(declared)", at: SourceLocation(line: line)))
        }
        b.add(chunk, at: SourceLocation(line: line))
    }

    /// `0x01   0x0409  "Linux USB Audio Gadget"`
    static func stringTableEntry(_ line: Substring) -> (Int, String)? {
        let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        guard parts.count == 3, parts[0].hasPrefix("0x"), let idx = Int(parts[0].dropFirst(2), radix: 16) else { return nil }
        let text = parts[2].trimmingCharacters(in: .whitespaces)
        guard text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 else { return nil }
        return (idx, String(text.dropFirst().dropLast()))
    }

    // MARK: USBTreeView

    static func readTreeView(_ lines: [Substring], into builder: inout ModelBuilder) {
        var section = ""
        var speed: SpeedEvidence?
        var i = 0
        var started = false
        while i < lines.count {
            let line = lines[i]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("---"), trimmed.hasSuffix("---") {
                section = trimmed.trimmingCharacters(in: CharacterSet(charactersIn: "- "))
            } else if trimmed.hasPrefix("Device Bus Speed") {
                if speed == nil, let s = DumpTextReader.speed(in: line) {
                    speed = .stated(s, "\"\(trimmed)\"", at: SourceLocation(line: i + 1))
                }
            } else if line.hasPrefix("Data (HexDump)"), let colon = line.firstIndex(of: ":") {
                let col = line.distance(from: line.startIndex, to: colon) + 2
                let start = i + 1
                var data: [UInt8] = hexColumn(line, col)
                i += 1
                while i < lines.count, lines[i].hasPrefix(String(repeating: " ", count: col)) {
                    data += hexColumn(lines[i], col)
                    i += 1
                }
                let wanted = ["Device Descriptor", "Configuration Descriptor", "Other Speed Configuration Descriptor",
                              "Device Qualifier Descriptor"]
                if wanted.contains(section) {
                    if !started { builder.startDevice(label: nil, speed: speed); started = true }
                    if section.contains("Configuration"), data.count >= 4 {
                        let total = Int(data[2]) | Int(data[3]) << 8
                        if data.count < total {
                            builder.note(Diagnostic(.warning, "the configuration's hex dump has \(data.count) of wTotalLength \(total) bytes", at: SourceLocation(line: start)))
                        }
                    }
                    RawDescriptorReader.feed(data, into: &builder, lineOf: { _ in start })
                }
                continue
            }
            i += 1
        }
        if let s = speed, started { builder.setSpeed(s) }
    }

    /// The 16 hex pairs of a dump line start at a fixed column; the ASCII rendering after them may look like hex.
    static func hexColumn(_ line: Substring, _ col: Int) -> [UInt8] {
        guard line.count > col else { return [] }
        let area = line.dropFirst(col).prefix(48)
        var out: [UInt8] = []
        for tok in area.split(separator: " ") {
            guard tok.count == 2, let v = UInt8(tok, radix: 16) else { break }
            out.append(v)
        }
        return out
    }
}
