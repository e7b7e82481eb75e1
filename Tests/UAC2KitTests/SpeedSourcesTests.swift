import Foundation
import Testing
@testable import UAC2Kit

/// Where a speed comes from (issue 13): the sysfs `speed` file beside a `descriptors` file, and one
/// judgement shared by `check`, `decode` and `bandwidth --descriptors` for every capture in Descriptors/.
@Suite(.serialized) struct SpeedSourcesTests {
    static func flat(_ s: String) -> String {
        s.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    }

    /// A copy of a sysfs device folder: `descriptors` holding a real capture's bytes, `speed` as the
    /// kernel writes it.
    static func sysfsFolder(blob: String, speed: String?) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("uac2-sysfs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(Fixtures.bytes(blob)).write(to: dir.appendingPathComponent("descriptors"))
        if let speed { try Data(speed.utf8).write(to: dir.appendingPathComponent("speed")) }
        return dir
    }

    @Test func sysfsSpeedValuesAreTheKernelsStrings() {
        // drivers/usb/core/sysfs.c speed_show: "1.5", "12", "480", "5000", "10000", "20000".
        let table: [(String, USBSpeed)] = [("1.5", .low), ("12", .full), ("480", .high), ("5000", .super),
                                           ("10000", .superPlus), ("20000", .superPlus), ("480\n", .high)]
        for (text, speed) in table { #expect(USBSpeed(sysfsMegabits: text) == speed, "\(text)") }
        for text in ["", "unknown", "48", "1.50", "480 Mbps"] { #expect(USBSpeed(sysfsMegabits: text) == nil, "\(text)") }
    }

    @Test func sysfsSpeedFileIsTheEvidence() throws {
        // The Ksoloti's own descriptors prove full speed (bulk 64 B, no qualifier); the RME's prove high
        // speed (2 transactions per microframe, bulk 512). The speed file beside them wins, and each
        // command names it as the reason.
        for (blob, value, speed) in [("ksoloti-core-16c0_0444.bin", "12", USBSpeed.full),
                                     ("rme-fireface-uc-0424_3fc6.bin", "480", .high),
                                     ("ksoloti-core-16c0_0444.bin", "480", .high)] {
            let dir = try Self.sysfsFolder(blob: blob, speed: value + "\n")
            defer { try? FileManager.default.removeItem(at: dir) }
            let path = dir.appendingPathComponent("descriptors").path
            let speedPath = dir.appendingPathComponent("speed").path
            let reason = "the sysfs speed file beside descriptors reads \(value) (Mbit/s) (\(speedPath))"

            let check = try Fixtures.uac2(["check", path])
            #expect(Self.flat(check.out).contains("at \(speed.displayName) (\(reason))"), "\(blob) \(value): \(check.out.prefix(400))")
            let decode = try Fixtures.uac2(["decode", path])
            #expect(decode.out.contains("at \(speed.displayName) (\(reason))"), "\(blob) \(value)")
            #expect(decode.out.contains("Bandwidth at \(speed.displayName) (\(reason))"), "\(blob) \(value)")
            let bw = try Fixtures.uac2(["bandwidth", "--descriptors", path])
            #expect(Self.flat(bw.out).contains("Bandwidth at \(speed.displayName) (\(reason))"), "\(blob) \(value): \(bw.out.prefix(400))")

            let json = try Fixtures.uac2(["check", "--json", path])
            let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
            let dev = try #require(((doc["inputs"] as? [[String: Any]])?.first?["devices"] as? [[String: Any]])?.first)
            #expect(dev["speed"] as? String == speed.rawValue)
            let ev = try #require((dev["speedEvidence"] as? [[String: Any]])?.first)
            #expect(ev["source"] as? String == "sysfs")
            #expect(ev["place"] as? String == speedPath)
        }
    }

    @Test func sysfsSpeedOnlyBesideADescriptorsFile() throws {
        // The same bytes under another name, or with no speed file, are judged from the descriptors.
        let dir = try Self.sysfsFolder(blob: "ksoloti-core-16c0_0444.bin", speed: "480")
        defer { try? FileManager.default.removeItem(at: dir) }
        let other = dir.appendingPathComponent("ksoloti.bin")
        try Data(Fixtures.bytes("ksoloti-core-16c0_0444.bin")).write(to: other)
        let r = try Fixtures.uac2(["check", other.path])
        #expect(Self.flat(r.out).contains("at full speed (EP 0x01 is a bulk endpoint of 64 B"), "\(r.out.prefix(300))")
        try FileManager.default.removeItem(at: dir.appendingPathComponent("speed"))
        let none = try Fixtures.uac2(["check", dir.appendingPathComponent("descriptors").path])
        #expect(Self.flat(none.out).contains("at full speed (EP 0x01 is a bulk endpoint of 64 B"))
        #expect(!none.out.contains("sysfs speed file"))
    }

    @Test func unreadableSpeedFileIsNamedAndIgnored() throws {
        let dir = try Self.sysfsFolder(blob: "rme-fireface-uc-0424_3fc6.bin", speed: "unknown\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Fixtures.uac2(["decode", dir.appendingPathComponent("descriptors").path])
        #expect(r.out.contains("speed holds \"unknown\", not a USB speed in Mbit/s"))
        #expect(r.out.contains("Bandwidth at high speed (EP 0x01 declares 2 transactions per microframe"))
    }

    /// Every capture in Descriptors/: `check`, `decode` and `bandwidth --descriptors` judge each device
    /// at the same speeds for the same evidence and reason.
    @Test func threeCommandsAgreeOnEveryCapture() throws {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: Fixtures.descriptors.path)) ?? [])
            .filter { !$0.hasSuffix(".md") && !$0.hasPrefix("expected") && $0 != "INDEX.md" }.sorted()
        #expect(files.count >= 55)
        var compared = 0
        for name in files {
            let path = Fixtures.descriptors.appendingPathComponent(name).path
            func json(_ args: [String]) throws -> [String: Any] {
                let r = try Fixtures.uac2(args + [path])
                return (try? JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]) ?? [:]
            }
            let check = ((try json(["check", "--json"])["inputs"] as? [[String: Any]])?.first?["devices"] as? [[String: Any]]) ?? []
            let decode = ((try json(["decode", "--json"])["inputs"] as? [[String: Any]])?.first?["devices"] as? [[String: Any]]) ?? []
            let bandwidth = (try json(["bandwidth", "--json", "--descriptors"])["devices"] as? [[String: Any]]) ?? []
            #expect(check.count == decode.count, "\(name): check \(check.count) devices, decode \(decode.count)")
            // bandwidth --descriptors lists devices with audio streaming alts only.
            #expect(bandwidth.count <= check.count, "\(name)")
            func evidence(_ list: Any?) -> [String] {
                ((list as? [[String: Any]]) ?? []).map { e in
                    "\(e["source"] as? String ?? "")|\((e["speeds"] as? [String]) ?? [])|\(e["reason"] as? String ?? "")|\(e["place"] as? String ?? "-")"
                }
            }
            for (i, c) in check.enumerated() where i < decode.count {
                let j = decode[i]["speedJudgement"] as? [String: Any] ?? [:]
                #expect(c["judgedAt"] as? [String] == j["speeds"] as? [String], "\(name) device \(i)")
                #expect(c["speedReason"] as? String == j["reason"] as? String, "\(name) device \(i)")
                #expect(evidence(c["speedEvidence"]) == evidence(j["evidence"]), "\(name) device \(i)")
                compared += 1
            }
            for b in bandwidth {
                let s = b["speed"] as? [String: Any] ?? [:]
                // Matched by label: the same device in check's list.
                guard let c = check.first(where: { evidence($0["speedEvidence"]) == evidence(s["evidence"]) && $0["judgedAt"] as? [String] == s["speeds"] as? [String] })
                else { Issue.record("\(name): bandwidth --descriptors judged \(s["speeds"] ?? "?") from \(evidence(s["evidence"])), which no device of check has"); continue }
                if let why = s["unknownReason"] as? String { #expect((c["speedReason"] as? String ?? "").hasPrefix(why), "\(name)") }
            }
        }
        #expect(compared >= 55)
    }
}
