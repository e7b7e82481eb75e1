import Foundation
import Testing
@testable import UAC2Kit

/// Inputs built to hurt (issue 19): huge structures that are valid byte for byte, streams instead of
/// files, damaged text, hostile options. Each names what used to go wrong and asserts what the tool now
/// does: the decoded figures, the exit status, bounded time and memory.
enum Hostile {
    static func device() -> [UInt8] { [18, 1, 0, 2, 0xEF, 2, 1, 64, 0xC0, 0x16, 0x44, 0x04, 0, 2, 1, 2, 3, 1] }
    static func configuration(_ body: [UInt8], interfaces: UInt8) -> [UInt8] {
        let total = 9 + body.count
        return [9, 2, UInt8(total & 0xFF), UInt8((total >> 8) & 0xFF), interfaces, 1, 0, 0x80, 50] + body
    }
    static func interface(_ n: UInt8, alt: UInt8, subclass: UInt8) -> [UInt8] { [9, 4, n, alt, 0, 1, subclass, 0x20, 0] }

    /// Device, configuration, one AudioControl interface and `count` two-byte class-specific descriptors.
    static func twoByteDescriptors(_ count: Int) -> [UInt8] {
        var body = interface(0, alt: 0, subclass: 1)
        for _ in 0..<count { body += [2, 0x24] }
        return device() + configuration(body, interfaces: 1)
    }

    /// `n` UAC2 selector units, each taking every other one as input (at most 248 inputs each).
    static func selectors(_ n: Int) -> [UInt8] {
        var units: [UInt8] = []
        for i in 0..<n {
            let sources = (0..<n).filter { $0 != i }.prefix(248).map { UInt8($0 + 1) }
            units += [UInt8(7 + sources.count), 0x24, 5, UInt8(i + 1), UInt8(sources.count)] + sources + [0, 0]
        }
        let header: [UInt8] = [9, 0x24, 1, 0, 2, 8, UInt8((9 + units.count) & 0xFF), UInt8((9 + units.count) >> 8), 0]
        return device() + configuration(interface(0, alt: 0, subclass: 1) + header + units, interfaces: 1)
    }

    static func temporaryFile(_ bytes: [UInt8], _ name: String) throws -> String {
        let path = NSTemporaryDirectory() + "uac2-hostile-\(getpid())-\(name)"
        try #require(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        return path
    }

    static func json(_ s: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(s.utf8)) as? [String: Any])
    }

    static func bash(_ script: String) throws -> ProcessRun { try Fixtures.run("/bin/bash", ["-c", script]) }

    /// `uac2` under an address-space limit (as the issue's reproducers run it): going over it makes an
    /// allocation fail, which no run that stays bounded can hit. Returns the run and its seconds.
    /// (wait4's peak RSS of a child spawned from this test process counts the test process too.)
    static func uac2(_ args: [String], limitMB: Int) throws -> (run: ProcessRun, seconds: Double) {
        let quoted = ([Fixtures.uac2Binary.path] + args).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let start = ContinuousClock.now
        let run = try bash("ulimit -v \(limitMB << 10); exec " + quoted.joined(separator: " "))
        let d = ContinuousClock.now - start
        return (run, Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
    }
}

@Suite(.serialized) struct BadInputHostileTests {
    /// ModelBuilder copied the configuration's arrays for every descriptor: 30,000 two-byte
    /// descriptors took 51 s (over 200 s on a loaded machine). Every one is kept, in order.
    @Test func thirtyThousandTwoByteDescriptors() throws {
        let input = Hostile.twoByteDescriptors(30_000)
        let (r, seconds) = BadInput.timed { DescriptorReader.read(bytes: input, name: "cs") }
        let alt = try #require(r.devices.first?.configurations.first?.interfaces.first?.alternates.first)
        #expect(alt.classSpecific.count == 30_000)
        #expect(alt.classSpecific.last?.location.offset == input.count - 2)
        #expect(!r.hasErrors)
        #expect(seconds < 20, "\(seconds) s")
        let path = try Hostile.temporaryFile(input, "cs.bin")
        defer { unlink(path) }
        // 150 MB of address space: the runtime alone maps about 80 MB.
        let (run, runSeconds) = try Hostile.uac2(["check", "--json", path], limitMB: 150)
        #expect(run.status == 2, "\(run.err)")
        #expect(runSeconds < 20, "\(runSeconds) s")
        #expect((try Hostile.json(run.out)["inputs"] as? [[String: Any]])?.count == 1)
    }

    /// 100 selector units that each source every other: 31,627 loop findings in 13.4 s before; now
    /// one loop per strongly connected component, naming how many entities it ties together.
    @Test(arguments: [100, 250])
    func selectorsSourcingEachOther(_ n: Int) throws {
        let r = RuleEngine.check(DescriptorReader.read(bytes: Hostile.selectors(n), name: "sel"))
        let loops = r.findings.filter { $0.ruleID == "UAC-TOPO-005" }
        #expect(loops.count == 1)
        // With 250 units each takes only its first 248 others, so unit 250 is no unit's input: it
        // feeds the loop without being on it, and 249 units are.
        let members = n == 250 ? 249 : n
        #expect(loops.first?.message.contains("Selector Unit 1 ← Selector Unit 2 ← Selector Unit 1; \(members) entities in all") == true,
                "\(loops.first?.message ?? "")")
        let perRule = Dictionary(grouping: r.findings, by: \.ruleID).mapValues(\.count)
        #expect(perRule.values.allSatisfy { $0 <= RuleEngine.findingsPerRulePerDevice }, "\(perRule)")
    }

    /// The same mistake 250 times: 100 findings, the last counting the other 150.
    @Test func findingsOfOneKindAreCappedWithACount() throws {
        // 250 feature units (ids 1-250) whose bSourceID 251 names no entity (UAC-TOPO-002 each).
        var units: [UInt8] = []
        for i in 0..<250 { units += [10, 0x24, 6, UInt8(i + 1), 251, 0, 0, 0, 0, 0] }
        let header: [UInt8] = [9, 0x24, 1, 0, 2, 8, UInt8((9 + units.count) & 0xFF), UInt8((9 + units.count) >> 8), 0]
        let input = Hostile.device() + Hostile.configuration(Hostile.interface(0, alt: 0, subclass: 1) + header + units, interfaces: 1)
        let all = RuleEngine.check(DescriptorReader.read(bytes: input, name: "fu")).findings.filter { $0.ruleID == "UAC-TOPO-002" }
        #expect(all.count == RuleEngine.findingsPerRulePerDevice)
        #expect(all.last?.values["omitted"] == "150")
        #expect(all.last?.message.hasSuffix("And 150 more findings of the same kind (UAC-TOPO-002) on this device, not listed one by one.") == true)
        #expect(all.dropLast().allSatisfy { $0.values["omitted"] == nil })
    }

    /// A 2 GB sparse file was read whole, twice (4.1 GB resident) to say "bLength 0 at byte 0".
    @Test func twoGigabyteSparseFileIsNotLoaded() throws {
        let path = NSTemporaryDirectory() + "uac2-hostile-\(getpid())-sparse.bin"
        let fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0o600)
        try #require(fd >= 0)
        try #require(ftruncate(fd, 2 << 30) == 0)
        close(fd)
        defer { unlink(path) }
        let (run, seconds) = try Hostile.uac2(["decode", path], limitMB: 200)
        #expect(run.status == 65, "\(run.err)")
        #expect(run.out.contains("byte 0: descriptor has bLength 0") && run.out.contains("2147483648 bytes left undecoded"), "\(run.out)")
        #expect(seconds < 10, "\(seconds) s")
    }

    /// lsusb text with the configuration's bLength line missing exited 0 with "0 errors": the whole
    /// configuration was dropped without a word.
    @Test func lsusbConfigurationWithoutBLengthIsAnError() throws {
        let name = "behringer-umc202hd-1397_0507.lsusb.txt"
        var lines = String(decoding: Fixtures.bytes(name), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let header = try #require(lines.firstIndex { $0.contains("Configuration Descriptor:") })
        #expect(lines[header + 1].contains("bLength"))
        lines.remove(at: header + 1)
        let path = try Hostile.temporaryFile(Array(lines.joined(separator: "\n").utf8), "nolength.txt")
        defer { unlink(path) }
        let r = try InputReader.read(path: path)
        let e = try #require(r.diagnostics.first { $0.severity == .error })
        #expect(e.location.line == header + 1)
        #expect(e.message.contains("no bLength line") && e.message.contains("configuration it opens"))
        #expect(try Fixtures.uac2(["decode", path]).status == 65)
    }

    /// UTF-16 (with or without a byte order mark) and UTF-32 text decode to the same descriptors as
    /// the UTF-8 original, and say how they were read.
    @Test func wideTextIsReadAsText() throws {
        let name = "behringer-umc202hd-1397_0507.lsusb.txt"
        let text = String(decoding: Fixtures.bytes(name), as: UTF8.self)
        let original = Fixtures.decode(name).devices.first?.sysfsDescriptors()
        try #require(original != nil && !original!.isEmpty)
        let le = text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let be = text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let le32 = text.unicodeScalars.flatMap { s in (0..<4).map { UInt8((s.value >> (8 * $0)) & 0xFF) } }
        let cases: [(String, [UInt8], TextEncoding)] = [
            ("UTF-16LE with BOM", [0xFF, 0xFE] + le, .utf16LE), ("UTF-16LE", le, .utf16LE),
            ("UTF-16BE with BOM", [0xFE, 0xFF] + be, .utf16BE), ("UTF-32LE with BOM", [0xFF, 0xFE, 0, 0] + le32, .utf32LE),
        ]
        for (what, bytes, encoding) in cases {
            #expect(TextEncoding.detect(bytes) == encoding, "\(what)")
            let r = DescriptorReader.read(bytes: bytes, name: what)
            #expect(r.format == .lsusb, "\(what): read as \(r.format)")
            #expect(r.devices.first?.sysfsDescriptors() == original, "\(what)")
            #expect(r.diagnostics.contains { $0.severity == .note && $0.message.contains(encoding.rawValue) }, "\(what)")
        }
        // A descriptor blob is never taken for wide text.
        #expect(TextEncoding.detect(Fixtures.bytes("ksoloti-core-16c0_0444.bin")) == .utf8)
    }

    /// Writing to a full disk exited 0.
    @Test func writeErrorsExit74() throws {
        let blob = Fixtures.descriptors.appendingPathComponent("ksoloti-core-16c0_0444.bin").path
        let out = try Hostile.bash("'\(Fixtures.uac2Binary.path)' decode '\(blob)' > /dev/full")
        #expect(out.status == 74)
        #expect(out.err.contains("cannot write standard output: No space left on device"))
        let raw = try Fixtures.uac2(["decode", "--write-raw", "/dev/full", blob])
        #expect(raw.status == 74)
        #expect(raw.err.contains("--write-raw: cannot write /dev/full: No space left on device"))
    }

    /// `-`, pipes, FIFOs and process substitution read like the file: one read, no lost bytes.
    @Test func streamsReadLikeFiles() throws {
        let bin = Fixtures.uac2Binary.path
        for name in ["behringer-umc202hd-1397_0507.lsusb.txt", "ksoloti-core-16c0_0444.bin", "ksoloti-core-16c0_0444.enum.pcap"] {
            let file = Fixtures.descriptors.appendingPathComponent(name).path
            let direct = try Fixtures.uac2(["decode", "--json", file])
            let expected = try Hostile.json(direct.out)["inputs"] as? [[String: Any]]
            let fifo = NSTemporaryDirectory() + "uac2-hostile-\(getpid())-fifo"
            unlink(fifo)
            try #require(mkfifo(fifo, 0o600) == 0)
            defer { unlink(fifo) }
            for (how, script) in [("stdin", "cat '\(file)' | '\(bin)' decode --json -"),
                                  ("process substitution", "'\(bin)' decode --json <(cat '\(file)')"),
                                  ("FIFO", "cat '\(file)' > '\(fifo)' & '\(bin)' decode --json '\(fifo)'")] {
                let run = try Hostile.bash(script)
                #expect(run.status == direct.status, "\(name) via \(how): \(run.err)")
                let got = try Hostile.json(run.out)["inputs"] as? [[String: Any]]
                // Same devices and descriptors; only the name differs.
                #expect(try Self.canonical(got?.first?["devices"]) == Self.canonical(expected?.first?["devices"]), "\(name) via \(how)")
                #expect(got?.first?["format"] as? String == expected?.first?["format"] as? String, "\(name) via \(how)")
            }
        }
    }

    static func canonical(_ value: Any?) throws -> Data {
        let v = try #require(value)
        return try JSONSerialization.data(withJSONObject: v, options: [.sortedKeys])
    }

    /// Directories and devices said "cannot be read (permissions?)".
    @Test func directoriesAndDevicesAreNamed() throws {
        let dir = try Fixtures.uac2(["decode", NSTemporaryDirectory()])
        #expect(dir.status == 66)
        #expect(dir.err.contains("is a directory, not a file"))
        let dev = try Fixtures.uac2(["check", "/dev/zero"])
        #expect(dev.status == 65)
        #expect(dev.err.contains("/dev/zero: is a character device"))
        let missing = try Fixtures.uac2(["decode", "/nonexistent/uac2"])
        #expect(missing.err.contains("/nonexistent/uac2: does not exist"))
    }

    /// Options are checked before any arithmetic: --bits Int.max died with SIGILL.
    @Test func hostileOptionsAreUsageErrors() throws {
        let cases: [([String], String)] = [
            (["--bits", "9223372036854775807"], "bBitResolution is 1-32"),
            (["--channels", "9223372036854775807"], "bNrChannels is one byte"),
            (["--rate", "0"], "a sample rate is 1 Hz to 4294967295 Hz"),
            (["--rate", "48.000000000000000000001k"], "not a whole number of Hz"),
            (["--interval", "-9223372036854775808"], "bInterval"),
        ]
        for (option, message) in cases {
            var args = ["bandwidth", "--speed", "full", "--rate", "48k", "--channels", "2", "--bits", "16"]
            args += option
            let run = try Fixtures.uac2(args)
            #expect(run.status == 64, "\(option): \(run.status)")
            #expect(run.err.contains(message), "\(option): \(run.err)")
        }
    }

    /// Thousands of repeated options: swift-argument-parser alone took 84 s for 3,000 --bus.
    @Test func repeatedOptionsParseInLinearTime() throws {
        let bus = (0..<3000).flatMap { _ in ["--bus", "in:8"] }
        let start = ContinuousClock.now
        let run = try Fixtures.uac2(["bandwidth", "--speed", "high", "--json"] + bus)
        let elapsed = ContinuousClock.now - start
        #expect(elapsed < .seconds(20), "\(elapsed)")
        let doc = try Hostile.json(run.out)
        let endpoints = (doc["busTime"] as? [String: Any])?["costs"] as? [Any]
        #expect(endpoints?.count == 3000)
        let blob = Fixtures.descriptors.appendingPathComponent("ksoloti-core-16c0_0444.bin").path
        let files = try Fixtures.uac2(["check", "--json", "--speed", "full"] + Array(repeating: blob, count: 500) + ["--rates", "48k"])
        #expect((try Hostile.json(files.out)["inputs"] as? [Any])?.count == 500)
    }
}
