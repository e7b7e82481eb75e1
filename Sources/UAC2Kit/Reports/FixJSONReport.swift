/// `uac2 fix --json`: the changes and what was left for a decision, for scripts and CI.
public enum FixJSONReport {
    public static func document(_ r: FixResult, written: FixWriter.Output, destination: String) -> JSONValue {
        func location(_ l: SourceLocation) -> JSONValue {
            .object([("offset", l.offset.map { .int($0) } ?? .null), ("line", l.line.map { .int($0) } ?? .null)])
        }
        let changes: [JSONValue] = r.changes.map { c in
            .object([("ruleId", .string(c.ruleID)), ("descriptor", .string(c.descriptor)), ("where", .string(c.place)),
                     ("source", location(c.source)), ("field", .string(c.field)),
                     ("old", .int(Int(truncatingIfNeeded: c.oldValue))), ("new", .int(Int(truncatingIfNeeded: c.newValue))),
                     ("oldText", .string(c.oldText)), ("newText", .string(c.newText)), ("why", .string(c.why))])
        }
        let choices: [JSONValue] = r.choices.filter { $0.severity != .info }.map { c in
            .object([("ruleId", .string(c.ruleID)), ("severity", .string(c.severity.rawValue)), ("where", .string(c.place)),
                     ("message", .string(c.message)), ("options", .string(c.options))])
        }
        return .object([
            ("schemaVersion", .int(1)), ("input", .object([("name", .string(r.name)), ("format", .string(r.format.rawValue))])),
            ("output", .object([("path", .string(destination)), ("form", .string(written.form)), ("bytes", .int(r.bytes.count))])),
            ("settled", .bool(r.settled)), ("changes", .array(changes)), ("needsDecision", .array(choices)),
            ("notes", .array((r.notes + written.notes).map { .string($0) })),
        ])
    }
}
