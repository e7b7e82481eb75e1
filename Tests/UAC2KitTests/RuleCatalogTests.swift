import Testing
@testable import UAC2Kit

@Suite struct RuleCatalogTests {
    /// A rule without a check does not compile (Rule.init takes it); a check makes findings of its own rule only.
    @Test func idsAreUniqueAndStable() {
        let ids = RuleCatalog.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        for id in ids {
            #expect(id.range(of: #"^(USB|UAC)-[A-Z0-9]+-\d{3}$"#, options: .regularExpression) != nil, "\(id)")
        }
    }

    @Test func everyRuleHasSectionMessageFixAndSourcedHostLines() {
        for r in RuleCatalog.all {
            #expect(!r.section.isEmpty && !r.message.isEmpty && !r.fix.isEmpty, "\(r.id)")
            #expect(!r.section.contains("{"), "\(r.id) section is not a template")
            for h in r.hosts { #expect(!h.source.isEmpty && !h.text.isEmpty, "\(r.id) \(h.host)") }
        }
    }

    @Test func templatesRender() {
        #expect(RuleTemplate.render("needs {a} of {b}, {c}", ["a": "1176", "b": "1023"]) == "needs 1176 of 1023, {c}")
        #expect(RuleTemplate.placeholders(in: "x {a} y {bb}") == ["a", "bb"])
    }
}
