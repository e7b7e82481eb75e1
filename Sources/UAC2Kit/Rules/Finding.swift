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
        if let i = interface { parts.append(alternate.map { "interface \(i) alt \($0)" } ?? "interface \(i)") }
        if let e = entity { parts.append(e) }
        if let ep = endpoint { parts.append("EP 0x" + hex2(ep)) }
        if let s = speed { parts.append("at \(s.displayName)") }
        if source.offset != nil || source.line != nil { parts.append(source.description) }
        return parts.isEmpty ? "whole input" : parts.joined(separator: ", ")
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
        let text = RuleTemplate.render(rule.message, values)
        guard omitted > 0 else { return text }
        return text + " And \(RuleText.grouped(omitted)) more findings of the same kind (\(ruleID)) on this device, not listed one by one."
    }

    public var fix: String { RuleTemplate.render(rule.fix, values) }

    public var hosts: [HostConsequence] {
        rule.hosts.map { HostConsequence($0.host, RuleTemplate.render($0.text, values), source: $0.source) }
    }
}

extension Finding {
    /// The last finding of its rule kept for a device, saying how many more of the same kind there are.
    func summarizing(omitted more: Int) -> Finding {
        var f = self
        f.omitted = more
        f.values["omitted"] = "\(more)"
        return f
    }
}
