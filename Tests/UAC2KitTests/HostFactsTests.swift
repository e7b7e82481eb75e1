import Foundation
import Testing
@testable import UAC2Kit

/// Issue 13 part 6: host facts from primary sources (Apple TN3190, sound/usb/*.c, u_audio.c), and the
/// TN3190 rules on real captures: where they fire, how often, and that they stay quiet elsewhere.
@Suite struct HostFactsTests {
    static let tn3190Rules: Set<String> = ["UAC-TOPO-009", "UAC-TOPO-010", "UAC-CTL-005", "UAC-CTL-006", "UAC-BW-007", "UAC-EP-017"]

    /// Every capture in Descriptors/ that gives one of the new rules, with its count; all others give none.
    static let expected: [String: [String: Int]] = [
        "allen-heath-xone-23c-22f0_0008.lsusb.txt": ["UAC-EP-017": 1],
        "allen-heath-xone-43c-22f0_000f.lsusb.txt": ["UAC-EP-017": 1],
        "nux-mg-300-1fc9_8260.lsusb.txt": ["UAC-EP-017": 1],
        "nux-mighty-plug-1fc9_8260.lsusb.txt": ["UAC-EP-017": 1],
        "sound-devices-mixpre-d-0926_0208.lsusb.txt": ["UAC-EP-017": 2],
        "sound-devices-usbpre2-0926_0202.lsusb.txt": ["UAC-EP-017": 2],
        "realtek-alc1220vb-usb-audio-msi-trx40-0db0_543d.lsusb.txt": ["UAC-CTL-005": 6],
        "realtek-usb-audio-gigabyte-trx40-0414_a002.lsusb.txt": ["UAC-CTL-005": 6],
        "schiit-hel-30be_0101.lsusb.txt": ["UAC-CTL-005": 2],
        "schiit-modi-multibit-cm6631a-0d8c_0004.lsusb.txt": ["UAC-CTL-005": 1],
    ]

    static var captures: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: Fixtures.descriptors.path)) ?? []).filter {
            $0.hasSuffix(".bin") || $0.hasSuffix(".hex.txt") || $0.hasSuffix(".lsusb.txt")
        }.sorted()
    }

    @Test func newRulesFireOnlyWhereTheCapturesCallForThem() {
        #expect(Self.captures.count >= 50)
        for name in Self.captures {
            var counts: [String: Int] = [:]
            for f in RuleEngine.check(Fixtures.decode(name)).findings where Self.tn3190Rules.contains(f.ruleID) {
                // Places: a finding grouped over identical alts counts each alt it names.
                counts[f.ruleID, default: 0] += f.location.places.count
            }
            #expect(counts == (Self.expected[name] ?? [:]), "\(name): \(counts)")
        }
    }

    /// The Schiit Hel's microphone input and speaker output declare a read-only Connector Control
    /// (lsusb "Connector Control (read-only)", lines 82 and 95); its USB streaming terminal does not.
    @Test func connectorControlOnTheSchiitHel() {
        let fs = RuleEngine.check(Fixtures.decode("schiit-hel-30be_0101.lsusb.txt")).findings.filter { $0.ruleID == "UAC-CTL-005" }
        #expect(fs.map(\.location.entity) == ["Input Terminal 5 (Microphone)", "Output Terminal 7 (Speaker)"])
        #expect(fs.first?.message.contains("select this input while it reports nothing connected") == true)
        #expect(fs.last?.hosts.first { $0.host == .linux }?.text.contains("\"… - Output Jack\"") == true)
    }

    /// Input Gain next to a Volume Control is fine: only a level offered as Input Gain alone is reported.
    @Test func inputGainBesideVolumeIsNotReported() {
        let r = B.hs.with { $0.set("UAC2_FEATURE_UNIT", 0, "bmaControls", [0x0030_000F, 0x0030_0000, 0x0030_0000]) }.check()
        #expect(!r.findings.contains { $0.ruleID == "UAC-CTL-006" })
    }

    /// Linux makes jack controls only for non-USB terminals (mixer.c tests wTerminalType & 0xff00 != 0x0100).
    @Test func connectorOnAStreamingTerminalIsNotReported() {
        let r = B.hs.with { $0.set("UAC2_INPUT_TERMINAL", 0, "bmControls", [0x0004]) }.check()
        #expect(!r.findings.contains { $0.ruleID == "UAC-CTL-005" })
    }

    /// A multiplier reached only through a Clock Selector costs the selector its ALSA control.
    @Test func clockMultiplierUnderASelector() {
        let r = B.hs.with { b in
            b.insert(B.ac2(0x0C), B.v(["bClockID": 11, "bCSourceID": 10, "bmControls": 0, "iClockMultiplier": 0]),
                     at: b.index("UAC2_CLOCK_SOURCE")! + 1)
            var sel = B.v(["bClockID": 12, "bNrInPins": 2, "bmControls": 3, "iClockSelector": 0])
            sel["baCSourceID"] = [10, 11]
            b.insert(B.ac2(0x0B), sel, at: b.index("UAC2_CLOCK_SOURCE")! + 2)
            b.set("UAC2_OUTPUT_TERMINAL", 0, "bCSourceID", [12])
        }.check()
        let f = r.findings.filter { $0.ruleID == "UAC-TOPO-009" }
        #expect(f.count == 1)
        let linux = f.first?.hosts.first { $0.host == .linux }?.text ?? ""
        #expect(linux.contains("unit 11: unexpected type 0x0c"))
        #expect(linux.contains("Clock Selector 12 gets no \"… Clock Source\" selector control"))
        #expect(f.first?.message.contains("for Output Terminal 3 (Speaker)") == true)
    }

    /// Full speed, 7 ch × 3 B async at 48 kHz: 49 × 21 = 1029 B > 1023 B, 48 × 21 = 1008 B fits: one
    /// UAC-BW-007 and no UAC-BW-001 for the same alternate setting.
    @Test func syncOnlyFitAtFullSpeedIsNotAlsoBW001() {
        let r = B.fs.with { b in
            b.set("UAC2_AS_GENERAL", 1, "bNrChannels", [7]); b.set("UAC2_AS_GENERAL", 1, "bmChannelConfig", [0])
            b.set("UAC2_FORMAT_TYPE_I", 1, "bSubslotSize", [3]); b.set("UAC2_FORMAT_TYPE_I", 1, "bBitResolution", [24])
            b.set("UAC2_INPUT_TERMINAL", 1, "bNrChannels", [7]); b.set("UAC2_INPUT_TERMINAL", 1, "bmChannelConfig", [0])
            b.setEP(0x82, "wMaxPacketSize", 1023)
        }.check()
        let bw7 = r.findings.filter { $0.ruleID == "UAC-BW-007" }
        #expect(bw7.count == 1)
        #expect(bw7.first?.message.contains("49 frames × 21 B = 1029 B") == true)
        #expect(bw7.first?.fix.contains("wMaxPacketSize 0x03f0 = 1008 B") == true)
        #expect(!r.findings.contains { $0.ruleID == "UAC-BW-001" && $0.location.interface == 2 })
    }

    // MARK: Linux channel map (sound/usb/stream.c convert_chmap)

    @Test func linuxChannelMapAsConvertChmapBuildsIt() {
        #expect(LinuxChannelMap.positions(channels: 1, bits: 0, version: .uac2) == ["MONO"])
        #expect(LinuxChannelMap.positions(channels: 6, bits: 0, version: .uac2) == ["FL", "FR", "FC", "LFE", "RL", "RR"])
        #expect(LinuxChannelMap.positions(channels: 4, bits: 0x33, version: .uac2) == ["FL", "FR", "RL", "RR"])
        // More bits than channels: since a39d51ff1f52 the walk stops at the channel count.
        #expect(LinuxChannelMap.positions(channels: 2, bits: 0x3F, version: .uac2) == ["FL", "FR"])
        // Fewer bits than channels: the rest are UNKNOWN.
        #expect(LinuxChannelMap.positions(channels: 3, bits: 0x3, version: .uac2) == ["FL", "FR", "UNKNOWN"])
        // UAC1's table names bits 4 and 5 "surround", which Linux maps to SL/SR.
        #expect(LinuxChannelMap.positions(channels: 2, bits: 0x30, version: .uac1) == ["SL", "SR"])
        #expect(LinuxChannelMap.positions(channels: 16, bits: 0, version: .uac2) == nil)
        #expect(LinuxChannelMap.positions(channels: 15, bits: 0, version: .uac2)?.count == 15)
    }

    /// UAC-FMT-002's Linux line names the map Linux really builds: AS_GENERAL's own bits, or a guess.
    @Test func fmt002LinuxLineNamesTheMap() {
        func linux(_ b: B) -> String? {
            b.check().findings.first { $0.ruleID == "UAC-FMT-002" }?.hosts.first { $0.host == .linux }?.text
        }
        let own = linux(B.hs.with { $0.set("UAC2_INPUT_TERMINAL", 0, "bNrChannels", [4]); $0.set("UAC2_INPUT_TERMINAL", 0, "bmChannelConfig", [0x33]) })
        #expect(own?.contains("opens the stream with 2 channels (AS_GENERAL bNrChannels)") == true)
        #expect(own?.contains("AS_GENERAL's own bmChannelConfig 0x00000003: FL FR") == true)
        let guessed = linux(B.hs.with { b in
            b.set("UAC2_INPUT_TERMINAL", 0, "bNrChannels", [4]); b.set("UAC2_INPUT_TERMINAL", 0, "bmChannelConfig", [0x33])
            b.set("UAC2_AS_GENERAL", 0, "bmChannelConfig", [0])
        })
        #expect(guessed?.contains("a guessed layout (AS_GENERAL bmChannelConfig is 0): FL FR") == true)
        #expect(guessed?.contains("drops") == false)
    }

    /// The Arturia's 18-channel alts get no ALSA map at all, its 10-channel alts a guessed one.
    @Test func arturiaChannelMaps() {
        let fs = RuleEngine.check(Fixtures.decode("arturia-audiofuse-16rig-1c75_af20.lsusb.txt")).findings.filter { $0.ruleID == "UAC-FMT-002" }
        let lines = fs.compactMap { f in f.hosts.first { $0.host == .linux }?.text }
        #expect(lines.count == 4)
        #expect(lines.filter { $0.contains("18 channels") && $0.contains("none (convert_chmap() makes no map for more than 15 channels)") }.count == 2)
        #expect(lines.filter { $0.contains("10 channels") && $0.contains("FL FR FC LFE RL RR FLC FRC RC SL") }.count == 2)
    }

    // MARK: feedback facts

    @Test func feedbackRulesNameTheProcFeedbackFormat() {
        func linux(_ id: String) -> String { RuleCatalog.rule(id)?.hosts.first { $0.host == .linux }?.text ?? "" }
        #expect(linux("UAC-EP-004").contains("\"Feedback Format = 10.14\""))
        #expect(linux("UAC-EP-004").contains("\"16.16\""))
        #expect(linux("UAC-EP-004").contains("\"13.19\""))
        #expect(linux("UAC-EP-004").contains("nothing goes to the kernel log"))
        #expect(linux("UAC-EP-005").contains("\"Feedback Format = 10.14\""))
        #expect(linux("UAC-EP-006").contains("\"Feedback Format = 16.16\""))
    }

    /// f_uac2 at bInterval 4 in the VM suite: /proc "Feedback Format = 13.19"; bInterval 2 and 3 give 15.17 and 14.18.
    @Test func perPacketFormLinuxFormatPerInterval() {
        for (interval, format, packet) in [(2, "15.17", "0x000c0000"), (3, "14.18", "0x00180000"), (4, "13.19", "0x00300000")] {
            let f = B.hs.with { $0.setEP(0x01, "bInterval", UInt64(interval)); $0.setEP(0x01, "wMaxPacketSize", 196) }.check()
                .findings.first { $0.ruleID == "UAC-EP-017" }
            #expect(f?.hosts.first { $0.host == .linux }?.text.contains("\"Feedback Format = \(format)\"") == true, "bInterval \(interval)")
            #expect(f?.message.contains(packet) == true, "bInterval \(interval): \(f?.message ?? "")")
        }
        // 44.1 kHz: 5.5125 frames per microframe.
        let f = B.hs.with { $0.setEP(0x01, "bInterval", 4); $0.setEP(0x01, "wMaxPacketSize", 196) }.check(rates: [44100])
            .findings.first { $0.ruleID == "UAC-EP-017" }
        #expect(f?.message.contains("5.5125 frames at 44.1 kHz") == true, "\(f?.message ?? "")")
    }

    // MARK: host texts brought up to date (TN3190 supersedes TN2274)

    @Test func noHostLineClaimsTheOldOneTransactionLimitForCurrentMacOS() {
        for r in RuleCatalog.all {
            for h in r.hosts where h.host == .macos && h.text.contains("one transaction per microframe") {
                #expect(h.text.contains("older macOS") && h.text.contains("TN3190"), "\(r.id): \(h.text)")
            }
            for h in r.hosts where h.host == .linux {
                #expect(!h.text.contains("drops the channel map"), "\(r.id): Linux guesses a layout, it does not drop the map: \(h.text)")
            }
        }
        let bw1 = RuleCatalog.rule("UAC-BW-001")?.hosts.first { $0.host == .macos }?.text ?? ""
        #expect(bw1.contains("3072 B per 125 µs"))
    }
}
