/// How bad a finding is. Errors stop a host from using the function or a stream; warnings work on some
/// hosts or degrade it; info is worth knowing but harmless on its own.
public enum RuleSeverity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case error, warning, info

    var rank: Int {
        switch self {
        case .error: return 0
        case .warning: return 1
        case .info: return 2
        }
    }

    public static func < (a: RuleSeverity, b: RuleSeverity) -> Bool { a.rank < b.rank }
}

/// A host operating system whose USB audio driver the catalogue describes.
public enum RuleHost: String, Sendable, Hashable, Codable, CaseIterable {
    case linux, macos, windows

    public var displayName: String {
        switch self {
        case .linux: return "Linux"
        case .macos: return "macOS"
        case .windows: return "Windows"
        }
    }
}

/// What one host does with the problem, and where that is documented.
public struct HostConsequence: Sendable, Hashable {
    public let host: RuleHost
    /// May hold `{name}` placeholders, filled with the finding's values (a kernel log line then reads as
    /// the user will see it).
    public let text: String
    /// The source key or address from the facts file (e.g. "[CFG] drivers/usb/core/config.c").
    public let source: String

    public init(_ host: RuleHost, _ text: String, source: String) {
        self.host = host
        self.text = text
        self.source = source
    }
}

/// One catalogue entry: its texts and the check that finds it. Texts are templates: `{name}` is replaced
/// by the value the check supplies. A rule cannot be written without its check, and a check makes
/// findings of the rule it is bound to only (`CheckInput.finding`), so no id string joins the two.
public struct Rule: Sendable, Hashable {
    public let id: String
    public let severity: RuleSeverity
    /// A few words, used as the SARIF rule name and in `uac2 rules`.
    public let title: String
    /// Where the requirement comes from, e.g. "USB 2.0 §9.6.6".
    public let section: String
    /// What is wrong, one sentence with the actual values.
    public let message: String
    /// What to change, with numbers.
    public let fix: String
    public let hosts: [HostConsequence]
    /// Finds this rule's findings in one pass over a decoded input.
    let check: RuleCheck

    init(_ id: String, _ severity: RuleSeverity, check: @escaping RuleCheck, title: String, section: String,
         message: String, fix: String, hosts: [HostConsequence]) {
        self.id = id
        self.severity = severity
        self.check = check
        self.title = title
        self.section = section
        self.message = message
        self.fix = fix
        self.hosts = hosts
    }

    /// Equal texts; the check is code and has no equality (ids are unique in the catalogue).
    public static func == (a: Rule, b: Rule) -> Bool {
        a.id == b.id && a.severity == b.severity && a.title == b.title && a.section == b.section
            && a.message == b.message && a.fix == b.fix && a.hosts == b.hosts
    }

    public func hash(into h: inout Hasher) { h.combine(id) }

    /// Placeholder names used anywhere in the rule's texts.
    public var placeholders: Set<String> {
        var names = Set<String>()
        for t in [message, fix] + hosts.map(\.text) { names.formUnion(RuleTemplate.placeholders(in: t)) }
        return names
    }
}

/// `{name}` substitution. Unknown names are left visible so that a missing value shows in tests.
public enum RuleTemplate {
    public static func render(_ template: String, _ values: [String: String]) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[rest.startIndex..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            if let v = values[name] { out += v } else { out += rest[open...close] }
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return out
    }

    public static func placeholders(in template: String) -> Set<String> {
        var names = Set<String>()
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}
