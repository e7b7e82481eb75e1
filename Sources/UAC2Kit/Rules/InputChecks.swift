/// What the reader could not decode: a partly decoded input is still checked, and says where it stopped.
enum InputChecks {
    static let table: [String: RuleCheck] = [
        "USB-READ-001": { diagnostics($0, .error, "USB-READ-001") },
        "USB-READ-002": { diagnostics($0, .warning, "USB-READ-002") },
    ]

    static func diagnostics(_ ci: CheckInput, _ severity: Diagnostic.Severity, _ id: String) -> [Finding] {
        let config = ci.configs.last.map { "\($0.config.value)" } ?? "1"
        return ci.input.diagnostics.filter { $0.severity == severity }.map { d in
            ci.finding(id, FindingLocation(source: d.location), [
                "where": d.location.description, "detail": d.message, "config": config])
        }
    }
}
