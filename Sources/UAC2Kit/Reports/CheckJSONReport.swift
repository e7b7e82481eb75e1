/// `uac2 check --json`: the same findings as data, schema version 1.
public enum CheckJSONReport {
    public static let schemaVersion = 1

    public static func document(_ results: [CheckResult], exitStatus: Int32) -> JSONValue {
        .object([
            ("schemaVersion", .int(schemaVersion)),
            ("tool", .object([("name", .string("uac2")), ("version", .string(UAC2Kit.version))])),
            ("exitStatus", .int(Int(exitStatus))),
            ("inputs", .array(results.map(input))),
        ])
    }

    static func opt(_ v: Int?) -> JSONValue { v.map { .int($0) } ?? .null }
    static func opt(_ v: String?) -> JSONValue { v.map { .string($0) } ?? .null }

    public static func input(_ r: CheckResult) -> JSONValue {
        .object([
            ("file", .string(r.name)),
            ("format", .string(r.format.rawValue)),
            ("decoded", .bool(r.decoded)),
            ("devices", .array(r.devices.map { d in
                .object([("label", .string(d.label)), ("speed", opt(d.speed?.rawValue)), ("speedReason", .string(d.speedReason)),
                         ("judgedAt", .array(d.judgement.speeds.map { .string($0.rawValue) })),
                         ("speedEvidence", .array(d.judgement.evidence.map(evidence))),
                         ("perSpeed", .array(d.perSpeed.map { v in
                             .object([("speed", .string(v.speed.rawValue)), ("errors", .int(v.errors)), ("warnings", .int(v.warnings))])
                         })),
                         ("bandwidthBySpeed", .array(d.bandwidthBySpeed.map { .string($0) }))])
            })),
            ("summary", .object([("errors", .int(r.count(.error))), ("warnings", .int(r.count(.warning))),
                                 ("info", .int(r.count(.info)))])),
            ("findings", .array(r.findings.map(finding))),
        ])
    }

    /// One fact behind a speed: where it comes from, what it allows, why, and where it is.
    public static func evidence(_ e: SpeedEvidence) -> JSONValue {
        .object([("source", .string(e.source.rawValue)), ("speeds", .array(e.speeds.map { .string($0.rawValue) })),
                 ("reason", .string(e.reason)), ("place", opt(e.place))])
    }

    /// One place of a finding, as data.
    static func location(_ l: FindingLocation) -> JSONValue {
        .object([
            ("text", .string(l.description)), ("device", opt(l.device)), ("configuration", opt(l.configuration)),
            ("otherSpeed", .bool(l.otherSpeed)), ("interface", opt(l.interface)), ("alternateSetting", opt(l.alternate)),
            ("entity", opt(l.entity)), ("endpoint", opt(l.endpoint.map(Int.init))),
            ("offset", opt(l.source.offset)), ("line", opt(l.source.line)),
            ("speed", opt(l.speed?.rawValue)),
        ])
    }

    /// `location` is the finding's first place (its `text` names every place of a grouped finding);
    /// `locations` lists each place it covers, one per alternate setting when identical findings over
    /// the alternate settings of an interface are given as one (a single place otherwise).
    public static func finding(_ f: Finding) -> JSONValue {
        let l = f.location
        return .object([
            ("id", .string(f.ruleID)),
            ("severity", .string(f.severity.rawValue)),
            ("title", .string(f.title)),
            ("section", .string(RuleCatalog.rule(f.ruleID)?.section ?? "")),
            ("message", .string(f.message)),
            ("fix", .string(f.fix)),
            ("location", location(l)),
            ("locations", .array(l.places.map(location))),
            ("hosts", .array(f.hosts.map { h in
                .object([("host", .string(h.host.rawValue)), ("text", .string(h.text)), ("source", .string(h.source))])
            })),
            ("values", .object(f.values.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })),
        ])
    }
}
