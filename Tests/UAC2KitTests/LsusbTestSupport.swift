import Foundation
@testable import UAC2Kit

/// The real `lsusb -v` (usbutils) under umockdev, as an independent decoder: Tools/lsusb/lsusb-of-blob.
enum RealLsusb {
    static let tool = Fixtures.root.appendingPathComponent("Tools/lsusb/lsusb-of-blob").path

    /// Whether umockdev-run and lsusb are installed (.ci/run installs them; a missing tool fails the tests).
    static let available: Bool = {
        ["umockdev-run", "lsusb", "xxd"].allSatisfy { name in
            (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").contains {
                FileManager.default.isExecutableFile(atPath: "\($0)/\(name)")
            }
        }
    }()

    final class Cache: @unchecked Sendable {
        private var outputs: [String: String] = [:]
        private let lock = NSLock()
        func get(_ k: String) -> String? { lock.lock(); defer { lock.unlock() }; return outputs[k] }
        func set(_ k: String, _ v: String) { lock.lock(); outputs[k] = v; lock.unlock() }
    }
    static let cache = Cache()

    /// lsusb's text for a blob (device descriptor + configurations). Each distinct blob runs lsusb once per test
    /// process; temporary files are per call, so tests may run in parallel.
    static func text(of blob: [UInt8], speed: USBSpeed?) throws -> String {
        let speedArg = speed.map { s in s == .low ? "1.5" : String(Int(s.megabits)) } ?? "12"
        let key = speedArg + ":" + blob.map { String($0, radix: 16) }.joined(separator: ",")
        if let hit = cache.get(key) { return hit }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("uac2-lsusb-\(UUID().uuidString).bin")
        try Data(blob).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let text = try Fixtures.run("/bin/bash", [tool, file.path, speedArg]).out
        cache.set(key, text)
        return text
    }

    /// What the sysfs `descriptors` file would hold for a device: its device descriptor, then each configuration
    /// (the qualifier, BOS and strings are fetched from the device by control requests, not from that file).
    static func blob(of device: USBDevice) -> [UInt8]? {
        guard let d = device.device else { return nil }
        return d.encoded() + device.configurations.filter { !$0.isOtherSpeed }.flatMap { $0.sequence.flatMap { $0.encoded() } }
    }
}

/// Field-by-field comparison of two lsusb texts' descriptor blocks.
enum LsusbCompare {
    /// Headers lsusb prints from control requests, which a umockdev replay of the descriptors file cannot show.
    static func fromDescriptorsFile(_ blocks: [LsusbBlock]) -> [LsusbBlock] {
        blocks.filter { b in
            !(b.header.hasPrefix("Device Qualifier") || b.header.hasPrefix("Binary Object Store")
              || b.header.hasSuffix("Device Capability"))
        }
    }

    /// Names older usbutils printed for the same field (hand-written printers before desc-defs.c), tried only
    /// when the new output has no field under the old name.
    static let renamedByUsbutils: [String: String] = [
        "bmControl": "bmControls", "bUnitID": "bClockID", "bNrPins": "bNrInPins", "baSource": "baSourceID",
        "bEndPointAddress": "bEndpointAddress",
    ]

    struct Difference: CustomStringConvertible {
        var line: Int
        var key: String
        var original: String
        var again: String
        var description: String { "line \(line): \(key) \(original) -> \(again)" }
    }

    struct Result {
        var compared = 0
        var equal = 0
        var differences: [Difference] = []
    }

    /// Compares every numeric field (and every hex byte line) of `original` with the block at the same position
    /// in `again`; fields are matched by name, array index and occurrence.
    static func compare(_ original: [LsusbBlock], _ again: [LsusbBlock]) -> Result {
        var r = Result()
        for (i, o) in original.enumerated() {
            let a: LsusbBlock? = i < again.count ? again[i] : nil
            if o.isHexLine || !o.hexBytes.isEmpty {
                r.compared += 1
                if let a, a.hexBytes == o.hexBytes { r.equal += 1 } else {
                    r.differences.append(Difference(line: o.line, key: "\(o.header) bytes", original: hex(o.hexBytes),
                                                    again: a.map { hex($0.hexBytes) } ?? "(no block)"))
                }
            }
            var seen: [String: Int] = [:]
            var seenAgain: [String: [LsusbField]] = [:]
            for f in a?.fields ?? [] { seenAgain[f.key, default: []].append(f) }
            for f in o.fields where f.value != nil || f.name == LsusbField.bareHex {
                let n = seen[f.key, default: 0]
                seen[f.key] = n + 1
                var candidates = seenAgain[f.key] ?? []
                if candidates.isEmpty, let alt = renamedByUsbutils[f.name] {
                    candidates = seenAgain[f.index.map { "\(alt)(\($0))" } ?? alt] ?? []
                }
                if f.name == LsusbField.bareHex {
                    // usbutils <= 009 printed the UAC2 mixer's bmMixerControls as a bare hex line.
                    r.compared += 1
                    let bytes = LsusbTextScanner.hexBytes(f.token) ?? []
                    let newer = (a?.fields ?? []).filter { $0.name == "bmMixerControls" }.compactMap { $0.value.map { UInt8(truncatingIfNeeded: $0) } }
                    if bytes == newer { r.equal += 1 } else {
                        r.differences.append(Difference(line: f.line, key: "\(o.header)/bmMixerControls", original: f.token, again: hex(newer)))
                    }
                    continue
                }
                r.compared += 1
                if n < candidates.count, candidates[n].value == f.value {
                    r.equal += 1
                } else {
                    r.differences.append(Difference(line: f.line, key: "\(o.header)/\(f.key)", original: f.token,
                                                    again: n < candidates.count ? candidates[n].token : "(not printed)"))
                }
            }
        }
        return r
    }

    static func hex(_ b: [UInt8]) -> String { b.map { String(format: "%02x", $0) }.joined(separator: " ") }
}
