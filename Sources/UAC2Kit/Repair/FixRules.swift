/// One row per rule whose finding `fix` can repair without a design decision: the row turns the
/// finding into new field values, taken from the finding's own figures so that `check` and `fix`
/// can never disagree about what is right. A rule without a row is listed for its author, not fixed.

/// A new value for one field (one element of an array field) of one descriptor of the stream.
struct FieldPatch: Sendable {
    /// Stream offset of the descriptor (its `location.offset`: the fixer feeds streams offset by offset).
    var descriptorOffset: Int
    var field: String
    var index = 0
    var value: UInt64
    var ruleID: String
    var why: String
    var place: String
}

/// What a row made of a finding.
struct FixOutcome: Sendable {
    var patches: [FieldPatch] = []
    var choices: [FixChoice] = []
    var notes: [String] = []
    /// False when this finding, here, needs a decision after all (it is then listed).
    var mechanical = true

    static let notMechanical = FixOutcome(mechanical: false)
}

/// What a row sees: the decoded stream, the check on it, and its descriptors by stream offset.
struct FixContext: Sendable {
    let input: DecodedInput
    let result: CheckResult
    let options: CheckOptions
    let byOffset: [Int: Descriptor]
    /// The input may end early (a cut lsusb text, hex that stopped at a bad token, a truncated blob):
    /// a total longer than the bytes present is then no evidence that the total is wrong.
    let mayBeCut: Bool

    init(input: DecodedInput, result: CheckResult, options: CheckOptions, mayBeCut: Bool = false) {
        self.input = input
        self.mayBeCut = mayBeCut || input.hasErrors
        self.result = result
        self.options = options
        var map: [Int: Descriptor] = [:]
        for dev in input.devices { for d in dev.sequence { if let o = d.location.offset { map[o] = d } } }
        byOffset = map
    }

    func descriptor(_ f: Finding) -> Descriptor? { f.location.source.offset.flatMap { byOffset[$0] } }

    func configuration(_ f: Finding) -> Configuration? {
        guard let di = f.location.device, input.devices.indices.contains(di), let at = f.location.source.offset else { return nil }
        return input.devices[di].configurations.first { $0.descriptor.location.offset == at }
    }

    /// A patch of `field` of the finding's own descriptor, or nothing when the finding has no descriptor.
    func set(_ f: Finding, _ field: String, _ value: Int?, index: Int = 0, on d: Descriptor? = nil) -> FixOutcome {
        guard let d = d ?? descriptor(f), let o = d.location.offset, let value, value >= 0 else { return .notMechanical }
        return FixOutcome(patches: [FieldPatch(descriptorOffset: o, field: field, index: index, value: UInt64(value),
                                               ruleID: f.ruleID, why: f.message, place: f.location.key)])
    }
}

enum FixRules {
    typealias Row = @Sendable (FixContext, Finding) -> FixOutcome

    static let table: [String: Row] = [
        "USB-CH9-002": totalLength,
        "USB-CH9-003": { c, f in c.set(f, "bNumInterfaces", Int(f.values["actual"] ?? "")) },
        "USB-CH9-004": renumberInterfaces,
        "USB-CH9-005": { c, f in c.set(f, "bNumEndpoints", Int(f.values["actual"] ?? "")) },
        "USB-CH9-009": { c, f in c.set(f, "bmAttributes", c.descriptor(f)?["bmAttributes"].map { $0 | 0x80 }) },
        "UAC-FN-002": iadRange,
        "UAC-FN-004": { c, f in c.set(f, "wTotalLength", Int(f.values["actual"] ?? "")) },
        "UAC-CTL-001": illegalControlPairs,
        // Clock Validity is read-only by definition (Audio 2.0 §5.2.5.1.2): 0b11 -> 0b01.
        "UAC-CTL-003": { c, f in c.set(f, "bmControls", c.descriptor(f)?["bmControls"].map { ($0 & ~0xC) | 0x4 }) },
        "UAC-BW-002": packetSize,
        "UAC-BW-003": packetSize,
        "UAC-BW-000": packetSizeAtUnknownSpeed,
        "UAC-LEN-001": collectionCount,
        "UAC-LEN-002": collectionCount,
    ]

    /// The configuration's total from the bytes that belong to it; not when the input may end inside it.
    @Sendable static func totalLength(_ c: FixContext, _ f: Finding) -> FixOutcome {
        guard let actual = Int(f.values["actual"] ?? ""), let declared = Int(f.values["declared"] ?? "") else { return .notMechanical }
        let last = c.input.devices.last?.configurations.last?.descriptor.location == c.descriptor(f)?.location
        if actual < declared && last && c.mayBeCut { return .notMechanical }
        return c.set(f, "wTotalLength", actual)
    }

    /// wMaxPacketSize from the finding's figure (with the ±1 frame and, at high speed, the transaction bits).
    @Sendable static func packetSize(_ c: FixContext, _ f: Finding) -> FixOutcome {
        c.set(f, "wMaxPacketSize", f.values["neededHex"].flatMap { Int($0, radix: 16) })
    }

    /// UAC1 header: bInCollection is the count of baInterfaceNr bytes that bLength holds (Audio 1.0 Table 4-2).
    @Sendable static func collectionCount(_ c: FixContext, _ f: Finding) -> FixOutcome {
        guard let d = c.descriptor(f), d.layout.id == "UAC1_HEADER", d.bLength >= 8, d.bytes.count == d.bLength
        else { return .notMechanical }
        return c.set(f, "bInCollection", d.bLength - 8, on: d)
    }

    /// Every 0b10 control pair becomes 0b01 (read-only), the one reading a host can rely on.
    @Sendable static func illegalControlPairs(_ c: FixContext, _ f: Finding) -> FixOutcome {
        guard let d = c.descriptor(f), let o = d.location.offset else { return .notMechanical }
        var out = FixOutcome()
        for field in d.fields {
            guard let spec = ControlChecks.spec(d.layout, field.name), case .controls(let names) = spec.display else { continue }
            for (i, v) in field.values.enumerated() {
                var fixed = v
                for p in names.indices where (v >> (2 * UInt64(p))) & 3 == 2 {
                    fixed = (fixed & ~(UInt64(3) << (2 * UInt64(p)))) | (UInt64(1) << (2 * UInt64(p)))
                }
                if fixed != v {
                    out.patches.append(FieldPatch(descriptorOffset: o, field: field.name, index: i, value: fixed,
                                                  ruleID: f.ruleID, why: f.message, place: f.location.key))
                }
            }
        }
        return out
    }

    /// The IAD's range from the finding's figures: first = the AudioControl interface, count up to the
    /// last audio interface that follows it.
    @Sendable static func iadRange(_ c: FixContext, _ f: Finding) -> FixOutcome {
        guard let d = c.descriptor(f), let first = Int(f.values["fixFirst"] ?? ""), let count = Int(f.values["fixCount"] ?? ""),
              count > 0 else { return .notMechanical }
        var out = c.set(f, "bFirstInterface", first, on: d)
        out.patches += c.set(f, "bInterfaceCount", count, on: d).patches
        return out
    }

    /// Interfaces renumbered 0..n-1 in their order, with the IADs' bFirstInterface and the UAC1 headers'
    /// baInterfaceNr following. Refused when a non-audio class descriptor may name interface numbers
    /// (CDC Union, Video Control header): those layouts are not decoded, so they could not follow.
    @Sendable static func renumberInterfaces(_ c: FixContext, _ f: Finding) -> FixOutcome {
        guard let config = c.configuration(f) else { return .notMechanical }
        if config.altSettings.contains(where: { alt in
            alt.interfaceClass != 1 && alt.classSpecific.contains { $0.bDescriptorType == DescriptorType.csInterface }
        }) { return .notMechanical }
        let numbers = config.interfaces.map(\.number).sorted()
        var map: [Int: Int] = [:]
        for (new, old) in numbers.enumerated() { map[old] = new }
        var out = FixOutcome()
        func add(_ d: Descriptor, _ field: String, _ index: Int, _ value: Int) {
            guard let o = d.location.offset else { return }
            out.patches.append(FieldPatch(descriptorOffset: o, field: field, index: index, value: UInt64(value),
                                          ruleID: f.ruleID, why: f.message, place: f.location.key))
        }
        for alt in config.altSettings {
            if let n = map[alt.interfaceNumber], n != alt.interfaceNumber { add(alt.descriptor, "bInterfaceNumber", 0, n) }
            for d in alt.classSpecific where d.layout.id == "UAC1_HEADER" {
                for (i, v) in d.values("baInterfaceNr").enumerated() { if let n = map[v], n != v { add(d, "baInterfaceNr", i, n) } }
            }
        }
        for iad in config.associations {
            if let first = iad["bFirstInterface"], let n = map[first], n != first { add(iad, "bFirstInterface", 0, n) }
        }
        return out
    }

    /// The speed is unknown: the packet sizes are checked at every speed the device may run at and sized
    /// for all of them; where one speed cannot carry the format, that endpoint is left for a decision.
    @Sendable static func packetSizeAtUnknownSpeed(_ c: FixContext, _ f: Finding) -> FixOutcome {
        guard let di = f.location.device, c.input.devices.indices.contains(di) else { return FixOutcome() }
        let device = c.input.devices[di]
        let candidates = SpeedJudgement.judge(device).speeds
        guard candidates.count > 1 else { return FixOutcome() }
        var needed: [Int: (value: Int, finding: Finding, sizes: [String])] = [:]
        var blocked: [Int: Finding] = [:]
        var choices: [FixChoice] = []
        for s in candidates {
            var o = c.options
            o.speed = s
            for g in RuleEngine.check(c.input, options: o).findings where g.location.device == di {
                guard let at = g.location.source.offset else { continue }
                switch g.ruleID {
                case "UAC-BW-002", "UAC-BW-003":
                    guard let v = g.values["neededHex"].flatMap({ Int($0, radix: 16) }) else { continue }
                    let size = "\(g.values["needed"] ?? "?") B at \(RuleText.speedName(s))"
                    if let have = needed[at] {
                        needed[at] = (max(have.value, v), v > have.value ? g : have.finding, have.sizes + [size])
                    } else {
                        needed[at] = (v, g, [size])
                    }
                case "UAC-BW-001":
                    blocked[at] = g
                    choices.append(FixChoice(ruleID: g.ruleID, severity: g.severity, place: g.location.key + " (if it runs at \(RuleText.speedName(s)))",
                                             message: g.message, options: g.fix))
                default: continue
                }
            }
        }
        var out = FixOutcome(choices: choices)
        let names = candidates.map(RuleText.speedName).joined(separator: " and ")
        out.notes.append("The bus speed is not known (\(c.result.devices.indices.contains(di) ? c.result.devices[di].speedReason : "")): packet sizes were sized for \(names); name the speed with --speed to size for one.")
        // A format that exceeds one speed's limit cannot be sized for all: that endpoint waits for a decision.
        for (at, n) in needed.sorted(by: { $0.key < $1.key }) where blocked[at] == nil {
            guard let d = c.byOffset[at], d["wMaxPacketSize"] != n.value else { continue }
            out.patches.append(FieldPatch(descriptorOffset: at, field: "wMaxPacketSize", value: UInt64(n.value), ruleID: n.finding.ruleID,
                                          why: n.finding.message + " Sized for every speed the device may run at (" + n.sizes.joined(separator: ", ") + ").",
                                          place: n.finding.location.key))
        }
        return out
    }
}
