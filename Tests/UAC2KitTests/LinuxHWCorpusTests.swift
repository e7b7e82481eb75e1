import Foundation
import Testing
@testable import UAC2Kit

/// The linux-hardware.org reports in ../shared/corpus-linuxhw/ carry no licence, so they are read where they
/// are, at test time, and only our reviewed expectations live in Descriptors/expected-linuxhw/. The folder
/// grows: every report it holds when the test runs must decode and have a reviewed expectation file.
enum LinuxHWCorpus {
    static let dir = Fixtures.root.deletingLastPathComponent().appendingPathComponent("shared/corpus-linuxhw")
    static let expected = Fixtures.descriptors.appendingPathComponent("expected-linuxhw")
    static var available: Bool { FileManager.default.fileExists(atPath: dir.appendingPathComponent("INDEX.md").path) }
    static var reports: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".lsusb.txt") }.sorted()
    }

    static func decode(_ name: String) -> DecodedInput {
        let bytes = [UInt8]((try? Data(contentsOf: dir.appendingPathComponent(name))) ?? Data())
        return DescriptorReader.read(bytes: bytes, name: name, format: nil)
    }
}

@Suite(.enabled(if: LinuxHWCorpus.available, "../shared/corpus-linuxhw is not beside this checkout"))
struct LinuxHWCorpusTests {
    @Test func everyReportHasAReviewedExpectationFile() {
        let reports = LinuxHWCorpus.reports
        #expect(reports.count >= 70, "the corpus held 70 reports when the expectations were written")
        let missing = reports.filter {
            !FileManager.default.fileExists(atPath: LinuxHWCorpus.expected.appendingPathComponent($0 + ".expected").path)
        }
        #expect(missing.isEmpty, """
            \(missing.count) report(s) in ../shared/corpus-linuxhw have no Descriptors/expected-linuxhw/NAME.expected: \
            \(missing.joined(separator: ", ")). Run `Tools/linuxhw/expectations ../shared/corpus-linuxhw/NAME`, \
            then replace every TODO with a reason read from the report.
            """)
    }

    /// Every report decodes into a device with a configuration and an audio interface, with no reader error
    /// (USB-READ-001): where the text lost bytes, the reader keeps them as 0 and says so in a note.
    @Test(arguments: LinuxHWCorpus.reports)
    func reportDecodes(_ name: String) {
        let input = LinuxHWCorpus.decode(name)
        #expect(input.diagnostics.filter { $0.severity == .error }.isEmpty,
                "\(name): \(input.diagnostics.filter { $0.severity == .error }.map(\.message))")
        let device = input.devices.first
        #expect(device?.device?.bytes.count == 18, "\(name): no 18-byte device descriptor")
        let configs = device?.configurations ?? []
        #expect(!configs.isEmpty, "\(name): no configuration decoded")
        for c in configs {
            // The rebuilt bytes add up to what the device said it would send: nothing lost or invented.
            // Never more than the device said it sends; fewer only where lsusb did not print them, and then a note
            // gives the exact gap.
            let held = c.sequence.reduce(0) { $0 + $1.bytes.count }
            #expect(held <= c.wTotalLength, "\(name): configuration \(c.value) holds \(held) of wTotalLength \(c.wTotalLength) bytes")
            if held < c.wTotalLength {
                #expect(input.diagnostics.contains { $0.message.contains("\(held) of its wTotalLength \(c.wTotalLength) bytes") },
                        "\(name): configuration \(c.value) lost \(c.wTotalLength - held) bytes without a reader note")
            }
        }
        #expect(configs.contains { $0.altSettings.contains { $0.interfaceClass == 1 } }, "\(name): no audio interface")
    }

    /// hw-probe replaces the line after an empty iSerial with `--`: the reader names the lost field.
    @Test func anonymisedLinesAreNamed() throws {
        var seen = 0
        for name in LinuxHWCorpus.reports {
            let text = try String(contentsOf: LinuxHWCorpus.dir.appendingPathComponent(name), encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            guard let i = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "--" }) else { continue }
            seen += 1
            let notes = LinuxHWCorpus.decode(name).diagnostics.map(\.message)
            #expect(notes.contains { $0.contains("bNumConfigurations") && $0.contains("line \(i + 1) reads `--`") },
                    "\(name): no reader note for the `--` at line \(i + 1): \(notes)")
            #expect(LinuxHWCorpus.decode(name).devices.first?.device?["bNumConfigurations"] == 0)
        }
        #expect(seen >= 50, "50 of the 70 reports had a `--` line when this was written")
    }

    static var expectationFiles: [String] {
        LinuxHWCorpus.reports.filter {
            FileManager.default.fileExists(atPath: LinuxHWCorpus.expected.appendingPathComponent($0 + ".expected").path)
        }
    }

    @Test(arguments: expectationFiles)
    func findingsMatchTheReviewedExpectations(_ report: String) throws {
        let file = report + ".expected"
        let text = try String(contentsOf: LinuxHWCorpus.expected.appendingPathComponent(file), encoding: .utf8)
        var expected: [String] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let parts = line.components(separatedBy: " | ")
            #expect(parts.count == 3 && !parts[2].isEmpty && !parts[2].hasPrefix("TODO"), "\(file): every line needs id | where | a reviewed why: \(line)")
            if parts.count >= 2 { expected.append(parts[0] + " | " + parts[1]) }
        }
        if expected.isEmpty { #expect(text.contains("# clean: ") && !text.contains("# clean: TODO"), "\(file): a file without findings says why the report is clean") }
        let result = RuleEngine.check(LinuxHWCorpus.decode(report))
        let actual = result.findings.filter { $0.ruleID != "USB-READ-002" }.map { $0.ruleID + " | " + $0.location.key }
        #expect(actual.sorted() == expected.sorted(),
                "\(report): new \(actual.filter { !expected.contains($0) }), gone \(expected.filter { !actual.contains($0) }); rerun Tools/linuxhw/expectations and review")
    }
}
