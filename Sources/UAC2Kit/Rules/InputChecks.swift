/// What the reader could not decode: a partly decoded input is still checked, and says where it stopped.
enum InputChecks {
    static func diagnostics(_ ci: CheckInput, _ severity: Diagnostic.Severity) -> [Finding] {
        let config = ci.configs.last.map { "\($0.config.value)" } ?? "1"
        return ci.input.diagnostics.filter { $0.severity == severity }.map { d in
            ci.finding(FindingLocation(source: d.location), [
                "where": d.location.description, "detail": d.message, "config": config])
        }
    }
}
