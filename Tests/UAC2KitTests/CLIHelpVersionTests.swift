import Foundation
import Testing

/// `uac2 --version` and `uac2 --help` as a newcomer meets them.
@Suite struct CLIHelpVersionTests {
    /// The commit comes from git itself here, not from the plugin's own reading of .git.
    @Test func versionNamesTheGitCommit() throws {
        let git = try Fixtures.run("/usr/bin/git", ["-C", Fixtures.root.path, "rev-parse", "HEAD"])
        #expect(git.status == 0)
        let head = git.out.trimmingCharacters(in: .whitespacesAndNewlines)
        let run = try Fixtures.uac2(["--version"])
        #expect(run.status == 0)
        #expect(run.out == "0.1.0 (git \(head.prefix(12)))\n", "built from another commit? rebuild: \(run.out)")
    }

    /// The commands `uac2 --help` lists under SUBCOMMANDS.
    static func subcommands(_ help: String) -> [String] {
        guard let r = help.range(of: "SUBCOMMANDS:\n") else { return [] }
        let section = help[r.upperBound...].components(separatedBy: "\n\n")[0]
        return section.split(separator: "\n").compactMap { line in
            line.hasPrefix("  ") && !line.hasPrefix("   ") ? line.split(separator: " ").first.map(String.init) : nil
        }
    }

    static func examples(_ help: String) -> [String] {
        help.split(separator: "\n").filter { $0.hasPrefix("  uac2 ") }.map { String($0.dropFirst(2)) }
    }

    @Test func helpShowsOneExamplePerCommand() throws {
        let help = try Fixtures.uac2(["--help"]).out
        let commands = Self.subcommands(help).filter { $0 != "help" }
        #expect(commands.count >= 8)
        let named = Self.examples(help).map { $0.split(separator: " ")[1] }.map(String.init)
        #expect(named.sorted() == commands.sorted(), "one example per command")
    }

    /// Every example runs as printed (in a scratch directory that has Descriptors/), with the exit
    /// status its command documents.
    @Test func everyHelpExampleRuns() throws {
        let help = try Fixtures.uac2(["--help"]).out
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("uac2-help-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createSymbolicLink(at: dir.appendingPathComponent("Descriptors"), withDestinationURL: Fixtures.descriptors)
        // check: the Arturia has findings (1 warnings, 2 errors); bandwidth: 12 ch × 16 bit at full speed needs 1176 B > 1023 B (1);
        // fix: 0 all fixed or 1 findings left for a decision; diff (of the fix): 1 different.
        let expected: [String: Set<Int32>] = ["decode": [0], "check": [1, 2], "report": [0], "fix": [0, 1], "diff": [1], "bandwidth": [1], "capture": [0],
                                              "rules": [0], "explain": [0], "probe": [0, 1, 2, 69],
                                              // emulate boots the VM where Tools/vm/setup ran (0 card, 1 an alt skipped, 2 no card), else 69
                                              "emulate": [0, 1, 2, 69]]
        for example in Self.examples(help) {
            let words = example.split(separator: "(")[0].split(separator: " ").map(String.init)
            let p = Process()
            p.executableURL = Fixtures.uac2Binary
            p.arguments = Array(words.dropFirst())
            p.currentDirectoryURL = dir
            let err = Pipe()
            p.standardOutput = FileHandle.nullDevice
            p.standardError = err
            try p.run()
            let errText = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            let command = words[1]
            #expect(expected[command]?.contains(p.terminationStatus) == true, "\(example): exit \(p.terminationStatus) \(errText.prefix(200))")
            if command == "probe", p.terminationStatus == 69 { #expect(errText.contains("swift build --traits Live")) }
        }
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("report.html").path))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("fixed.txt").path))
    }
}
