import Foundation
import Testing
@testable import UAC2Kit

/// Issue 19's large classes that had no regression test: 8,000 alternate settings and a 32 MB
/// configuration in lsusb text, a 100 MB hex line, a 255 x 255-alt configuration, a capture of
/// 100,000 string descriptor reads, lsusb text cut inside a descriptor. Each asserts what does not
/// depend on the machine: descriptor and finding counts, the capped findings' counts, exit statuses,
/// error lines and offsets. Time and memory are measured by Tools/hostile/run, not here.
/// (The same inputs, at the issue's sizes, are made by Tools/hostile/inputs.)
enum HostileLarge {
    static let umc = "behringer-umc202hd-1397_0507.lsusb.txt"

    /// The UMC202HD's lsusb text (its no-break spaces made spaces) as lines.
    static func umcLines() -> [String] {
        String(decoding: Fixtures.bytes(umc), as: UTF8.self).replacingOccurrences(of: "\u{00A0}", with: " ")
            .components(separatedBy: "\n")
    }

    /// The text with interface 1's alt 1 block printed again `count` times, or until the text holds
    /// `size` bytes (bAlternateSetting counting on from 2, modulo 256). Returns the text and the copies.
    static func lsusbAlts(count: Int? = nil, size: Int? = nil) -> (text: [UInt8], copies: Int) {
        let lines = umcLines()
        let number = lines.indices.first { lines[$0].contains("bInterfaceNumber        1") && lines[$0 + 1].contains("bAlternateSetting       1") }!
        let start = number - 3
        let end = lines[(start + 1)...].firstIndex { $0.trimmingCharacters(in: .whitespaces) == "Interface Descriptor:" }!
        let block = lines[start..<end].joined(separator: "\n")
        var out = Array(lines[..<end].joined(separator: "\n").utf8)
        let tail = "\n" + lines[end...].joined(separator: "\n")
        var copies = 0
        while count.map({ copies < $0 }) ?? (out.count + tail.utf8.count < size!) {
            let alt = String(format: "bAlternateSetting     %3d", (copies + 2) % 256)
            out += Array(("\n" + block.replacingOccurrences(of: "bAlternateSetting       1", with: alt)).utf8)
            copies += 1
        }
        return (out + Array(tail.utf8), copies)
    }

    /// Device, and one configuration of 255 interfaces with 255 alternate settings each, every alt with
    /// one isochronous OUT endpoint of 512 bytes (wTotalLength cannot hold its 1 MB: it says 0x5E1D).
    static func alts255x255() -> [UInt8] {
        var body: [UInt8] = []
        for n in 0..<255 {
            for a in 0..<255 {
                body += Hostile.interface(UInt8(n), alt: UInt8(a), subclass: 2)
                body[body.count - 5] = 1                                    // bNumEndpoints
                body += [7, 5, UInt8(1 + n % 15), 5, 0x00, 0x02, 1]
            }
        }
        return Hostile.device() + Hostile.configuration(body, interfaces: 255)
    }

    static func findingsPerKind(_ fs: [Finding]) -> [String: Int] {
        var n: [String: Int] = [:]
        for f in fs { n["\(f.ruleID) \(f.location.device ?? -1) \(f.location.speed.map { "\($0)" } ?? "")", default: 0] += 1 }
        return n
    }

    /// A usbmon (link type 220) capture: a device descriptor read, then `count` GET DESCRIPTOR(string)
    /// transfers with indexes 1…255 over and over, each a submission and a completion.
    static func stringsCapture(_ count: Int) -> [UInt8] {
        func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
        func le32(_ v: Int) -> [UInt8] { le16(v & 0xFFFF) + le16(v >> 16) }
        func le64(_ v: Int) -> [UInt8] { le32(v & 0xFFFF_FFFF) + le32(v >> 32) }
        func record(_ id: Int, _ t: Int, _ kind: Character, setup: [UInt8]?, data: [UInt8]) -> [UInt8] {
            var h = le64(0xFFFF_0000 + id) + [kind.asciiValue!, 2, 0x80, 5] + le16(1)
            h += [setup == nil ? UInt8(ascii: "-") : 0, data.isEmpty ? UInt8(ascii: "<") : 0]
            h += le64(t / 1_000_000) + le32(t % 1_000_000) + le32(0) + le32(data.isEmpty ? 255 : data.count) + le32(data.count)
            h += (setup ?? [UInt8](repeating: 0, count: 8)) + le32(0) + le32(0) + le32(0) + le32(0)
            let body = h + data
            return le32(t / 1_000_000) + le32(t % 1_000_000) + le32(body.count) + le32(body.count) + body
        }
        var out: [UInt8] = le32(0xA1B2_C3D4) + le16(2) + le16(4) + le32(0) + le32(0) + le32(65535) + le32(220)
        out += record(1, 2, "S", setup: [0x80, 6, 0, 1, 0, 0, 18, 0], data: [])
        out += record(1, 3, "C", setup: nil, data: Hostile.device())
        for i in 0..<count {
            let text = Array("s\(i % 10_000)".utf16).flatMap { le16(Int($0)) }
            let t = 10 + 2 * i
            out += record(2 + i, t, "S", setup: [0x80, 6, UInt8(1 + i % 255), 3, 0x09, 0x04, 255, 0], data: [])
            out += record(2 + i, t + 1, "C", setup: nil, data: [UInt8(2 + text.count), 3] + text)
        }
        return out
    }
}

@Suite(.serialized) struct BadInputHostileLargeTests {
    /// 8,000 alternate settings in lsusb text took 6.8 s: every one is kept, and findings stay capped.
    @Test func eightThousandAltsInLsusbText() throws {
        let (text, copies) = HostileLarge.lsusbAlts(count: 8000)
        #expect(copies == 8000)
        let r = DescriptorReader.read(bytes: text, name: "alts8000")
        #expect(r.format == .lsusb)
        #expect(!r.hasErrors, "\(r.diagnostics.filter { $0.severity == .error }.prefix(3))")
        let config = try #require(r.devices.first?.configurations.first)
        #expect(config.interfaces.first { $0.number == 1 }?.alternates.count == 2 + 8000)
        #expect(config.interfaces.first { $0.number == 1 }?.alternates.last?.alternateSetting == (8000 + 1) % 256)
        let checked = RuleEngine.check(r)
        let perKind = HostileLarge.findingsPerKind(checked.findings)
        #expect(perKind.values.allSatisfy { $0 <= RuleEngine.findingsPerRulePerDevice }, "\(perKind)")
    }

    /// One 32 MB lsusb configuration took over 2 minutes. All of it is read (it is under the 32 MiB
    /// cap), every alt kept, and `uac2 decode` exits 0.
    @Test func thirtyTwoMegabyteLsusbConfiguration() throws {
        let (text, copies) = HostileLarge.lsusbAlts(size: 32_000_000)
        #expect(text.count >= 32_000_000 && text.count < LsusbTextReader.maxInputBytes)
        let r = DescriptorReader.read(bytes: text, name: "lsusb32m")
        #expect(!r.hasErrors)
        let config = try #require(r.devices.first?.configurations.first)
        #expect(config.interfaces.first { $0.number == 1 }?.alternates.count == 2 + copies)
        // Each copy is an interface, AS_GENERAL, FORMAT_TYPE, two endpoints and the class-specific endpoint.
        let original = Fixtures.decode(HostileLarge.umc).devices.first?.configurations.first?.sequence.count ?? 0
        #expect(config.sequence.count == original + 6 * copies)
        let path = try Hostile.temporaryFile(text, "lsusb32m.txt")
        defer { unlink(path) }
        let run = try Fixtures.uac2(["decode", "--no-bandwidth", path])
        #expect(run.status == 0, "\(run.err)")
    }

    /// A 100 MB hex line took 2.5-5.8 GB. The first 64 MB of text are read (the cap, named with the
    /// file's size); the walk stops at byte 0, located.
    @Test func hundredMegabyteHexLine() throws {
        let path = NSTemporaryDirectory() + "uac2-hostile-\(getpid())-hexline.txt"
        let chunk = Data([UInt8](repeating: 0, count: 349_525).flatMap { _ in Array("00 ".utf8) })   // 1,048,575 bytes
        FileManager.default.createFile(atPath: path, contents: nil)
        let h = try #require(FileHandle(forWritingAtPath: path))
        for _ in 0..<96 { h.write(chunk) }
        h.write(Data("\n".utf8))
        try h.close()
        defer { unlink(path) }
        let size = 96 * 1_048_575 + 1
        let (run, _) = try Hostile.uac2(["decode", path], limitMB: 600)
        #expect(run.status == 65, "\(run.err)")
        #expect(run.out.contains("byte 0): descriptor has bLength 0"), "\(run.out.prefix(600))")
        #expect(run.out.contains("byte 67108864: the input goes on past 64 MB") && run.out.contains("(the file has \(size) bytes)"), "\(run.out.suffix(600))")
        // 64 MB of `00 ` is 22,369,621 bytes and a third: the walk names every byte it could not decode.
        #expect(run.out.contains("22369621 bytes left undecoded"), "\(run.out.prefix(800))")
    }

    /// A 255 x 255-alt configuration took 8.5 s and 189 MB: all 65,025 alts are decoded; the 255
    /// interfaces whose alt 0 has an endpoint give 100 findings, the last counting 155 more.
    @Test func twoHundredFiftyFiveByTwoHundredFiftyFiveAlts() throws {
        let r = DescriptorReader.read(bytes: HostileLarge.alts255x255(), name: "alts255")
        let config = try #require(r.devices.first?.configurations.first)
        #expect(config.interfaces.count == 255)
        #expect(config.altSettings.count == 255 * 255)
        let checked = RuleEngine.check(r, options: CheckOptions(speed: .high))
        let perKind = HostileLarge.findingsPerKind(checked.findings)
        #expect(perKind.values.allSatisfy { $0 <= RuleEngine.findingsPerRulePerDevice }, "\(perKind)")
        let summary = try #require(checked.findings.first { $0.values["omitted"] == "155" }, "\(perKind)")
        #expect(summary.message.contains("alternate setting 0 must be the zero-bandwidth setting"), "\(summary.message)")
        #expect(summary.message.hasSuffix("And 155 more findings of the same kind (\(summary.ruleID)) on this device, not listed one by one."))
    }

    /// `capture --json` of 1 M string descriptor reads took 2.1 GB. With 100,000: every packet is
    /// counted, and the device keeps one string per index (the last one read), not 100,000.
    @Test func captureOfManyStringDescriptorReads() throws {
        let path = try Hostile.temporaryFile(HostileLarge.stringsCapture(100_000), "strings.pcap")
        defer { unlink(path) }
        let run = try Fixtures.uac2(["capture", "--json", path])
        #expect(run.status == 0, "\(run.err)")
        let doc = try Hostile.json(run.out)
        #expect(doc["packets"] as? Int == 200_002)
        let devices = try #require(doc["devices"] as? [[String: Any]])
        let strings = try #require(devices.first?["strings"] as? [[String: Any]])
        #expect(strings.count == 255)
        // A later read of a string replaces the kept one only when it holds more bytes
        // (CaptureDeviceState): index 255's reads are "s254", "s509", "s764", then "s1019", the first
        // of five characters (transfer 1,019; 1,019 % 255 == 254), kept to the end.
        #expect(strings.last?["index"] as? Int == 255 && strings.last?["text"] as? String == "s1019", "\(strings.last ?? [:])")
    }

    /// lsusb text cut in the middle of a descriptor exited 0: now an error naming the descriptor's line.
    @Test func lsusbCutInsideADescriptor() throws {
        let lines = HostileLarge.umcLines()
        let subtype = try #require(lines.firstIndex { $0.contains("bDescriptorSubtype      2 (FORMAT_TYPE)") })
        let path = try Hostile.temporaryFile(Array((lines[...subtype].joined(separator: "\n") + "\n").utf8), "cut.txt")
        defer { unlink(path) }
        let run = try Fixtures.uac2(["decode", path])
        #expect(run.status == 65)
        #expect(run.out.contains("error: line \(subtype - 2): AudioStreaming Interface Descriptor: the input ends inside this descriptor: 3 of bLength 6 bytes recovered"), "\(run.out.suffix(400))")
    }
}
