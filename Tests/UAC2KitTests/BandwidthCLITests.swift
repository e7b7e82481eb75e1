import Foundation
import Testing

/// Runs the built `uac2` binary (Tools/test runs `swift build` before `swift test`).
@Suite struct BandwidthCLITests {
    struct Run { let status: Int32; let out: String; let err: String }

    func uac2(_ args: String...) throws -> Run { try uac2(args) }

    func uac2(_ args: [String]) throws -> Run {
        let r = try Fixtures.uac2(["bandwidth"] + args)
        return Run(status: r.status, out: r.out, err: r.err)
    }

    @Test func verdictTextAndExitCodes() throws {
        let no = try uac2("--speed", "full", "--rate", "48k", "--channels", "12", "--bits", "16")
        #expect(no.status == 1)
        #expect(no.out.contains("DOES NOT FIT: exceeds what full speed allows"))
        #expect(no.out.contains("49 × 24 = 1176 B"))
        let yes = try uac2("--speed", "full", "--rate", "48000", "--channels", "10", "--bits", "16")
        #expect(yes.status == 0)
        #expect(yes.out.contains("Verdict: FITS"))
    }

    @Test func jsonHasSchemaVersionAndFigures() throws {
        let r = try uac2("--speed", "high", "--interval", "4", "--rate", "48k", "--channels", "12", "--bits", "16", "--json")
        #expect(r.status == 1)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        #expect(obj["schemaVersion"] as? Int == 1)
        let budget = try #require(obj["budget"] as? [String: Any])
        #expect(budget["bytesPerPacket"] as? Int == 1176)
        #expect(budget["transactionsNeeded"] as? Int == 2)
        #expect(budget["verdict"] as? String == "needs-larger-max-packet-size")
    }

    @Test func rawMaxPacketWordAndTable() throws {
        let r = try uac2("--speed", "high", "--interval", "4", "--rate", "48k", "--channels", "12", "--bits", "16", "--max-packet", "0x0A4C")
        #expect(r.status == 0)
        let t = try uac2("--speed", "full", "--table", "--rates", "44.1k,48k")
        #expect(t.status == 0)
        #expect(t.out.contains("44100       45 [46]   11 [11]       7 [7]         5 [5]"))
    }

    @Test func busTimeExample() throws {
        let r = try uac2("--speed", "full", "--bus", "in:588", "--bus", "out:588", "--bus", "in:3")
        #expect(r.status == 1)
        #expect(r.out.contains("943.9 µs against 900.0 µs"))
    }

    @Test func badInputIsUsageError() throws {
        for args in [["--rate", "0", "--channels", "2", "--bits", "16"],
                     ["--rate", "48k", "--channels", "300", "--bits", "16"],
                     ["--rate", "48k", "--channels", "2", "--bits", "16", "--subslot", "5"],
                     ["--rate", "48k", "--channels", "2", "--bits", "16", "--interval", "17"],
                     ["--rate", "48k", "--channels", "2", "--bits", "16", "--max-packet", "0"],
                     ["--rate", "44.1001k", "--channels", "2", "--bits", "16"]] {
            let r = try uac2(["--speed", "full"] + args)
            #expect(r.status == 64, "\(args)")
            #expect(!r.err.isEmpty)
        }
        let r = try uac2("--speed", "full", "--rate", "48k", "--channels", "300", "--bits", "16")
        #expect(r.err.contains("300 channels is not possible"))
    }
}

extension BandwidthCLITests {
    @Test func descriptorFileMode() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let anker = root.appendingPathComponent("Descriptors/anker-powerconf-c200-291a_3369.hex.txt").path
        let r = try uac2("--descriptors", anker)
        // The Other Speed Configuration cannot stream at full speed: exit 1.
        #expect(r.status == 1)
        #expect(r.out.contains("Other Speed Configuration, checked at full speed:"))
        let j = try uac2("--descriptors", anker, "--json")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(j.out.utf8)) as? [String: Any])
        #expect(obj["schemaVersion"] as? Int == 1)
        #expect(obj["kind"] as? String == "bandwidth-device")
        let gadget = root.appendingPathComponent("Descriptors/linux-usb-audio-gadget-f_uac2-mps196-1d6b_0101.hex.txt").path
        let g = try uac2("--descriptors", gadget, "--rates", "48k")
        #expect(g.status == 0)
        let flat = g.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains("interface 1 alt 1 (UAC2 IN, 2 ch, 16-bit, async, wMaxPacketSize 196, bInterval 4): fits at every rate checked (48 kHz)"))
        #expect(try uac2("--descriptors", gadget, "--channels", "2").status == 64)
    }
}

extension BandwidthCLITests {
    @Test func decodeBandwidthSection() throws {
        let r = try Fixtures.uac2(["decode", "--bandwidth", Fixtures.descriptors.appendingPathComponent("ksoloti-core-16c0_0444.bin").path])
        let text = r.out
        #expect(r.status == 0)
        #expect(text.contains("Bandwidth at full speed"))
        #expect(text.contains("bus time: 4 combinations of alt settings checked; all fit (heaviest: interface 1 alt 2 + interface 2 alt 2 = 627.2 µs of 900.0 µs)"))
    }
}
