import Foundation
import Testing
@testable import UAC2Kit

/// 100 MB of noise, made in memory, through `uac2 decode` with format detection and with every reader
/// forced: a clear error with its offset or line, in bounded time and peak memory. Serialized: one
/// 100 MB process at a time.
@Suite(.serialized) struct BadInputHugeTests {
    static let size = 100 << 20
    static let noise: [UInt8] = {
        var n = BadInput.Noise(seed: 100)
        return n.bytes(size)
    }()

    /// The same noise with a descriptor-like prefix in every format's own shape, so that each reader
    /// gets past its first check before it meets the noise.
    static func input(for format: InputFormat?) -> [UInt8] {
        switch format {
        case .hex?: return Array("00000000: 1201 0002 ef02 0140 c016 4404 0002 0105  ................\n".utf8) + noise
        case .lsusb?: return Array("Bus 001 Device 002: ID 16c0:0444\nDevice Descriptor:\n  bLength                18\n".utf8) + noise
        case .dump?: return Array("Device current bus speed: HighSpeed\n0x12\tbLength\n0x01\tbDescriptorType\n".utf8) + noise
        case .pcap?: return [0xD4, 0xC3, 0xB2, 0xA1, 2, 0, 4, 0] + [UInt8](repeating: 0, count: 8) + [0, 0, 4, 0, 0x20, 1, 0, 0] + noise
        case .pcapng?: return [0x0A, 0x0D, 0x0D, 0x0A, 28, 0, 0, 0, 0x4D, 0x3C, 0x2B, 0x1A, 1, 0, 0, 0] + [UInt8](repeating: 0xFF, count: 8) + [28, 0, 0, 0] + noise
        case .raw?: return Array(Fixtures.bytes("ksoloti-core-16c0_0444.bin").prefix(18)) + noise
        // An ELF header whose section table lies in the noise, one Intel HEX record, one UF2 block.
        case .elf?: return FirmwareTestFiles.elfHeaderOnly(sectionTableAt: 64, sections: 40) + noise
        case .ihex?: return Array(":0400000012010002E7\n".utf8) + noise
        case .uf2?: return FirmwareTestFiles.uf2(blocks: [(0x1000_0000, [0x12, 0x01, 0x00, 0x02])]) + noise
        case .bin?, nil: return noise
        }
    }

    /// Runs the built `uac2` (Tools/test builds it before the tests) on a file and returns its exit
    /// status, wall time, peak resident memory and standard output. A child process: in the test
    /// process, swift-testing records a backtrace for every error thrown, and decoding invalid UTF-8
    /// throws inside the standard library once per bad sequence, which no user sees.
    /// The peak comes from a small python3 parent that forks uac2 and reads RUSAGE_CHILDREN: a child
    /// posix_spawn'ed from the test process itself inherits the test process's high-water RSS at exec
    /// (Linux exec_mmap → setmax_mm_hiwater_rss of the shared vfork mm), so once another test had grown
    /// this process to 662 MB, every uac2 run here "peaked" at 662 MB whatever it did.
    static func uac2(_ args: [String]) throws -> (status: Int32, seconds: Double, peakBytes: Int, stdout: [UInt8]) {
        let binary = Fixtures.uac2Binary.path
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build uac2 first (swift build)")
        let base = NSTemporaryDirectory() + "uac2-huge-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        let outPath = base + ".out", usagePath = base + ".usage"
        defer { unlink(outPath); unlink(usagePath) }
        // Prints "<peak KiB> <status>", the status negative for a signal as subprocess gives it.
        let measure = """
            import resource, subprocess, sys
            r = subprocess.run(sys.argv[2:], stdout=open(sys.argv[1], "wb"), stderr=subprocess.DEVNULL)
            print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)
            """
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, usagePath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = (["python3", "-c", measure, outPath, binary] + args).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var pid: pid_t = 0
        let start = ContinuousClock.now
        let rc = posix_spawnp(&pid, "python3", &actions, nil, argv, environ)
        try #require(rc == 0, "posix_spawn failed: \(rc)")
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let usage = String(decoding: FileManager.default.contents(atPath: usagePath) ?? Data(), as: UTF8.self)
            .split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        try #require(status == 0 && usage.count == 2, "the python3 measuring parent failed: status \(status), \(usage)")
        let out = [UInt8](FileManager.default.contents(atPath: outPath) ?? Data())
        return (Int32(usage[1]), seconds, usage[0] * 1024, out)
    }

    @Test(arguments: [nil, .raw, .hex, .lsusb, .dump, .pcap, .pcapng, .elf, .ihex, .uf2, .bin] as [InputFormat?])
    func hundredMegabytesOfNoise(format: InputFormat?) throws {
        let path = NSTemporaryDirectory() + "uac2-noise-\(getpid())-\(format?.rawValue ?? "auto").bin"
        defer { unlink(path) }
        try #require(FileManager.default.createFile(atPath: path, contents: Data(Self.input(for: format))))
        let label = format?.rawValue ?? "detected"
        let run = try Self.uac2(["decode", "--json", path] + (format.map { ["--format", $0.rawValue] } ?? []))
        print("100 MB noise as \(label): exit \(run.status), \(String(format: "%.2f", run.seconds)) s, peak resident \(run.peakBytes >> 20) MB")
        // 65: decoded only in part (EX_DATAERR), the documented status for a bad input.
        #expect(run.status == 65, "\(label): exit status \(run.status)")
        #expect(run.seconds < 60, "\(label): \(run.seconds) s")
        // The process holds the file (100 MB), its byte array (100 MB) and, for text readers, the
        // decoded String (up to 3 bytes per invalid byte); never a multiple per descriptor.
        #expect(run.peakBytes < 6 * Self.size, "\(label): peak resident \(run.peakBytes >> 20) MB")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout)) as? [String: Any], "\(label): no JSON")
        let input = try #require((doc["inputs"] as? [[String: Any]])?.first)
        let errors = (input["diagnostics"] as? [[String: Any]] ?? []).filter { $0["severity"] as? String == "error" }
        #expect(!errors.isEmpty, "\(label): no error")
        for e in errors {
            #expect(e["offset"] is Int || e["line"] is Int || ["pcap", "pcapng"].contains(input["format"] as? String),
                    "\(label): error without offset or line: \(e["message"] ?? "")")
        }
        // What decoded before the noise is kept.
        if format == .raw {
            let dev = (input["devices"] as? [[String: Any]])?.first
            #expect(dev != nil, "\(label): the device descriptor before the noise is lost")
        }
    }
}
