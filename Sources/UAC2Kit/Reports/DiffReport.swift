/// `uac2 diff` as text and JSON.
public enum DiffReport {
    static func place(_ l: SourceLocation?) -> String {
        guard let l, l.offset != nil || l.line != nil else { return "" }
        return l.description
    }

    public static func text(_ r: DiffResult) -> String {
        var out: [String] = []
        out.append("uac2 diff: old \(r.old.name) (\(r.old.format.rawValue)), new \(r.new.name) (\(r.new.format.rawValue))")
        var counts: [DescriptorDifference.Kind: Int] = [:]
        for dev in r.devices where !dev.differences.isEmpty {
            out.append("")
            out.append("\(dev.label):")
            for d in dev.differences {
                counts[d.kind, default: 0] += 1
                let whereText: String
                switch d.kind {
                case .added: whereText = "new " + place(d.new)
                case .removed: whereText = "old " + place(d.old)
                default: whereText = "old \(place(d.old)), new \(place(d.new))"
                }
                out.append("  \(d.kind.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0))\(d.key)  [\(d.title); \(whereText)]")
                if let old = d.oldKey { out.append("          was \(old)") }
                for f in d.fields { out.append("          \(f.name): \(f.oldText) -> \(f.newText)") }
            }
        }
        let gone = r.findings.filter { !$0.appeared }, new = r.findings.filter(\.appeared)
        if !r.findings.isEmpty {
            out.append("")
            out.append("Findings:")
            for f in gone { out.append("  - \(f.ruleID) \(f.severity.rawValue)  \(f.place): \(f.message)  (gone in the new input)") }
            for f in new { out.append("  + \(f.ruleID) \(f.severity.rawValue)  \(f.place): \(f.message)  (new)") }
        }
        out.append("")
        if r.isSame {
            out.append("Same descriptors and findings; exit status 0.")
        } else {
            let parts = [DescriptorDifference.Kind.changed, .added, .removed, .moved].map { "\(counts[$0, default: 0]) \($0.rawValue)" }
            out.append("\(parts.joined(separator: ", ")) descriptor(s); \(gone.count) finding(s) gone, \(new.count) new (\(new.filter { $0.severity == .error }.count) error(s)); exit status \(r.exitStatus).")
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func location(_ l: SourceLocation?) -> JSONValue {
        guard let l else { return .null }
        return .object([("offset", l.offset.map { .int($0) } ?? .null), ("line", l.line.map { .int($0) } ?? .null)])
    }

    public static func json(_ r: DiffResult) -> JSONValue {
        func input(_ d: DecodedInput) -> JSONValue { .object([("name", .string(d.name)), ("format", .string(d.format.rawValue))]) }
        let devices: [JSONValue] = r.devices.map { dev in
            .object([("index", .int(dev.index)), ("label", .string(dev.label)), ("differences", .array(dev.differences.map { d in
                .object([("kind", .string(d.kind.rawValue)), ("key", .string(d.key)), ("oldKey", d.oldKey.map { .string($0) } ?? .null),
                         ("descriptor", .string(d.title)), ("old", location(d.old)), ("new", location(d.new)),
                         ("fields", .array(d.fields.map { f in
                             .object([("name", .string(f.name)), ("old", .string(f.oldText)), ("new", .string(f.newText)),
                                      ("oldValues", .array(f.oldValues.map { .int(Int(truncatingIfNeeded: $0)) })),
                                      ("newValues", .array(f.newValues.map { .int(Int(truncatingIfNeeded: $0)) }))])
                         }))])
            }))])
        }
        func finding(_ f: FindingDifference) -> JSONValue {
            .object([("ruleId", .string(f.ruleID)), ("severity", .string(f.severity.rawValue)), ("where", .string(f.place)), ("message", .string(f.message))])
        }
        return .object([
            ("schemaVersion", .int(1)), ("old", input(r.old)), ("new", input(r.new)), ("same", .bool(r.isSame)),
            ("exitStatus", .int(Int(r.exitStatus))), ("devices", .array(devices)),
            ("findings", .object([("appeared", .array(r.findings.filter(\.appeared).map(finding))),
                                  ("disappeared", .array(r.findings.filter { !$0.appeared }.map(finding)))])),
        ])
    }
}
