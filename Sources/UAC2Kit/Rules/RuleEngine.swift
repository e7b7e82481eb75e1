/// Options of a check run.
public struct CheckOptions: Sendable {
    /// Bus speed to assume when the input does not state one (overrides inference).
    public var speed: USBSpeed?
    /// Sample rates to size UAC2/UAC3 packets for: their rates come from the clock's GET RANGE request,
    /// which no descriptor capture holds. UAC1 alternate settings use their own rate table.
    public var rates: [Int]
    /// Identical findings over the alternate settings of an interface are given as one finding
    /// naming each alt (what people read). `fix` and `diff` work place by place and turn it off.
    public var groupOverAlternates = true

    public init(speed: USBSpeed? = nil, rates: [Int] = [48000]) {
        self.speed = speed
        self.rates = rates
    }
}

/// One device as checked: how it is named and at which speeds it was judged, and why.
public struct CheckedDevice: Sendable, Hashable {
    public var label: String
    public var judgement: SpeedJudgement
    /// With an unknown speed: the verdict at each speed it was judged at, and one sentence per
    /// streaming alt whose bandwidth verdict depends on the speed.
    public var perSpeed: [SpeedVerdict] = []
    public var bandwidthBySpeed: [String] = []
    /// The speed when it is known; nil when the device is judged at several.
    public var speed: USBSpeed? { judgement.known }
    public var speedReason: String { judgement.reason }
}

/// What one speed of an unknown-speed device comes to: its worst finding and the counts.
public struct SpeedVerdict: Sendable, Hashable {
    public var speed: USBSpeed
    public var errors: Int
    public var warnings: Int
    public var worst: RuleSeverity? { errors > 0 ? .error : warnings > 0 ? .warning : nil }
}

/// All findings for one input.
public struct CheckResult: Sendable {
    public var name: String
    public var format: InputFormat
    public var devices: [CheckedDevice]
    public var findings: [Finding]
    /// False when not a single descriptor could be read: the input is unreadable, not clean.
    public var decoded: Bool

    public func count(_ s: RuleSeverity) -> Int { findings.filter { $0.severity == s }.count }
    public var worst: RuleSeverity? { findings.map(\.severity).min() }
}

/// What the checks see of one configuration: the configuration, its audio functions and the speed it
/// runs at (an other-speed configuration runs at the other of full/high).
struct ConfigScope: Sendable {
    let deviceIndex: Int
    let device: USBDevice
    let config: Configuration
    let speed: USBSpeed?
    let functions: [AudioFunction]
    /// The configuration is the input's last and holds fewer bytes than its wTotalLength: the input may
    /// be cut short, so counts that the missing tail would complete are not judged.
    var cutShort = false

    /// True for the last alternate setting of a configuration that may be cut short.
    func mayBeCut(_ alt: AltSetting) -> Bool {
        cutShort && config.altSettings.last.map { $0.descriptor.location == alt.descriptor.location } == true
    }

    func loc(_ d: Descriptor?, interface: Int? = nil, alt: Int? = nil, entity: String? = nil,
             endpoint: UInt8? = nil) -> FindingLocation {
        var l = FindingLocation(device: deviceIndex, configuration: config.value, otherSpeed: config.isOtherSpeed,
                                interface: interface, alternate: alt, entity: entity, endpoint: endpoint,
                                source: d?.location ?? SourceLocation())
        l.length = d.map { $0.bytes.count }
        return l
    }

    func loc(_ alt: AltSetting, endpoint: Endpoint? = nil) -> FindingLocation {
        loc(endpoint?.descriptor ?? alt.descriptor, interface: alt.interfaceNumber, alt: alt.alternateSetting,
            endpoint: endpoint?.address)
    }

    func loc(_ e: AudioEntity) -> FindingLocation { loc(e.descriptor, entity: e.label) }

    var speedName: String { speed.map(RuleText.speedName) ?? "unknown speed" }
}

/// Everything one check gets: the decoded input and a scope per configuration of every device.
struct CheckInput: Sendable {
    let input: DecodedInput
    let options: CheckOptions
    let devices: [CheckedDevice]
    /// The speed each device is judged at in this pass (its known speed, or one it may run at).
    let speeds: [USBSpeed?]
    let configs: [ConfigScope]
    let bandwidth: [BandwidthFacts]
    /// The rule whose check runs on this input; set by the engine before each check.
    private var bound: Rule?

    init(input: DecodedInput, options: CheckOptions, devices: [CheckedDevice], speeds: [USBSpeed?], configs: [ConfigScope],
         bandwidth: [BandwidthFacts]) {
        self.input = input
        self.options = options
        self.devices = devices
        self.speeds = speeds
        self.configs = configs
        self.bandwidth = bandwidth
    }

    /// This input as the check of `rule` sees it.
    func bound(to rule: Rule) -> CheckInput {
        var c = self
        c.bound = rule
        return c
    }

    /// The rule being checked (a check runs only through `RuleEngine.run`, which binds it).
    var rule: Rule {
        guard let bound else { preconditionFailure("a check ran without its rule (call it through RuleEngine)") }
        return bound
    }

    /// A finding of the rule being checked.
    func finding(_ location: FindingLocation, _ values: [String: String]) -> Finding {
        Finding(rule: rule, location: location, values: values)
    }
}

typealias RuleCheck = @Sendable (CheckInput) -> [Finding]

public enum RuleEngine {
    /// Runs every check of the catalogue on one decoded input (partly decoded inputs included). A
    /// device whose speed nothing proves is judged at every speed it may run at, one pass each: a
    /// finding every pass gives holds whatever the speed; one that only some passes give names its speed.
    public static func check(_ input: DecodedInput, options: CheckOptions = CheckOptions()) -> CheckResult {
        var devices = input.devices.map { dev in
            CheckedDevice(label: label(dev), judgement: SpeedJudgement.judge(dev, option: options.speed))
        }
        let passes = devices.map(\.judgement.speeds.count).max() ?? 1
        var results: [(speeds: [USBSpeed?], findings: [Finding])] = []
        var total: [FindingKind: Int] = [:]
        for k in 0..<max(passes, 1) {
            let speeds = devices.map { d -> USBSpeed? in d.judgement.speeds.isEmpty ? nil : d.judgement.speeds[min(k, d.judgement.speeds.count - 1)] }
            // Capped per pass before the passes are compared: comparing renders every message.
            let (kept, totals) = capped(run(input, options, devices, speeds))
            let sameOverAlts = options.groupOverAlternates ? grouped(kept) : kept
            for (kind, n) in totals { total[kind] = max(total[kind] ?? 0, n) }
            results.append((speeds, sameOverAlts))
        }
        var findings = merge(results, devices)
        for (di, d) in devices.enumerated() where !d.judgement.isKnown {
            devices[di].perSpeed = results.compactMap { r in
                guard let s = r.speeds[di] else { return nil }
                let mine = r.findings.filter { $0.location.device == di || $0.location.device == nil }
                return SpeedVerdict(speed: s, errors: mine.filter { $0.severity == .error }.count,
                                    warnings: mine.filter { $0.severity == .warning }.count)
            }
            devices[di].bandwidthBySpeed = BandwidthFacts.bySpeedSentences(input.devices[di], d.judgement, options)
        }
        findings = dedupe(findings)
        findings.sort { a, b in
            if a.severity != b.severity { return a.severity < b.severity }
            let oa = a.location.source.offset ?? a.location.source.line ?? Int.max
            let ob = b.location.source.offset ?? b.location.source.line ?? Int.max
            if oa != ob { return oa < ob }
            if a.ruleID != b.ruleID { return a.ruleID < b.ruleID }
            return (a.location.speed ?? .low) < (b.location.speed ?? .low)
        }
        findings = counted(capped(findings).kept, total)
        let decoded = input.devices.contains { !$0.sequence.isEmpty }
        return CheckResult(name: input.name, format: input.format, devices: devices, findings: findings, decoded: decoded)
    }

    /// One pass of every check, each device at the speed `speeds` gives it.
    static func run(_ input: DecodedInput, _ options: CheckOptions, _ devices: [CheckedDevice], _ speeds: [USBSpeed?]) -> [Finding] {
        var configs: [ConfigScope] = []
        for (di, dev) in input.devices.enumerated() {
            let speed = speeds[di]
            for c in dev.configurations {
                let s = c.isOtherSpeed ? speed?.other : speed
                var scope = ConfigScope(deviceIndex: di, device: dev, config: c, speed: s, functions: c.audioFunctions)
                let actual = c.sequence.reduce(0) { $0 + $1.bytes.count }
                scope.cutShort = di == input.devices.count - 1 && c.descriptor == dev.configurations.last?.descriptor
                    && actual < (c.descriptor["wTotalLength"] ?? 0)
                configs.append(scope)
            }
        }
        let ci = CheckInput(input: input, options: options, devices: devices, speeds: speeds, configs: configs,
                            bandwidth: BandwidthFacts.make(input.devices, speeds, options))
        var findings: [Finding] = []
        for rule in RuleCatalog.all { findings += rule.check(ci.bound(to: rule)) }
        return findings
    }

    /// Findings of the per-speed passes: one every pass gives is kept once; one that only some give is
    /// kept per pass, its location naming the speed (only for devices whose speed is unknown).
    static func merge(_ passes: [(speeds: [USBSpeed?], findings: [Finding])], _ devices: [CheckedDevice]) -> [Finding] {
        guard passes.count > 1 else { return passes.first?.findings ?? [] }
        func key(_ f: Finding) -> String { f.ruleID + "|" + f.location.description + "|" + f.message }
        let sets = passes.map { Set($0.findings.map(key)) }
        var out: [Finding] = []
        var seen = Set<String>()
        for (k, pass) in passes.enumerated() {
            for f in pass.findings {
                let id = key(f)
                if sets.allSatisfy({ $0.contains(id) }) {
                    if seen.insert(id).inserted { out.append(f) }
                    continue
                }
                var g = f
                if let d = f.location.device, d < devices.count, !devices[d].judgement.isKnown { g.location.speed = pass.speeds[d] }
                if seen.insert(key(g) + "|\(k)").inserted { out.append(g) }
            }
        }
        return out
    }

    /// Identical findings over the alternate settings of one interface, as one finding that names
    /// every alt it covers (a device with nine alts of one format printed the same what and fix nine
    /// times). Identical means: same rule, severity, device, configuration, interface, endpoint,
    /// entity and speed, and the same texts once the finding's own "interface I alt A" is left out.
    /// Findings that differ in any figure (a packet size, a rate, a channel count) stay apart.
    static func grouped(_ fs: [Finding]) -> [Finding] {
        func bucket(_ f: Finding) -> FindingLocation? {
            guard f.location.alternate != nil else { return nil }
            var l = f.location
            l.alternate = nil
            l.source = SourceLocation()
            l.length = nil
            return l
        }
        // Keyed by the place itself (Hashable), not by its rendered text: no string built per finding.
        struct Bucket: Hashable { let rule: String; let severity: RuleSeverity; let place: FindingLocation }
        var members: [Bucket: [Int]] = [:]
        for (i, f) in fs.enumerated() {
            guard let b = bucket(f) else { continue }
            members[Bucket(rule: f.ruleID, severity: f.severity, place: b), default: []].append(i)
        }
        var covered = Set<Int>()
        var replacement: [Int: Finding] = [:]
        for (_, idx) in members where idx.count > 1 {
            var byText: [String: [Int]] = [:]
            var order: [String] = []
            for i in idx {
                let t = fs[i].identity()
                if byText[t] == nil { order.append(t) }
                byText[t, default: []].append(i)
            }
            for t in order {
                // One group per distinct alt number: a device that declares one alt number twice
                // keeps the second as a finding of its own (USB-CH9 names the duplicate).
                var rest = byText[t]!
                while rest.count > 1 {
                    var alts = Set<Int>()
                    let round = rest.filter { alts.insert(fs[$0].location.alternate ?? -1).inserted }
                    rest = rest.filter { !round.contains($0) }
                    guard round.count > 1 else { continue }
                    replacement[round[0]] = fs[round[0]].grouping(round.dropFirst().map { fs[$0] })
                    covered.formUnion(round.dropFirst())
                }
            }
        }
        return fs.indices.compactMap { i in covered.contains(i) ? nil : replacement[i] ?? fs[i] }
    }

    /// Findings of one rule kept per device; the last one kept counts the rest. A crafted input can
    /// repeat one mistake without limit (250 selector units gave 336,338 findings, 568 MB of text); past
    /// a few dozen, more of the same tells a developer nothing new.
    public static let findingsPerRulePerDevice = 100

    struct FindingKind: Hashable { let rule: String; let device: Int? }

    /// The first findings of each kind, and how many each kind had.
    static func capped(_ fs: [Finding]) -> (kept: [Finding], totals: [FindingKind: Int]) {
        var totals: [FindingKind: Int] = [:]
        var out: [Finding] = []
        for f in fs {
            let k = FindingKind(rule: f.ruleID, device: f.location.device)
            let n = totals[k, default: 0] + 1
            totals[k] = n
            if n <= findingsPerRulePerDevice { out.append(f) }
        }
        return (out, totals)
    }

    /// The last finding kept of each kind says how many more there were.
    static func counted(_ fs: [Finding], _ totals: [FindingKind: Int]) -> [Finding] {
        // A finding grouped over alternate settings stands for each place it names.
        var kept: [FindingKind: Int] = [:], places: [FindingKind: Int] = [:]
        for f in fs {
            let k = FindingKind(rule: f.ruleID, device: f.location.device)
            kept[k, default: 0] += 1
            places[k, default: 0] += 1 + f.location.sameAt.count
        }
        var seen: [FindingKind: Int] = [:]
        return fs.map { f in
            let k = FindingKind(rule: f.ruleID, device: f.location.device)
            let n = seen[k, default: 0] + 1
            seen[k] = n
            let more = (totals[k] ?? 0) - places[k]!
            return n == kept[k]! && more > 0 ? f.summarizing(omitted: more) : f
        }
    }

    static func dedupe(_ fs: [Finding]) -> [Finding] {
        // Messages are rendered only where rule and place collide: rendering every finding's text
        // first cost a quarter of a check with 65,000 findings.
        var atPlace: [String: Int] = [:]
        for f in fs { atPlace[f.ruleID + "|" + f.location.description, default: 0] += 1 }
        var seen = Set<String>()
        return fs.filter { f in
            let key = f.ruleID + "|" + f.location.description
            return atPlace[key]! == 1 || seen.insert(key + "|" + f.message).inserted
        }
    }

    static func label(_ dev: USBDevice) -> String {
        var s = dev.label ?? "device"
        if let v = dev.idVendor, let p = dev.idProduct, dev.label == nil {
            s = "device \(hexN(UInt64(v), digits: 4)):\(hexN(UInt64(p), digits: 4))"
        }
        return s
    }

    /// Exit status for a set of results: 65 unreadable, else 2 errors, 1 warnings (unless only errors fail).
    public static func exitStatus(_ results: [CheckResult], unreadable: Bool, failOn: RuleSeverity) -> Int32 {
        if unreadable || results.contains(where: { !$0.decoded }) { return 65 }
        let worst = results.compactMap(\.worst).min()
        switch worst {
        case .error?: return 2
        case .warning? where failOn != .error: return 1
        default: return 0
        }
    }
}
