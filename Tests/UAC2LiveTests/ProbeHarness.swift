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

    /// Runs uac2 with `args`; kills it and throws after `timeout` seconds.
    static func run(_ args: [String], env extra: [String: String] = [:], timeout: Double = 30) throws -> Run {
        let p = Process()
        p.executableURL = try uac2()
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
