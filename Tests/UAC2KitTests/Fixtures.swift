import Foundation
@testable import UAC2Kit

/// Paths and loaders shared by the tests. Captures live in Descriptors/ at the repository root.
enum Fixtures {
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let descriptors = root.appendingPathComponent("Descriptors")

    static func files(suffix: String) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: descriptors.path)) ?? []
        return names.filter { $0.hasSuffix(suffix) }.sorted().map { descriptors.appendingPathComponent($0) }
    }

    static func bytes(_ name: String) -> [UInt8] {
        [UInt8]((try? Data(contentsOf: descriptors.appendingPathComponent(name))) ?? Data())
    }

    static func decode(_ name: String, format: InputFormat? = nil) -> DecodedInput {
        DescriptorReader.read(bytes: bytes(name), name: name, format: format)
    }
}

/// One finished child process: exit status and what it printed.
struct ProcessRun {
    let status: Int32
    let out: String
    let err: String
}

extension Fixtures {
    static var uac2Binary: URL { root.appendingPathComponent(".build/debug/uac2") }

    /// Runs a program to completion. stderr is drained on another thread so that a chatty child can never
    /// block on a full pipe while we read stdout.
    static func run(_ executable: String, _ arguments: [String], stdin: [UInt8]? = nil,
                    mergeStderr: Bool = false) throws -> ProcessRun {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardError = mergeStderr ? out : err
        p.standardInput = inp
        try p.run()
        let errData = LockedData()
        let drain = Thread { if !mergeStderr { errData.set(err.fileHandleForReading.readDataToEndOfFile()) } }
        drain.start()
        if let stdin { inp.fileHandleForWriting.write(Data(stdin)) }
        try inp.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        while !drain.isFinished { Thread.sleep(forTimeInterval: 0.001) }
        return ProcessRun(status: p.terminationStatus, out: String(decoding: o, as: UTF8.self),
                          err: String(decoding: errData.get(), as: UTF8.self))
    }

    /// Runs the built `uac2` (Tools/test builds it before testing).
    static func uac2(_ arguments: [String], stdin: [UInt8]? = nil) throws -> ProcessRun {
        guard FileManager.default.isExecutableFile(atPath: uac2Binary.path) else {
            throw FixtureError("build uac2 first (swift build): \(uac2Binary.path) is missing")
        }
        return try run(uac2Binary.path, arguments, stdin: stdin)
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

final class LockedData: @unchecked Sendable {
    private var data = Data()
    private let lock = NSLock()
    func set(_ d: Data) { lock.lock(); data = d; lock.unlock() }
    func get() -> Data { lock.lock(); defer { lock.unlock() }; return data }
}
