/// `uac2 check` for people: per input, the devices and speed judged, then findings grouped by severity,
/// each with where it is, what is wrong, the fix, and what each host does.
public enum CheckTextReport {
    public struct Options: Sendable {
        /// nil = every host.
        public var host: RuleHost?
        public var width: Int
        public init(host: RuleHost? = nil, width: Int = 100) {
            self.host = host
            self.width = width
        }
    }

    public static func render(_ r: CheckResult, options: Options = Options()) -> String {
        var out = "== \(r.name) (\(r.format.rawValue)) ==\n"
        if !r.decoded {
            out += "Nothing could be decoded from this input: it is unreadable, not clean.\n"
        }
        for d in r.devices {
            out += wrap("\(d.label) \(d.judgement.headline)", indent: "", hang: "    ", options.width)
            out += perSpeed(d, options)
        }
        let counts = [RuleSeverity.error, .warning, .info].map { s -> String in
            let n = r.count(s)
            return "\(n) \(s == .info ? "info" : n == 1 ? s.rawValue : s.rawValue + "s")"
        }
        out += r.findings.isEmpty && r.decoded ? "No findings: every rule passed.\n" : counts.joined(separator: ", ") + "\n"
        for severity in RuleSeverity.allCases {
            let fs = r.findings.filter { $0.severity == severity }
            guard !fs.isEmpty else { continue }
            out += "\n" + heading(severity) + " (\(fs.count))\n"
            // One block per rule: its places, then the host consequences once.
            var order: [String] = []
            var groups: [String: [Finding]] = [:]
            for f in fs {
                if groups[f.ruleID] == nil { order.append(f.ruleID) }
                groups[f.ruleID, default: []].append(f)
            }
            for id in order { out += "\n" + group(groups[id] ?? [], options) }
        }
        if r.decoded && !r.findings.isEmpty {
            out += "\n" + wrap("`uac2 explain ID` prints a rule in full; --host linux|macos|windows shows one host; --json and --sarif give the same findings as data.", indent: "", hang: "", options.width)
        }
        return out
    }

    /// For a device judged at several speeds: the verdict at each, then the bandwidth sentences.
    static func perSpeed(_ d: CheckedDevice, _ o: Options) -> String {
        guard !d.perSpeed.isEmpty else { return "" }
        let each = d.perSpeed.map { v -> String in
            let counts = [(v.errors, "error"), (v.warnings, "warning")].filter { $0.0 > 0 }.map { "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")" }
            return "at \(v.speed.displayName) " + (counts.isEmpty ? "no errors or warnings" : counts.joined(separator: ", "))
        }
        var out = wrap("Verdict per speed: " + each.joined(separator: "; ") + ". The exit status is the worst of them.",
                       indent: "  ", hang: "    ", o.width)
        for line in d.bandwidthBySpeed { out += wrap("Bandwidth: " + line + ".", indent: "  ", hang: "    ", o.width) }
        return out
    }

    static func group(_ fs: [Finding], _ o: Options) -> String {
        guard let first = fs.first else { return "" }
        // A finding grouped over alternate settings counts each place it names.
        let places = fs.reduce(0) { $0 + 1 + $1.location.sameAt.count }
        let count = places == fs.count ? "\(places) places" : "\(places) places in \(fs.count) findings"
        var out = "  \(first.ruleID)  \(first.title)" + (places > 1 ? " (\(count))" : "") + "\n"
        let sameFix = Set(fs.map(\.fix)).count == 1
        for f in fs {
            out += wrap("where: \(f.location.description)", indent: "    ", hang: "           ", o.width)
            out += wrap("what:  \(f.message)", indent: "    ", hang: "           ", o.width)
            if !sameFix { out += wrap("fix:   \(f.fix)", indent: "    ", hang: "           ", o.width) }
        }
        if sameFix { out += wrap("fix:   \(first.fix)", indent: "    ", hang: "           ", o.width) }
        out += hostLines(first.hosts, o)
        return out
    }

    static func heading(_ s: RuleSeverity) -> String {
        switch s {
        case .error: return "ERRORS: hosts reject or cannot use this"
        case .warning: return "WARNINGS: works on some hosts, or degraded"
        case .info: return "INFO"
        }
    }

    public static func finding(_ f: Finding, _ o: Options) -> String {
        var out = "  \(f.ruleID)  \(f.title)\n"
        out += wrap("where: \(f.location.description)", indent: "    ", hang: "           ", o.width)
        out += wrap("what:  \(f.message)", indent: "    ", hang: "           ", o.width)
        out += wrap("fix:   \(f.fix)", indent: "    ", hang: "           ", o.width)
        out += hostLines(f.hosts, o)
        return out
    }

    static func hostLines(_ hosts: [HostConsequence], _ o: Options) -> String {
        var out = ""
        for h in RuleHost.allCases where o.host == nil || o.host == h {
            let label = (h.displayName + ":").padding(toLength: 9, withPad: " ", startingAt: 0)
            let lines = hosts.filter { $0.host == h }
            if lines.isEmpty {
                if o.host != nil { out += wrap("\(label)\(RuleCatalog.undocumented)", indent: "    ", hang: "             ", o.width) }
                continue
            }
            for l in lines {
                out += wrap("\(label)\(l.text) (source: \(l.source))", indent: "    ", hang: "             ", o.width)
            }
        }
        return out
    }

    /// Word wrap with a first-line indent and a hanging indent for the rest.
    static func wrap(_ text: String, indent: String, hang: String, _ width: Int) -> String {
        var lines: [String] = []
        var line = indent
        var lineHasWord = false
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if lineHasWord && line.count + 1 + word.count > width {
                lines.append(line)
                line = hang + word
            } else {
                line += (lineHasWord ? " " : "") + word
            }
            lineHasWord = true
        }
        lines.append(line)
        return lines.joined(separator: "\n") + "\n"
    }

    /// `uac2 explain`: one rule in full.
    public static func explain(_ r: Rule, host: RuleHost? = nil, width: Int = 100) -> String {
        var out = "\(r.id)  \(r.title)\n"
        out += wrap("severity: \(r.severity.rawValue)", indent: "  ", hang: "            ", width)
        out += wrap("spec:     \(r.section)", indent: "  ", hang: "            ", width)
        out += wrap("what:     \(RuleCatalog.generic(r.message))", indent: "  ", hang: "            ", width)
        out += wrap("fix:      \(RuleCatalog.generic(r.fix))", indent: "  ", hang: "            ", width)
        out += "  hosts:\n"
        for h in RuleHost.allCases where host == nil || host == h {
            let lines = r.hosts.filter { $0.host == h }
            let label = (h.displayName + ":").padding(toLength: 9, withPad: " ", startingAt: 0)
            if lines.isEmpty { out += wrap("\(label)\(RuleCatalog.undocumented)", indent: "    ", hang: "             ", width) }
            for l in lines { out += wrap("\(label)\(l.text) (source: \(l.source))", indent: "    ", hang: "             ", width) }
        }
        out += wrap("Words in {braces} are filled with the values found in the descriptors.", indent: "  ", hang: "  ", width)
        return out
    }

    /// `uac2 rules`: the catalogue, one line per rule.
    public static func catalogue(_ rules: [Rule]) -> String {
        var out = ""
        var family = ""
        for r in rules {
            let fam = String(r.id.split(separator: "-").dropLast().joined(separator: "-"))
            if fam != family {
                family = fam
                out += "\n\(fam)\n"
            }
            out += "  \(r.id.padding(toLength: 13, withPad: " ", startingAt: 0)) \(r.severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(r.title)\n"
        }
        return String(out.dropFirst())
    }
}
