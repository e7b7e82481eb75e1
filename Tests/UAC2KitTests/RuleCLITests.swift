import Foundation
import Testing
@testable import UAC2Kit

/// Runs the built `uac2 check / rules / explain` (Tools/test builds before testing).
@Suite struct RuleCLITests {
    struct Run { let status: Int32; let out: String; let err: String }

    func uac2(_ args: [String], stdin: [UInt8]? = nil) throws -> Run {
        let r = try Fixtures.uac2(args, stdin: stdin)
        return Run(status: r.status, out: r.out, err: r.err)
    }

    func path(_ name: String) -> String { Fixtures.descriptors.appendingPathComponent(name).path }

    @Test func exitCodesFollowTheWorstFinding() throws {
        // Seed case from stdin: errors → 2, and the text names the alt, 1176 and 1023.
        let seed = try uac2(["check", "-"], stdin: DescriptorBuilder.seed().bytes())
        #expect(seed.status == 2)
        #expect(seed.out.contains("UAC-BW-001") && seed.out.contains("1176") && seed.out.contains("1023"))
        #expect(seed.out.contains("ERRORS"))
        // Warnings only → 1, or 0 with --fail-on error.
        let warn = path("m-audio-micro-0763_201a.lsusb.txt")
        #expect(try uac2(["check", warn]).status == 1)
        #expect(try uac2(["check", "--fail-on", "error", warn]).status == 0)
        // Clean (info only) → 0.
        #expect(try uac2(["check", path("ksoloti-core-16c0_0444.bin")]).status == 0)
        // Missing file / nothing decodable → 65; bad option → 64.
        #expect(try uac2(["check", "/nonexistent/file.bin"]).status == 65)
        #expect(try uac2(["check", path("rme-fireface-uc-0424_3fc6.iso-out.pcapng")]).status == 65)
        #expect(try uac2(["check", "--host", "beos", warn]).status == 64)
        #expect(try uac2(["check", "--json", "--sarif", warn]).status == 64)
    }

    @Test func hostFilterShowsOneHost() throws {
        let r = try uac2(["check", "--host", "windows", "-"], stdin: DescriptorBuilder.seed().bytes())
        #expect(r.out.contains("Windows:"))
        #expect(!r.out.contains("Linux:") && !r.out.contains("macOS:"))
    }

    @Test func jsonCarriesFindingsWithValues() throws {
        let r = try uac2(["check", "--json", "-"], stdin: DescriptorBuilder.seed().bytes())
        #expect(r.status == 2)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        #expect(obj["exitStatus"] as? Int == 2)
        let inputs = try #require(obj["inputs"] as? [[String: Any]])
        let findings = try #require(inputs.first?["findings"] as? [[String: Any]])
        let bw = try #require(findings.first { $0["id"] as? String == "UAC-BW-001" })
        let values = try #require(bw["values"] as? [String: String])
        #expect(values["needed"] == "1176" && values["limit"] == "1023")
        let loc = try #require(bw["location"] as? [String: Any])
        #expect(loc["interface"] as? Int == 1 && loc["alternateSetting"] as? Int == 2)
    }

    @Test func rulesAndExplain() throws {
        let list = try uac2(["rules"])
        #expect(list.status == 0)
        for r in RuleCatalog.all { #expect(list.out.contains(r.id)) }
        let one = try uac2(["explain", "uac-ep-003"])
        #expect(one.status == 0)
        let flat = one.out.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        #expect(flat.contains("UAC-EP-003") && flat.contains("could not find a feedback endpoint"))
        #expect(try uac2(["explain", "UAC-XX-999"]).status == 64)
    }
}
