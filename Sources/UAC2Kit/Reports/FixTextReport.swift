/// The summary `uac2 fix` prints: each change (rule id, where, field old -> new, why), then what was
/// left for a decision with the rule's options, then notes.
public enum FixTextReport {
    public static func render(_ r: FixResult, written: FixWriter.Output, destination: String) -> String {
        var out: [String] = []
        let decisions = r.choices.filter { $0.severity != .info }
        out.append("uac2 fix: \(r.name) (\(r.format.rawValue)): \(r.changes.count) change(s), \(decisions.count) finding(s) left for a decision; wrote \(written.form) to \(destination).")
        if r.original.hasErrors {
            out.append("  The input was decoded only in part (see uac2 check, USB-READ-001): fixes cover what was read.")
        }
        if !r.changes.isEmpty {
            out.append("")
            out.append("Changed:")
            for c in r.changes {
                let place = [c.place, c.source.description].filter { !$0.isEmpty && $0 != "unknown position" }.joined(separator: ", ")
                out.append("  \(c.ruleID)  \(c.descriptor)\(place.isEmpty ? "" : ", " + place)")
                out.append("      \(c.field): \(c.oldText) -> \(c.newText)")
                out.append("      why: \(c.why)")
            }
        }
        if !decisions.isEmpty {
            out.append("")
            out.append("Not changed, needs a decision:")
            for c in decisions {
                out.append("  \(c.ruleID) \(c.severity.rawValue)  \(c.place)")
                out.append("      \(c.message)")
                if !c.options.isEmpty { out.append("      options: \(c.options)") }
            }
        }
        let notes = r.notes + written.notes + (r.settled ? [] : ["the fixes did not settle within \(DescriptorFixer.maxRounds) rounds: run uac2 check on the output"])
        if !notes.isEmpty {
            out.append("")
            out.append("Notes:")
            for n in notes { out.append("  - \(n)") }
        }
        return out.joined(separator: "\n") + "\n"
    }
}
