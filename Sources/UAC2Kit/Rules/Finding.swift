/// Where in the device a finding is: configuration, interface/alt, entity, endpoint, and the byte
/// offset or text line of the descriptor in the input.
public struct FindingLocation: Sendable, Hashable {
    public var device: Int?
    public var configuration: Int?
    public var otherSpeed = false
    public var interface: Int?
    public var alternate: Int?
    /// "Feature Unit 10", "Clock Source 4".
    public var entity: String?
    public var endpoint: UInt8?
    public var source: SourceLocation
    /// Bytes of the descriptor the finding points at, when known (SARIF byte regions).
    public var length: Int?
    /// The speed this finding holds at, when the device's speed is unknown and it was judged at each
    /// speed it may run at; nil when it holds whatever the speed (or the speed is known).
    public var speed: USBSpeed?
    /// When identical findings over several alternate settings of this interface are given as one:
    /// the other alternate settings, each with its descriptor's place (this location is the first).
    public var sameAt: [AlternatePlace] = []

    /// One more alternate setting a grouped finding covers.
    public struct AlternatePlace: Sendable, Hashable {
        public var alternate: Int
        public var source: SourceLocation
        public var length: Int?
    }

    /// Every place a grouped finding covers, this one first; a finding of one place is itself.
    public var places: [FindingLocation] {
        var first = self
        first.sameAt = []
        return [first] + sameAt.map { p in
            var l = first
            l.alternate = p.alternate
            l.source = p.source
            l.length = p.length
            return l
        }
    }

    /// True when `key` is the key of this location or of one of the places it groups.
    public func covers(key k: String) -> Bool { k == key || (!sameAt.isEmpty && places.contains { $0.key == k }) }

    /// "interface 1 alt 3", or "interface 1 alts 1, 4 and 7" for a grouped finding.
    public var interfaceText: String? {
        guard let i = interface else { return nil }
        guard let a = alternate else { return "interface \(i)" }
        if sameAt.isEmpty { return "interface \(i) alt \(a)" }
        return "interface \(i) alts " + RuleText.and(([a] + sameAt.map(\.alternate)).map(String.init))
    }

    public init(device: Int? = nil, configuration: Int? = nil, otherSpeed: Bool = false, interface: Int? = nil,
                alternate: Int? = nil, entity: String? = nil, endpoint: UInt8? = nil,
                source: SourceLocation = SourceLocation()) {
        self.device = device
        self.configuration = configuration
        self.otherSpeed = otherSpeed
        self.interface = interface
        self.alternate = alternate
        self.entity = entity
        self.endpoint = endpoint
        self.source = source
    }

    /// The place without the byte offset or line: stable while the input's layout changes.
    public var key: String {
        var l = self
        l.source = SourceLocation()
        return l.description
    }

    /// "configuration 1, interface 1 alt 2, EP 0x03, byte 172".
    public var description: String {
        var parts: [String] = []
        if let c = configuration { parts.append(otherSpeed ? "other-speed configuration \(c)" : "configuration \(c)") }
        if let i = interfaceText { parts.append(i) }
        if let e = entity { parts.append(e) }
        if let ep = endpoint { parts.append("EP 0x" + hex2(ep)) }
        if let s = speed { parts.append("at \(s.displayName)") }
        if source.offset != nil || source.line != nil { parts.append(sourceText) }
        return parts.isEmpty ? "whole input" : parts.joined(separator: ", ")
    }

    /// "line 450", or "lines 450, 597 and 744" for a grouped finding.
    var sourceText: String {
        guard !sameAt.isEmpty else { return source.description }
        let all = [source] + sameAt.map(\.source)
        if all.allSatisfy({ $0.line != nil }) { return "lines " + RuleText.and(all.map { "\($0.line!)" }) }
        if all.allSatisfy({ $0.offset != nil }) { return "bytes " + RuleText.and(all.map { "\($0.offset!)" }) }
        return all.map(\.description).joined(separator: "; ")
    }
}

/// One rule's verdict on one place of one input: the rule's texts filled with the actual values.
/// The texts are filled in when read, not when the finding is made: a crafted input can make tens of
/// thousands of findings of one rule, of which only the first few per device are kept and printed.
public struct Finding: Sendable, Hashable {
    public let ruleID: String
    public let severity: RuleSeverity
    public let title: String
    private let rule: Rule
    public internal(set) var location: FindingLocation
    /// The values the templates were filled with (figures for JSON and tests).
    public private(set) var values: [String: String]
    /// Findings of the same rule on the same device left out after this one.
    public private(set) var omitted = 0

    public init(rule: Rule, location: FindingLocation, values: [String: String]) {
        ruleID = rule.id
        severity = rule.severity
        title = rule.title
        self.rule = rule
        self.location = location
        self.values = values
    }

    public var message: String {
        var text = RuleTemplate.render(rule.message, values)
        if !location.sameAt.isEmpty, let i = location.interface, let a = location.alternate {
            // One finding for identical ones over alternate settings: it names every alt it covers.
            let (t, found) = Finding.replacingPlace(text, interface: i, alt: a, with: location.interfaceText!)
            text = found ? t : text + " The same holds for " + RuleText.and(location.sameAt.map { "alt \($0.alternate)" }) + " of interface \(i)."
        }
        guard omitted > 0 else { return text }
        return text + " And \(RuleText.grouped(omitted)) more findings of the same kind (\(ruleID)) on this device, not listed one by one."
    }

    public var fix: String { RuleTemplate.render(rule.fix, values) }

    public var hosts: [HostConsequence] {
        rule.hosts.map { HostConsequence($0.host, RuleTemplate.render($0.text, values), source: $0.source) }
    }
}

extension Finding {
    /// `text` with each "interface I alt A" (not "alt A0") replaced, and whether there was one.
    static func replacingPlace(_ text: String, interface i: Int, alt a: Int, with new: String) -> (String, Bool) {
        let needle = "interface \(i) alt \(a)"
        var out = ""
        var rest = Substring(text)
        var found = false
        while let r = rest.range(of: needle) {
            let after = rest[r.upperBound...]
            out += rest[..<r.lowerBound]
            if let c = after.first, c.isNumber {
                out += needle
            } else {
                out += new
                found = true
            }
            rest = after
        }
        return (out + rest, found)
    }

    /// The texts that make two findings the same finding once their own interface/alt is left out.
    func identity() -> String {
        guard let i = location.interface, let a = location.alternate else { return message + "\u{1}" + fix }
        let mark = "\u{2}"
        let parts = [RuleTemplate.render(rule.message, values), fix] + hosts.map(\.text)
        return parts.map { Finding.replacingPlace($0, interface: i, alt: a, with: mark).0 }.joined(separator: "\u{1}")
    }

    /// This finding covering `others` too (identical at other alternate settings of its interface).
    func grouping(_ others: [Finding]) -> Finding {
        var f = self
        f.location.sameAt = others.map { FindingLocation.AlternatePlace(alternate: $0.location.alternate ?? 0, source: $0.location.source, length: $0.location.length) }
        return f
    }

    /// The last finding of its rule kept for a device, saying how many more of the same kind there are.
    func summarizing(omitted more: Int) -> Finding {
        var f = self
        f.omitted = more
        f.values["omitted"] = "\(more)"
        return f
    }
}
