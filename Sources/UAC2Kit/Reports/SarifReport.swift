/// SARIF 2.1.0 for GitHub code scanning: one rule entry per catalogue id (with help text and host
/// consequences), one result per finding located in its input file by line (text inputs: hex dumps,
/// C arrays, lsusb) or by byte offset (raw descriptor blobs).
public enum SarifReport {
    public static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

    public static func document(_ results: [CheckResult], rules: [Rule] = RuleCatalog.all) -> JSONValue {
        var index: [String: Int] = [:]
        for (i, r) in rules.enumerated() { index[r.id] = i }
        var out: [JSONValue] = []
        for r in results {
            for f in r.findings {
                let device = f.location.device.flatMap { r.devices.indices.contains($0) ? r.devices[$0] : nil }
                out.append(result(f, file: r.name, ruleIndex: index[f.ruleID], device: device))
            }
        }
        let driver: JSONValue = .object([
            ("name", .string("uac2")),
            ("version", .string(UAC2Kit.version)),
            ("semanticVersion", .string(UAC2Kit.version)),
            ("rules", .array(rules.map(rule))),
        ])
        return .object([
            ("$schema", .string(schemaURI)),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([
                ("tool", .object([("driver", driver)])),
                ("columnKind", .string("unicodeCodePoints")),
                ("results", .array(out)),
            ])])),
        ])
    }

    static func level(_ s: RuleSeverity) -> String {
        switch s {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        }
    }

    /// "USB-CH9-001" → "UsbCh9001": SARIF rule names are identifier-like.
    static func ruleName(_ r: Rule) -> String {
        r.title.split { !$0.isLetter && !$0.isNumber }.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    static func hostText(_ r: Rule) -> String {
        RuleHost.allCases.map { h in
            let lines = r.hosts.filter { $0.host == h }
            let text = lines.isEmpty ? RuleCatalog.undocumented : lines.map { "\($0.text) [\($0.source)]" }.joined(separator: " ")
            return "\(h.displayName): \(text)"
        }.joined(separator: "\n")
    }

    static func rule(_ r: Rule) -> JSONValue {
        let message = RuleCatalog.generic(r.message), fix = RuleCatalog.generic(r.fix)
        let help = "\(message)\n\nFix: \(fix)\n\nSpec: \(r.section)\n\n\(hostText(r))\n\n(Words in {braces} are filled with the values found.)"
        let markdown = "**\(r.title)** (\(r.section))\n\n\(message)\n\n**Fix:** \(fix)\n\n"
            + RuleHost.allCases.map { h -> String in
                let lines = r.hosts.filter { $0.host == h }
                let text = lines.isEmpty ? RuleCatalog.undocumented : lines.map { "\($0.text) \\[\($0.source)\\]" }.joined(separator: " ")
                return "- **\(h.displayName):** \(text)"
            }.joined(separator: "\n")
        return .object([
            ("id", .string(r.id)),
            ("name", .string(ruleName(r))),
            ("shortDescription", .object([("text", .string(r.title))])),
            ("fullDescription", .object([("text", .string("\(r.title). \(r.section)."))])),
            ("help", .object([("text", .string(help)), ("markdown", .string(markdown))])),
            ("defaultConfiguration", .object([("level", .string(level(r.severity)))])),
            ("properties", .object([("tags", .array([.string("usb"), .string("usb-audio"), .string(family(r.id))])),
                                    ("section", .string(r.section))])),
        ])
    }

    static func family(_ id: String) -> String { id.split(separator: "-").dropLast().joined(separator: "-") }

    /// A relative URI reference for a path (percent-encoding what a URI cannot hold).
    static func uri(_ path: String) -> String {
        if path == "<stdin>" { return "stdin" }
        var out = ""
        for u in path.unicodeScalars {
            if u.isASCII, u.value > 0x20, !"%#?[]\\\"<>{}|^`".unicodeScalars.contains(u) { out.unicodeScalars.append(u) }
            else { for b in String(u).utf8 { out += "%" + hexN(UInt64(b), digits: 2).uppercased() } }
        }
        return out
    }

    /// The speed a finding holds at and the evidence for it, as result properties: `speed` (the
    /// speed judged), `speedKnown`, `speedEvidence` (the reason) and `speedEvidenceSources`.
    static func speedProperties(_ f: Finding, _ d: CheckedDevice?) -> [(String, JSONValue)] {
        guard let d else { return [] }
        var kv: [(String, JSONValue)] = []
        if let s = f.location.speed ?? d.speed { kv.append(("speed", .string(s.rawValue))) }
        kv.append(("speedKnown", .bool(d.judgement.isKnown)))
        kv.append(("speedEvidence", .string(d.speedReason)))
        kv.append(("speedEvidenceSources", .array(d.judgement.evidence.map { .string($0.source.rawValue) })))
        return kv
    }

    /// One SARIF location: the file region (line, or byte range for a blob) and the place in the device.
    static func location(_ l: FindingLocation, file: String) -> JSONValue {
        var region: [(String, JSONValue)] = []
        if let line = l.source.line, line >= 1 {
            region.append(("startLine", .int(line)))
        } else if let o = l.source.offset, o >= 0 {
            region.append(("byteOffset", .int(o)))
            region.append(("byteLength", .int(max(1, l.length ?? 1))))
        }
        var physical: [(String, JSONValue)] = [("artifactLocation", .object([("uri", .string(uri(file)))]))]
        if !region.isEmpty { physical.append(("region", .object(region))) }
        return .object([
            ("physicalLocation", .object(physical)),
            ("logicalLocations", .array([.object([("fullyQualifiedName", .string(l.description)),
                                                  ("kind", .string("object"))])])),
        ])
    }

    /// A finding grouped over alternate settings is one result with one location per alt: SARIF 2.1.0
    /// §3.27.12 allows several when the problem is only corrected by a change at each of them, which
    /// is the case (each alt's descriptor carries the same wrong value).
    static func result(_ f: Finding, file: String, ruleIndex: Int?, device: CheckedDevice? = nil) -> JSONValue {
        var kv: [(String, JSONValue)] = [("ruleId", .string(f.ruleID))]
        if let i = ruleIndex { kv.append(("ruleIndex", .int(i))) }
        kv += [
            ("level", .string(level(f.severity))),
            ("message", .object([("text", .string("\(f.message) Fix: \(f.fix) (at \(f.location.description))"))])),
            ("locations", .array(f.location.places.map { location($0, file: file) })),
            ("properties", .object(f.values.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) }
                                   + speedProperties(f, device))),
        ]
        return .object(kv)
    }
}
