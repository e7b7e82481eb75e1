/// Options of a check run.
public struct CheckOptions: Sendable {
    /// Bus speed to assume when the input does not state one (overrides inference).
    public var speed: USBSpeed?
    /// Sample rates to size UAC2/UAC3 packets for: their rates come from the clock's GET RANGE request,
    /// which no descriptor capture holds. UAC1 alternate settings use their own rate table.
    public var rates: [Int]

    public init(speed: USBSpeed? = nil, rates: [Int] = [48000]) {
        self.speed = speed
        self.rates = rates
    }
}

/// One device as checked: how it is named and at which speed it was judged, and why.
public struct CheckedDevice: Sendable, Hashable {
    public var label: String
    public var speed: USBSpeed?
    public var speedReason: String
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
    let configs: [ConfigScope]
    let bandwidth: [BandwidthFacts]

    func finding(_ id: String, _ location: FindingLocation, _ values: [String: String]) -> Finding {
        let rule = RuleCatalog.rule(id) ?? Rule(id, .error, title: id, section: "", message: "rule \(id) is missing from the catalogue", fix: "", hosts: [])
        return Finding(rule: rule, location: location, values: values)
    }
}

typealias RuleCheck = @Sendable (CheckInput) -> [Finding]

public enum RuleEngine {
    /// Runs every check of the catalogue on one decoded input (partly decoded inputs included).
    public static func check(_ input: DecodedInput, options: CheckOptions = CheckOptions()) -> CheckResult {
        var devices: [CheckedDevice] = []
        var configs: [ConfigScope] = []
        for (di, dev) in input.devices.enumerated() {
            let (speed, reason) = SpeedJudgement.judge(dev, option: options.speed)
            devices.append(CheckedDevice(label: label(dev), speed: speed, speedReason: reason))
            for c in dev.configurations {
                let s = c.isOtherSpeed ? SpeedJudgement.other(speed) : speed
                var scope = ConfigScope(deviceIndex: di, device: dev, config: c, speed: s, functions: c.audioFunctions)
                let actual = c.sequence.reduce(0) { $0 + $1.bytes.count }
                scope.cutShort = di == input.devices.count - 1 && c.descriptor == dev.configurations.last?.descriptor
                    && actual < (c.descriptor["wTotalLength"] ?? 0)
                configs.append(scope)
            }
        }
        let ci = CheckInput(input: input, options: options, devices: devices, configs: configs,
                            bandwidth: BandwidthFacts.make(input.devices, devices, options))
        var findings: [Finding] = []
        for rule in RuleCatalog.all {
            guard let check = RuleChecks.table[rule.id] else { continue }
            findings += check(ci)
        }
        findings = dedupe(findings)
        findings.sort { a, b in
            if a.severity != b.severity { return a.severity < b.severity }
            let oa = a.location.source.offset ?? a.location.source.line ?? Int.max
            let ob = b.location.source.offset ?? b.location.source.line ?? Int.max
            if oa != ob { return oa < ob }
            return a.ruleID < b.ruleID
        }
        findings = capped(findings)
        let decoded = input.devices.contains { !$0.sequence.isEmpty }
        return CheckResult(name: input.name, format: input.format, devices: devices, findings: findings, decoded: decoded)
    }

    /// Findings of one rule kept per device; the last one kept counts the rest. A crafted input can
    /// repeat one mistake without limit (250 selector units gave 336,338 findings, 568 MB of text); past
    /// a few dozen, more of the same tells a developer nothing new.
    public static let findingsPerRulePerDevice = 20

    static func capped(_ fs: [Finding]) -> [Finding] {
        struct Kind: Hashable { let rule: String; let device: Int? }
        var total: [Kind: Int] = [:]
        for f in fs { total[Kind(rule: f.ruleID, device: f.location.device), default: 0] += 1 }
        guard total.values.contains(where: { $0 > findingsPerRulePerDevice }) else { return fs }
        var kept: [Kind: Int] = [:]
        var out: [Finding] = []
        for f in fs {
            let k = Kind(rule: f.ruleID, device: f.location.device)
            let n = kept[k, default: 0] + 1
            kept[k] = n
            guard n <= findingsPerRulePerDevice else { continue }
            let all = total[k]!
            out.append(n == findingsPerRulePerDevice && all > n ? f.summarizing(omitted: all - n) : f)
        }
        return out
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

/// The speed a device is judged at: --speed, the input's own statement, or a certain inference.
enum SpeedJudgement {
    static func judge(_ dev: USBDevice, option: USBSpeed?) -> (USBSpeed?, String) {
        if let o = option { return (o, "given with --speed") }
        if let s = dev.speed { return (s, "stated by the input") }
        // A device that declares USB 1.x cannot run at high speed (USB 2.0 §9.6.1).
        if let bcd = dev.bcdUSB, bcd < 0x0200, bcd > 0 {
            return (.full, "bcdUSB \(bcd >> 8).\(RuleText.hex(bcd & 0xFF)): a USB 1.x device runs at full speed")
        }
        // The bandwidth engine's guess also reads feedback sizes and packet sizes.
        let guess = BandwidthDeviceReport(BandwidthDeviceInput(device: dev), speed: nil, rates: [48000]).speedGuess
        if guess.isCertain, let c = guess.candidates.first {
            return (usbSpeed(c), "inferred: " + guess.reasons.joined(separator: "; "))
        }
        return (nil, guess.reasons.joined(separator: "; "))
    }

    static func usbSpeed(_ b: BandwidthBusSpeed) -> USBSpeed {
        switch b {
        case .full: return .full
        case .high: return .high
        case .superSpeed: return .super
        case .superPlus: return .superPlus
        }
    }

    static func busSpeed(_ s: USBSpeed?) -> BandwidthBusSpeed? {
        switch s {
        case .full?: return .full
        case .high?: return .high
        case .super?: return .superSpeed
        case .superPlus?: return .superPlus
        default: return nil
        }
    }

    /// An other-speed configuration describes the device at the speed it is not running at.
    static func other(_ s: USBSpeed?) -> USBSpeed? {
        switch s {
        case .full?: return .high
        case .high?: return .full
        default: return nil
        }
    }
}
