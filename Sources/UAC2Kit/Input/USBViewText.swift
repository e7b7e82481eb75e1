/// Microsoft USBView (Windows SDK sample, and its UVCView variant) text: `===>Device Descriptor<===`
/// sections with one `name: 0xVALUE` line per field, the hex width giving the field's size, and
/// `===>Descriptor Hex Dump<===` sections whose bytes follow as hex pairs. The endpoint sections USBView
/// prints for open pipes before the device descriptor repeat the configuration's: they are skipped.
extension DumpTextReader {
    static func readUSBView(_ lines: [Substring], into builder: inout ModelBuilder) {
        var fields: [UInt8] = []
        var named: [String: [UInt64]] = [:]
        var dump: [UInt8] = []
        var chunkLine = 0
        var speed: SpeedEvidence?
        var started = false
        var collecting = false
        func flush(_ b: inout ModelBuilder) {
            defer { fields = []; named = [:]; dump = [] }
            guard collecting, !fields.isEmpty || !dump.isEmpty else { return }
            if !started { b.startDevice(label: nil, speed: speed); started = true }
            if !dump.isEmpty {
                b.add(dump, at: SourceLocation(line: chunkLine))
            } else {
                addFields(fields, named, line: chunkLine, into: &b)
            }
        }
        for (i, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if let s = busSpeed(line) { speed = speed ?? .stated(s, "\"\(line)\"", at: SourceLocation(line: i + 1)) }
            if line.contains("===>"), line.contains("<===") {
                flush(&builder)
                if line.contains("===>Device Descriptor<===") || line.contains("===>Configuration Descriptor<===") { collecting = true }
                if line.contains("Device Information<===") { collecting = false }
                chunkLine = i + 1
                continue
            }
            guard collecting else { continue }
            // A hex dump line: only byte pairs (the bytes of a descriptor USBView does not decode).
            let pairs = line.split(separator: " ")
            if !pairs.isEmpty, !line.contains(":"), pairs.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isHexDigit) }) {
                dump += pairs.map { UInt8($0, radix: 16)! }
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, !name.contains(" "), value.hasPrefix("0x") || value.hasPrefix("0X") else { continue }
            let hex = value.dropFirst(2).prefix { $0.isHexDigit }
            guard !hex.isEmpty, hex.count % 2 == 0, hex.count <= 16, let v = UInt64(hex, radix: 16) else {
                builder.note(Diagnostic(.error, "`\(name): 0x\(hex)` is not a whole number of bytes", at: SourceLocation(line: i + 1)))
                continue
            }
            if name == "bLength" {
                flush(&builder)
                chunkLine = i + 1
            }
            // In a hex-dump section, bLength/bDescriptorType repeat the dump's first bytes.
            for k in 0..<(hex.count / 2) { fields.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(k)))) }
            named[name, default: []].append(v)
        }
        flush(&builder)
        if let s = speed, started { builder.setSpeed(s) }
    }

    /// "Device Bus Speed: High" (own line, or after "Current Config Value: 0x01 ->").
    static func busSpeed(_ line: String) -> USBSpeed? {
        guard let r = line.range(of: "Device Bus Speed:") else { return nil }
        let word = line[r.upperBound...].trimmingCharacters(in: .whitespaces).lowercased()
        if word.hasPrefix("superspeedplus") || word.hasPrefix("super speed plus") { return .superPlus }
        if word.hasPrefix("super") { return .super }
        if word.hasPrefix("high") { return .high }
        if word.hasPrefix("full") { return .full }
        if word.hasPrefix("low") { return .low }
        return nil
    }
}
