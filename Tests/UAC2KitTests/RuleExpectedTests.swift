import Foundation
import Testing
@testable import UAC2Kit

/// Descriptors/expected/<capture>.expected lists the reviewed findings of `uac2 check` on each real
/// capture (rule id and where, with why it is right). A rule change that alters a verdict on a real
/// device fails here until the file is reviewed again.
@Suite struct RuleExpectedTests {
    static let dir = Fixtures.descriptors.appendingPathComponent("expected")

    static var expectationFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".expected") }.sorted()
    }

    @Test func everyDecodableCaptureHasAnExpectationFile() {
        let captures = ((try? FileManager.default.contentsOfDirectory(atPath: Fixtures.descriptors.path)) ?? []).filter {
            $0.hasSuffix(".bin") || $0.hasSuffix(".hex.txt") || $0.hasSuffix(".lsusb.txt") || $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng")
        }
        #expect(captures.count >= 50)
        let have = Set(Self.expectationFiles.map { String($0.dropLast(".expected".count)) })
        #expect(captures.filter { !have.contains($0) } == [])
    }

    @Test(arguments: expectationFiles)
    func findingsMatchTheReviewedExpectations(_ file: String) throws {
        let text = try String(contentsOf: Self.dir.appendingPathComponent(file), encoding: .utf8)
        var expected: [String] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let parts = line.components(separatedBy: " | ")
            #expect(parts.count == 3 && !parts[2].isEmpty && parts[2] != "TODO", "\(file): every line needs id | where | why: \(line)")
            if parts.count >= 2 { expected.append(parts[0] + " | " + parts[1]) }
        }
        if expected.isEmpty { #expect(text.contains("# clean: "), "\(file): a file without findings says why the capture is clean") }
        let capture = String(file.dropLast(".expected".count))
        let result = RuleEngine.check(Fixtures.decode(capture))
        let actual = result.findings.filter { $0.ruleID != "USB-READ-002" }.map { $0.ruleID + " | " + $0.location.key }
        #expect(actual.sorted() == expected.sorted(),
                "\(capture): new \(actual.filter { !expected.contains($0) }), gone \(expected.filter { !actual.contains($0) })")
    }
}
