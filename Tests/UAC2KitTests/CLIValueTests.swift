import Foundation
import Testing

/// Rates, rate lists and speeds are typed once (Sources/uac2/SampleRate.swift, SpeedArgument.swift)
/// and every command takes them the same way: the same text is accepted or refused with the same reason.
@Suite struct CLIValueTests {
    static let file = Fixtures.descriptors.appendingPathComponent("rode-ai-1-19f7_000a.lsusb.txt").path
    static let capture = Fixtures.descriptors.appendingPathComponent("ksoloti-core-16c0_0444.iso-unambiguous.pcap").path

    /// Each command with a rate list, the list in its place.
    static func commands(_ list: String) -> [[String]] {
        [["check", "--rates", list, file], ["bandwidth", "--descriptors", file, "--rates", list],
         ["bandwidth", "--speed", "high", "--table", "--rates", list], ["report", "--rates", list, file],
         ["fix", "--rates", list, file], ["diff", "--rates", list, file, file],
         ["emulate", "--rates", list, "--vm", "/nonexistent", file]]
    }

    @Test func badRateListsAreRefusedByEveryCommandWithTheReason() throws {
        let cases: [(String, String)] = [
            ("", "--rates needs at least one rate, e.g. 48k"),
            (",", "--rates needs at least one rate, e.g. 48k"),
            ("44.1k,,48k", "entry 2 of '44.1k,,48k' is empty"),
            ("48k,", "entry 2 of '48k,' is empty"),
            ("abc,48k", "Rate 'abc' is not a number of Hz (examples: 48000, 48k, 44.1k)."),
            ("0,48k", "Rate '0' is 0 Hz: a sample rate is 1 Hz to 4294967295 Hz"),
            ("44.1001k", "Rate '44.1001k' is not a whole number of Hz."),
        ]
        for (list, reason) in cases {
            for args in Self.commands(list) {
                let r = try Fixtures.uac2(args)
                #expect(r.status == 64, "\(args): \(r.status) \(r.err)")
                #expect(r.err.contains("The value '\(list)' is invalid for '--rates <rates>': \(reason)"), "\(args): \(r.err)")
            }
        }
    }

    @Test func rateFormsMeanTheSameHz() throws {
        // 44.1k, 44100, 44.1kHz and "44.1 kHz" are one rate: the same verdict, byte for byte.
        var outs: [String] = []
        for r in ["44100", "44.1k", "44.1kHz", "44.1 kHz", "44.1K"] {
            let run = try Fixtures.uac2(["bandwidth", "--speed", "full", "--rate", r, "--channels", "12", "--bits", "16", "--json"])
            #expect(run.status == 1, "\(r)")   // 12 × 2 B × 45 frames = 1080 B > 1023 B
            outs.append(run.out)
        }
        #expect(Set(outs).count == 1)
        #expect(outs[0].contains("\"sampleRate\" : 44100") || outs[0].contains("\"sampleRate\": 44100"))
        let list = try Fixtures.uac2(["check", "--json", "--rates", "44.1k, 96k", Self.file])
        let same = try Fixtures.uac2(["check", "--json", "--rates", "44100,96000", Self.file])
        #expect(list.status == same.status && list.out == same.out)
    }

    @Test func speedsAreOneTypeWithOneMessage() throws {
        for args in [["check", "--speed", "fast", Self.file], ["capture", "--speed", "fast", Self.capture],
                     ["bandwidth", "--speed", "fast", "--table"], ["emulate", "--speed", "fast", Self.file]] {
            let r = try Fixtures.uac2(args)
            #expect(r.status == 64, "\(args)")
            #expect(r.err.contains("The value 'fast' is invalid for '--speed <speed>'. Please provide one of 'low', 'full', 'high', 'super' or 'super-plus'."), "\(args): \(r.err)")
        }
        // Case does not matter.
        let upper = try Fixtures.uac2(["check", "--json", "--speed", "HIGH", Self.file])
        let lower = try Fixtures.uac2(["check", "--json", "--speed", "high", Self.file])
        #expect(upper.out == lower.out && upper.status == lower.status)
        // Commands that exist at the USB 2.0 speeds only say so before reading anything.
        for args in [["capture", "--speed", "super", Self.capture], ["emulate", "--speed", "low", "--vm", "/nonexistent", Self.file]] {
            let r = try Fixtures.uac2(args)
            #expect(r.status == 64, "\(args)")
            #expect(r.err.contains("is not possible here"), "\(args): \(r.err)")
            #expect(r.err.contains("give --speed full or --speed high"), "\(args): \(r.err)")
        }
    }

    @Test func bandwidthDescriptorsReadsAsCheckReads() throws {
        // The same loader: a missing file is named the same way, and --format is honoured.
        let missing = try Fixtures.uac2(["bandwidth", "--descriptors", "/nonexistent/file"])
        let checked = try Fixtures.uac2(["check", "/nonexistent/file"])
        #expect(missing.status == 66)
        #expect(missing.err == checked.err.components(separatedBy: "\n").prefix(1).joined() + "\n")
        let asHex = try Fixtures.uac2(["bandwidth", "--descriptors", Self.file, "--format", "hex"])
        let auto = try Fixtures.uac2(["bandwidth", "--descriptors", Self.file])
        #expect(auto.status == 0)
        #expect(asHex.out != auto.out)   // lsusb text read as hex is not the same device
        let stray = try Fixtures.uac2(["bandwidth", "--speed", "full", "--table", "--format", "hex"])
        #expect(stray.status == 64)
        #expect(stray.err.contains("--format, --symbol and --cc say how to read --descriptors FILE"))
    }

    @Test func typedBusAndMaxPacketValues() throws {
        let bad = try Fixtures.uac2(["bandwidth", "--speed", "full", "--bus", "in:x"])
        #expect(bad.status == 64)
        #expect(bad.err.contains("The value 'in:x' is invalid for '--bus <bus>': --bus 'in:x': transactions after x is not a number."))
        let reserved = try Fixtures.uac2(["bandwidth", "--speed", "high", "--rate", "48k", "--channels", "2", "--bits", "16", "--max-packet", "0x1800"])
        #expect(reserved.status == 64)
        #expect(reserved.err.contains("bits 12..11 = 11 is reserved"))
        let device = try Fixtures.uac2(["capture", "--device", "x", Self.capture])
        #expect(device.status == 64)
        #expect(device.err.contains("--device wants BUS:ADDR"))
    }
}
