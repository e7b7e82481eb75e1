import Foundation
@testable import UAC2Kit

/// tshark, the independent decoder the capture tests compare against.
enum CaptureTshark {
    static let path: String? = {
        for p in ["/usr/bin/tshark", "/usr/local/bin/tshark", "/opt/homebrew/bin/tshark"] where FileManager.default.isExecutableFile(atPath: p) {
            return p
        }
        return nil
    }()
    static var available: Bool { path != nil }

    /// Runs tshark and returns its stdout (stderr, with its "running as root" chatter, is dropped).
    static func run(_ args: [String]) throws -> String {
        try Fixtures.run(path!, args).out
    }

    /// `-T fields` rows, split on tabs.
    static func fields(_ file: String, filter: String? = nil, _ fields: [String]) throws -> [[String]] {
        var args = ["-r", file, "-T", "fields"]
        if let f = filter { args += ["-Y", f] }
        for x in fields { args += ["-e", x] }
        return try run(args).split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    /// Raw bytes of the given frames (from `-T json -x`).
    static func frameBytes(_ file: String, frames: [Int]) throws -> [Int: [UInt8]] {
        let filter = frames.map { "frame.number==\($0)" }.joined(separator: " || ")
        let text = try run(["-r", file, "-Y", filter, "-T", "json", "-x"])
        guard let arr = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] else { return [:] }
        var out: [Int: [UInt8]] = [:]
        for pkt in arr {
            guard let layers = (pkt["_source"] as? [String: Any])?["layers"] as? [String: Any],
                  let frame = layers["frame"] as? [String: Any],
                  let num = (frame["frame.number"] as? String).flatMap(Int.init),
                  let raw = layers["frame_raw"] as? [Any], let hex = raw.first as? String else { continue }
            out[num] = captureHexBytes(hex)
        }
        return out
    }
}

func captureHexBytes(_ hex: String) -> [UInt8] {
    var out: [UInt8] = []
    var it = hex.makeIterator()
    while let a = it.next(), let b = it.next() {
        if let v = UInt8(String([a, b]), radix: 16) { out.append(v) }
    }
    return out
}

enum CaptureFixtures {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()
    static func path(_ name: String) -> String { root + "/Descriptors/" + name }
    static func bytes(_ name: String) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: path(name)) ?? Data()) }
    static let ksolotiEnum = "ksoloti-core-16c0_0444.enum.pcap"
    static let ksolotiIso = "ksoloti-core-16c0_0444.iso-unambiguous.pcap"
    static let rmeIsoOut = "rme-fireface-uc-0424_3fc6.iso-out.pcapng"
    static let rmePlugInit = "rme-fireface-uc-0424_3fc6.pluginit.pcapng"
    static let all = [ksolotiEnum, ksolotiIso, rmeIsoOut, rmePlugInit]
}
