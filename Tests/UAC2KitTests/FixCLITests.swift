import Foundation
import Testing
@testable import UAC2Kit

/// The `uac2 fix` and `uac2 diff` commands end to end: a C array edited in place with its comments kept,
/// a format the speed cannot carry listed and left alone, and diff's exit statuses.
@Suite struct FixCLITests {
    static func temp(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("uac2-fix-\(UUID().uuidString)-\(name)")
        try Data(bytes).write(to: url)
        return url.path
    }

    /// A C array of the clean UAC2 test device, one descriptor per line, with a comment of our own.
    static func cArray(_ bytes: [UInt8]) -> String {
        let input = RawDescriptorReader.read(bytes, name: "c")
        var lines = ["#include <stdint.h>", "// hand-written comment, kept", "const uint8_t desc[] = {"]
        for d in input.devices.flatMap(\.sequence) {
            lines.append("    " + d.bytes.map { "0x" + hex2($0).uppercased() }.joined(separator: ", ") + ", /* \(d.layout.id) */")
        }
        lines.append("};")
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func aCArrayIsEditedInPlace() throws {
        var b = DescriptorBuilder.uac2(speed: .high)
        let header = try #require(b.index("UAC2_HEADER"))
        b.entries[header].values["wTotalLength"] = [40]
        b.entries[header].pinned.insert("wTotalLength")
        let good = DescriptorBuilder.uac2(speed: .high).bytes()
        let source = Self.cArray(b.bytes())
        let path = try Self.temp("desc.c", Array(source.utf8))
        let out = path + ".fixed.c"
        let run = try Fixtures.uac2(["fix", path, "--speed", "high", "-o", out])
        #expect(run.status == 0, "\(run.out)\(run.err)")
        #expect(run.out.contains("UAC-FN-004"))
        #expect(run.out.contains("wTotalLength: 40 -> "))
        let fixed = try String(contentsOfFile: out, encoding: .utf8)
        #expect(fixed.contains("// hand-written comment, kept"))
        #expect(fixed.contains("/* uac2 fix: UAC-FN-004 wTotalLength 40 -> "))
        // Only the changed literal and its comment differ, line for line.
        let before = source.split(separator: "\n", omittingEmptySubsequences: false)
        let after = fixed.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(before.count == after.count)
        #expect(zip(before, after).filter { $0 != $1 }.count == 1)
        // The fixed text decodes to the bytes the builder computes.
        #expect(HexTextReader.extract(fixed).bytes == good)
        let check = try Fixtures.uac2(["check", "--speed", "high", out])
        #expect(!check.out.contains("UAC-FN-004"))
        let again = try Fixtures.uac2(["fix", out, "--speed", "high", "-o", out + ".2"])
        #expect(again.out.contains("0 change(s)"))
        #expect(try String(contentsOfFile: out + ".2", encoding: .utf8) == fixed)
    }

    @Test func aFormatTheSpeedCannotCarryIsListedNotChanged() throws {
        // Full speed, 48 kHz: alt 2 carries 12 ch × 16 bit = 1176 B per packet > 1023 B (the seed case).
        let blob = DescriptorBuilder.seed().bytes()
        let path = try Self.temp("seed.bin", blob)
        let run = try Fixtures.uac2(["fix", path, "--speed", "full", "-o", path + ".out"])
        #expect(run.status == 1, "\(run.out)")
        #expect(run.out.contains("UAC-BW-001"))
        #expect(run.out.contains("Not changed, needs a decision"))
        #expect(!run.out.contains("Changed:"))
        #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: path + ".out"))) == blob)
        let json = try Fixtures.uac2(["fix", path, "--speed", "full", "--json", "-o", path + ".out"])
        #expect(json.status == 1)
        #expect(json.out.contains("\"changes\": []"))
        #expect(json.out.contains("\"ruleId\": \"UAC-BW-001\""))
    }

    @Test func packetSizesAndControlPairsAreFixed() throws {
        var b = DescriptorBuilder.seed()
        // alt 3: 12 ch × 8 bit needs 49 × 12 = 588 B; declare 576 (the nominal 48 frames only).
        let ep = try #require(b.endpointIndex(0x01, 2))
        b.entries[ep].values["wMaxPacketSize"] = [576]
        // Clock Source bmControls 0b10 in the Frequency pair.
        let clock = try #require(b.index("UAC2_CLOCK_SOURCE"))
        b.entries[clock].values["bmControls"] = [0b0110]
        let r = DescriptorFixer.fix(bytes: b.bytes(), name: "seed", format: .raw, options: CheckOptions(speed: .full))
        #expect(r.changes.contains { $0.ruleID == "UAC-BW-003" && $0.field == "wMaxPacketSize" && $0.oldValue == 576 && $0.newValue == 588 })
        #expect(r.changes.contains { $0.ruleID == "UAC-CTL-001" && $0.field == "bmControls" && $0.oldValue == 0b0110 && $0.newValue == 0b0101 })
        // alt 2 (1176 B) stays as it was and is listed.
        #expect(r.choices.contains { $0.ruleID == "UAC-BW-001" })
        #expect(r.changes.count == 2)
    }

    /// Renumbering follows into the UAC1 header's baInterfaceNr; configuration bit 7 and a writable
    /// Clock Validity are set right.
    @Test func interfaceNumbersAndAttributesAreFixed() throws {
        var b = DescriptorBuilder.uac1()
        for i in b.entries.indices where b.entries[i].layout.id == "INTERFACE" && b.entries[i].values["bInterfaceNumber"] == [1] {
            b.entries[i].values["bInterfaceNumber"] = [4]
        }
        let header = try #require(b.index("UAC1_HEADER"))
        b.entries[header].values["baInterfaceNr"] = [4]
        let config = try #require(b.index("CONFIGURATION"))
        b.entries[config].values["bmAttributes"] = [0x00]
        let r = DescriptorFixer.fix(bytes: b.bytes(), name: "uac1", format: .raw, options: CheckOptions(speed: .full))
        #expect(r.changes.filter { $0.ruleID == "USB-CH9-004" }.map { "\($0.field) \($0.oldValue)->\($0.newValue)" }.sorted()
                == ["bInterfaceNumber 4->1", "bInterfaceNumber 4->1", "baInterfaceNr(0) 4->1"])
        #expect(r.changes.contains { $0.ruleID == "USB-CH9-009" && $0.oldValue == 0x00 && $0.newValue == 0x80 })
        #expect(r.bytes == DescriptorBuilder.uac1().bytes() ? true : false)

        var c = DescriptorBuilder.uac2()
        let clock = try #require(c.index("UAC2_CLOCK_SOURCE"))
        c.entries[clock].values["bmControls"] = [0x0F]
        let rc = DescriptorFixer.fix(bytes: c.bytes(), name: "uac2", format: .raw, options: CheckOptions(speed: .high))
        #expect(rc.changes.map { "\($0.ruleID) \($0.field) \($0.oldValue)->\($0.newValue)" } == ["UAC-CTL-003 bmControls 15->7"])
    }

    /// A configuration with a class descriptor of another class (here a CDC Union, which names interface
    /// numbers in bytes uac2 does not decode) is not renumbered: that is left for a decision.
    @Test func renumberingStopsAtForeignClassDescriptors() throws {
        var b = DescriptorBuilder.uac2()
        let config = try #require(b.index("CONFIGURATION"))
        b.entries[config].values["bNumInterfaces"] = [4]
        b.interface(5, endpoints: 0, subclass: 2, proto: 1, cls: 2)
        b.entries.append(DescriptorBuilder.Entry(layout: DescriptorCatalog.unknownClassSpecific, values: ["bLength": [5], "bDescriptorType": [0x24], "bDescriptorSubtype": [6]], extra: [5, 0]))
        let r = DescriptorFixer.fix(bytes: b.bytes(), name: "cdc", format: .raw, options: CheckOptions(speed: .high))
        #expect(!r.changes.contains { $0.ruleID == "USB-CH9-004" })
        #expect(r.choices.contains { $0.ruleID == "USB-CH9-004" && $0.message.contains("needs a decision") })
    }

    @Test func diffExitStatuses() throws {
        let blob = DescriptorBuilder.uac2(speed: .high).bytes()
        let a = try Self.temp("a.bin", blob)
        let same = try Fixtures.uac2(["diff", "--speed", "high", a, a])
        #expect(same.status == 0, "\(same.out)")
        var wrong = blob
        let config = try #require(RawDescriptorReader.read(blob, name: "a").devices.first?.configurations.first?.descriptor.location.offset)
        wrong[config + 2] &+= 8   // configuration wTotalLength low byte: USB-CH9-002, an error
        let b = try Self.temp("b.bin", wrong)
        let worse = try Fixtures.uac2(["diff", "--speed", "high", a, b])
        #expect(worse.status == 2, "\(worse.out)")
        #expect(worse.out.contains("wTotalLength"))
        #expect(worse.out.contains("+ USB-CH9-002"))
        let better = try Fixtures.uac2(["diff", "--speed", "high", "--json", b, a])
        #expect(better.status == 1, "\(better.out)")
        #expect(better.out.contains("\"disappeared\""))
        #expect(better.out.contains("\"ruleId\": \"USB-CH9-002\""))
    }
}
