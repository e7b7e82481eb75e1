import Foundation
import UAC2Kit

/// What the test VM (Tools/vm) reported after presenting a descriptor set to the real Linux host:
/// the sections guest/emulate.sh prints between "---- EMULATE name" markers.
struct EmulateObservation: Codable {
    /// Kernel log lines about the emulated device (usbcore, snd-usb-audio), timestamps dropped.
    var kernelLines: [String]
    var cards: [String]
    var pcms: [String]
    /// /proc/asound/cardN/streamM path → its lines.
    var streamFiles: [String: [String]]
    /// Host-side interface (1-1:1.N) → bound driver ("none" when unbound).
    var drivers: [String: String]
    /// Control requests the host sent and what the responder answered ("req a1 02 0100 0a00 14 -> ...").
    var requests: [String]
    var secondsToSettle: Double?
    var bootSeconds: Double
    /// The guest kernel's release (uname -r).
    var kernel: String
}

/// Runs Tools/vm/emulate-boot and parses its console log.
enum EmulateVM {
    struct Failure: Error, CustomStringConvertible {
        var description: String
        var exitCode: Int32
    }

    /// Tools/vm of the uac2 source tree: --vm, $UAC2_VM_DIR, else found upward from the executable
    /// (.build/…/uac2 lives inside the tree) or the working directory.
    static func harness(_ given: String?) throws -> URL {
        let fm = FileManager.default
        func ok(_ u: URL) -> Bool { fm.isExecutableFile(atPath: u.appendingPathComponent("emulate-boot").path) }
        if let g = given ?? ProcessInfo.processInfo.environment["UAC2_VM_DIR"] {
            let u = URL(fileURLWithPath: g)
            if ok(u) { return u }
            throw Failure(description: "\(g) has no emulate-boot: point --vm at the uac2 source tree's Tools/vm", exitCode: 66)
        }
        var starts = [URL(fileURLWithPath: fm.currentDirectoryPath)]
        if let exe = Bundle.main.executableURL { starts.insert(exe.resolvingSymlinksInPath().deletingLastPathComponent(), at: 0) }
        for s in starts {
            var d = s
            for _ in 0..<8 {
                let cand = d.appendingPathComponent("Tools/vm")
                if ok(cand) { return cand }
                d = d.deletingLastPathComponent()
            }
        }
        throw Failure(description: "the VM harness (Tools/vm of the uac2 source tree) was not found; run from the tree or give --vm DIR", exitCode: 69)
    }

    static func run(harness: URL, descriptors: [UInt8], responderArgs: [String], speed: USBSpeed) throws -> (EmulateObservation, String) {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("uac2-emulate-\(getpid())")
        try? fm.removeItem(at: dir)
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: dir) }
        try Data(descriptors).write(to: dir.appendingPathComponent("descriptors.bin"))
        try Data((responderArgs.joined(separator: " ") + "\n").utf8).write(to: dir.appendingPathComponent("args"))

        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [harness.appendingPathComponent("emulate-boot").path, dir.path, speed == .full ? "full" : "high"]
        let out = Pipe()
        let errPath = dir.appendingPathComponent("stderr").path
        FileManager.default.createFile(atPath: errPath, contents: nil)
        p.standardOutput = out
        p.standardError = FileHandle(forWritingAtPath: errPath)
        let t0 = Date()
        try p.run()
        // stderr goes to a file, so only stdout needs draining while the VM runs.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let errData = FileManager.default.contents(atPath: errPath) ?? Data()
        let log = String(decoding: outData, as: UTF8.self)
        let errText = String(decoding: errData, as: UTF8.self)
        guard log.contains("---- EMULATE end") else {
            let why = errText.split(separator: "\n").last.map(String.init) ?? "the VM gave no report (exit \(p.terminationStatus))"
            throw Failure(description: why.replacingOccurrences(of: "vm: error: ", with: ""), exitCode: 69)
        }
        var obs = parse(log)
        obs.bootSeconds = Date().timeIntervalSince(t0)
        return (obs, log)
    }

    static func parse(_ log: String) -> EmulateObservation {
        var sections: [(String, [String])] = []
        var settle: Double?
        for raw in log.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            if line.hasPrefix("VM-TIMING emulate-settled "),
               let v = Double(line.dropFirst("VM-TIMING emulate-settled ".count).split(separator: " ").first ?? "") { settle = v }
            if line.hasPrefix("---- EMULATE ") { sections.append((String(line.dropFirst("---- EMULATE ".count)), [])); continue }
            if line.hasPrefix("VM-EXIT") { break }
            if !sections.isEmpty { sections[sections.count - 1].1.append(line) }
        }
        func body(_ name: String) -> [String] { sections.first { $0.0 == name }?.1.filter { !$0.isEmpty } ?? [] }
        var streams: [String: [String]] = [:]
        var drivers: [String: String] = [:]
        for (name, lines) in sections {
            if name.hasPrefix("file ") { streams[String(name.dropFirst(5))] = lines.filter { !$0.isEmpty } }
            if name.hasPrefix("driver ") {
                let parts = name.split(separator: " ")
                if parts.count == 3 { drivers[String(parts[1])] = String(parts[2]) }
            }
        }
        // usbcore names the device "usb 1-1", snd-usb-audio logs under it too; raw-gadget lines are
        // the device side (ours), not the host's verdict.
        let kernel = body("dmesg").compactMap { l -> String? in
            let text = l.replacingOccurrences(of: #"^\[\s*[0-9.]+\]\s*"#, with: "", options: .regularExpression)
            return text.hasPrefix("raw-gadget") || text.hasPrefix("raw_gadget") ? nil : text
        }
        return EmulateObservation(kernelLines: kernel, cards: body("cards"), pcms: body("pcm"), streamFiles: streams,
                                  drivers: drivers, requests: body("requests").filter { $0.hasPrefix("req ") },
                                  secondsToSettle: settle, bootSeconds: 0, kernel: body("kernel").first ?? "?")
    }
}
