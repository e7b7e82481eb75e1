/// The checks, keyed by rule id. Each returns only findings of its own rule; all wording is in the catalogue.
enum RuleChecks {
    static let table: [String: RuleCheck] = {
        var t: [String: RuleCheck] = [:]
        for part in [Chapter9Checks.table, FunctionChecks.table, LengthChecks.table, TopologyChecks.table,
                     ControlChecks.table, FormatChecks.table, EndpointChecks.table, BandwidthChecks.table,
                     InputChecks.table, SuperSpeedChecks.table] {
            t.merge(part) { a, _ in a }
        }
        return t
    }()
}
