import Testing
@testable import UAC2Kit

@Suite struct RuleSeedTests {
    @Test func baselineDevicesHaveNoErrorsOrWarnings() {
        for speed in [USBSpeed.high, .full] {
            let r = DescriptorBuilder.uac2(speed: speed).check()
            #expect(r.decoded)
            let bad = r.findings.filter { $0.severity != .info }
            #expect(bad.isEmpty, "\(speed): \(bad.map { "\($0.ruleID): \($0.message)" })")
        }
    }

    /// Issue 5's seed: only the 12 ch × 16-bit alt fails, and it says 1176 and 1023.
    @Test func seedCaseOnlyTwelveBySixteenIsAnError() throws {
        let r = DescriptorBuilder.seed().check()
        let errors = r.findings.filter { $0.severity == .error }
        #expect(!errors.isEmpty)
        #expect(errors.allSatisfy { $0.location.interface == 1 && $0.location.alternate == 2 },
                "\(errors.map { "\($0.ruleID) \($0.location.description)" })")
        let bw = try #require(errors.first { $0.ruleID == "UAC-BW-001" })
        #expect(bw.message.contains("1176") && bw.message.contains("1023"))
        #expect(bw.message.contains("49 frames × 24 B"))
        #expect(bw.fix.contains("10 channels"))
        let ch9 = try #require(errors.first { $0.ruleID == "USB-CH9-011" })
        #expect(ch9.message.contains("1176") && ch9.message.contains("1023"))
        #expect(ch9.hosts.contains { $0.host == .linux && $0.text.contains("has invalid maxpacket 1176, setting to 1023") })
        // The 10 ch × 16-bit (980 B) and 12 ch × 8-bit (588 B) alts fit.
        #expect(!r.findings.contains { $0.ruleID.hasPrefix("UAC-BW") && $0.location.alternate != 2 })
        #expect(RuleEngine.exitStatus([r], unreadable: false, failOn: .warning) == 2)
    }
}
