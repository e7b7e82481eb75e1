import Foundation
import Testing
@testable import UAC2Kit

/// Identical findings over the alternate settings of one interface are one finding naming every alt
/// (issue 13 part 5). The Realtek ALC1220 (MSI TRX40) judged at full speed had 54 UAC-BW-002 findings,
/// three per interface format repeated over alts 1-9; the figures below are read from its lsusb text.
@Suite struct FindingGroupTests {
    static let realtek = "realtek-alc1220vb-usb-audio-msi-trx40-0db0_543d.lsusb.txt"

    @Test func realtekGroupsIdenticalAltsAndKeepsDifferentOnesApart() throws {
        let r = RuleEngine.check(Fixtures.decode(Self.realtek))
        let bw2 = r.findings.filter { $0.ruleID == "UAC-BW-002" }
        // 54 places in 23 findings: interfaces 1, 2, 3 and 5 each three groups of 3 alts, interface 6
        // alts 1,3,5,7,9 and 2,4,6,8, interface 4's nine failing alts of different formats one by one.
        #expect(bw2.reduce(0) { $0 + $1.location.places.count } == 54)
        #expect(bw2.count == 23)
        let first = try #require(bw2.first { $0.location.interface == 1 && $0.location.alternate == 1 })
        #expect(first.location.places.map(\.alternate) == [1, 4, 7])
        #expect(first.location.places.map(\.source.line) == [450, 597, 744])
        #expect(first.location.key == "configuration 1, interface 1 alts 1, 4 and 7, EP 0x81, at full speed")
        #expect(first.message.hasPrefix("interface 1 alts 1, 4 and 7 (2 ch × 2 B, async) needs 192 B per packet"))
        #expect(first.message.contains("endpoint 0x81 declares 124 B"))
        #expect(first.fix == "Set wMaxPacketSize to 196 (0x00c4).")
        // Interface 4's alts carry 2, 4, 6 and 8 channels: none is identical to another, so none groups.
        let i4 = bw2.filter { $0.location.interface == 4 }
        #expect(i4.count == 9 && i4.allSatisfy { $0.location.sameAt.isEmpty })
        // Interface 6 alternates two formats over nine alts.
        let i6 = bw2.filter { $0.location.interface == 6 }.map { $0.location.places.map(\.alternate) }
        #expect(i6 == [[1, 3, 5, 7, 9], [2, 4, 6, 8]])
        // The verdict per speed counts findings as printed.
        let full = try #require(r.devices.first?.perSpeed.first { $0.speed == .full })
        #expect(full.errors == r.findings.filter { $0.severity == .error && ($0.location.speed == .full || $0.location.speed == nil) }.count)
    }

    @Test func groupingIsOffForFixAndDiff() {
        var o = CheckOptions()
        o.groupOverAlternates = false
        let r = RuleEngine.check(Fixtures.decode(Self.realtek), options: o)
        let bw2 = r.findings.filter { $0.ruleID == "UAC-BW-002" }
        #expect(bw2.count == 54 && bw2.allSatisfy { $0.location.sameAt.isEmpty })
    }

    @Test func textJSONAndSarifNameEveryPlace() throws {
        let path = Fixtures.descriptors.appendingPathComponent(Self.realtek).path
        let text = try Fixtures.uac2(["check", path])
        #expect(text.status == 2)
        #expect(text.out.contains("UAC-BW-002  wMaxPacketSize cannot carry the nominal rate (54 places in 23 findings)"))
        let flat = text.out.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        #expect(flat.contains("where: configuration 1, interface 1 alts 1, 4 and 7, EP 0x81, at full speed, lines 450, 597 and 744"))
        #expect(flat.contains("Bandwidth: interface 1 alts 1, 4 and 7 (2 ch × 16 bit) does not fit at full speed (48 kHz: 49 frames × 4 B = 196 B > 124 B; 1 channel fits) and fits at high speed."))
        #expect(!flat.contains("Bandwidth: interface 1 alt 4 "))

        let json = try Fixtures.uac2(["check", "--json", path])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let findings = try #require((doc["inputs"] as? [[String: Any]])?.first?["findings"] as? [[String: Any]])
        let g = try #require(findings.first { f in
            f["id"] as? String == "UAC-BW-002" && (f["location"] as? [String: Any])?["interface"] as? Int == 1
                && (f["location"] as? [String: Any])?["alternateSetting"] as? Int == 1
        })
        let locs = try #require(g["locations"] as? [[String: Any]])
        #expect(locs.compactMap { $0["alternateSetting"] as? Int } == [1, 4, 7])
        #expect(locs.compactMap { $0["line"] as? Int } == [450, 597, 744])
        #expect(locs.compactMap { $0["endpoint"] as? Int } == [0x81, 0x81, 0x81])
        // A finding of one place lists that place alone.
        let single = try #require(findings.first { ($0["locations"] as? [Any])?.count == 1 })
        #expect((single["locations"] as? [[String: Any]])?.first?["text"] as? String == (single["location"] as? [String: Any])?["text"] as? String)

        let sarif = try Fixtures.uac2(["check", "--sarif", path])
        let sd = try #require(try JSONSerialization.jsonObject(with: Data(sarif.out.utf8)) as? [String: Any])
        let results = try #require(((sd["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]))
        let bw = results.filter { $0["ruleId"] as? String == "UAC-BW-002" }
        #expect(bw.count == 23)
        #expect(bw.reduce(0) { $0 + (($1["locations"] as? [Any])?.count ?? 0) } == 54)
        let lines = bw.first.flatMap { ($0["locations"] as? [[String: Any]])?.compactMap { l in
            ((l["physicalLocation"] as? [String: Any])?["region"] as? [String: Any])?["startLine"] as? Int } }
        #expect(lines == [450, 597, 744])
    }
}
