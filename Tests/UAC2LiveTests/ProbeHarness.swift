#if Live // UAC2Live needs libusb-1.0 and ALSA; without the trait this target compiles empty.
import Foundation

/// Runs the built `uac2` binary the way a user would, with the simulators' environment.
enum ProbeHarness {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let simDir = repoRoot.appendingPathComponent(".build-sim")

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any]
        }
    }

    enum HarnessError: Error, CustomStringConvertible {
        case missing(String)
        case timeout(String)
        var description: String {
            switch self { case .missing(let s), .timeout(let s): return s }
        }
    }

    /// The uac2 executable next to the test bundle (same build directory).
    static func uac2() throws -> URL {
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [dir.appendingPathComponent("uac2"),
                          repoRoot.appendingPathComponent(".build/debug/uac2")]
        where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        throw HarnessError.missing("uac2 binary not found next to \(dir.path); run swift build first")
    }

    static func asoundrc() throws -> String {
        let p = simDir.appendingPathComponent("asoundrc").path
        guard FileManager.default.fileExists(atPath: p) else {
            throw HarnessError.missing("\(p) missing: run Tools/sim/build (Tools/test does)")
        }
        return p
    }

    static let hsFixture = repoRoot.appendingPathComponent("Tests/UAC2LiveTests/Fixtures/uac2-sim-hs-feedback.hex").path
    static let ksoloti = repoRoot.appendingPathComponent("Descriptors/ksoloti-core-16c0_0444.bin").path

    /// Runs `uac2 ARGS` inside Tools/sim/uac2-usbsim with `sim` options; returns the run and
    /// the simulator's report (what the device saw, final alt/driver state).
    static func underUSBSim(_ sim: [String], _ args: [String], timeout: Double = 40) throws -> (Run, String) {
        let simBin = simDir.appendingPathComponent("uac2-usbsim").path
        guard FileManager.default.isExecutableFile(atPath: simBin) else {
            throw HarnessError.missing("\(simBin) missing: run Tools/sim/build (Tools/test does)")
        }
        let report = FileManager.default.temporaryDirectory
            .appendingPathComponent("uac2-usbsim-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).txt").path
        defer { try? FileManager.default.removeItem(atPath: report) }
        let r = try run(sim + ["--report", report, "--timeout", String(timeout - 5), "--", try uac2().path] + args,
                        executable: URL(fileURLWithPath: simBin), timeout: timeout)
        let text = (try? String(contentsOfFile: report, encoding: .utf8)) ?? ""
        return (r, text)
    }

    /// Runs uac2 (or `executable`) with `args`; kills it and throws after `timeout` seconds.
    static func run(_ args: [String], env extra: [String: String] = [:], executable: URL? = nil,
                    timeout: Double = 30) throws -> Run {
        let p = Process()
        p.executableURL = try executable ?? uac2()
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env["ALSA_CONFIG_PATH"] = try asoundrc()
        for (k, v) in extra { env[k] = v }
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Read both pipes concurrently so a chatty child cannot block on a full pipe.
        nonisolated(unsafe) var outData = Data(), errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            p.terminate()
            throw HarnessError.timeout("uac2 \(args.joined(separator: " ")) did not finish in \(timeout) s")
        }
        p.waitUntilExit()
        return Run(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                   stderr: String(decoding: errData, as: UTF8.self))
    }
}
#endif
