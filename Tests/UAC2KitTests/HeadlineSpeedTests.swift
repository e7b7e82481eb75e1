import Foundation
import Testing
@testable import UAC2Kit

/// The mission's headline case on inputs that state no speed (issue 13): a UAC2 device with bcdUSB
/// 2.00, no device qualifier, one 48 kHz async IN alt. Nothing proves the speed, so both speeds are
/// judged and the exit status is the worse verdict. Run through the built `uac2` on three forms of
/// the same bytes: a raw blob, a C array, and the real lsusb's text with its "Negotiated speed"
/// line taken out (usbutils 014 prints none).
@Suite(.serialized) struct HeadlineSpeedTests {
    struct Variant: Sendable, CustomStringConvertible {
        let channels: UInt64, bits: UInt64, maxPacket: UInt64
        var description: String { "\(channels) ch × \(bits) bit at \(maxPacket) B" }
    }
    static let variants = [Variant(channels: 10, bits: 16, maxPacket: 980), Variant(channels: 12, bits: 16, maxPacket: 1176),
                           Variant(channels: 12, bits: 16, maxPacket: 1023), Variant(channels: 12, bits: 8, maxPacket: 588)]

    /// Microphone IT 1 → OT 2 (USB streaming), interface 1 alt 1 async IN (no feedback needed).
    static func device(_ v: Variant, qualifier: Bool = false) -> DescriptorBuilder {
        typealias B = DescriptorBuilder
        var b = DescriptorBuilder()
        b.device(bcdUSB: 0x0200, qualifier: qualifier)
        b.configuration(interfaces: 2)
        b.iad(first: 0, count: 2)
        b.interface(0, endpoints: 0, subclass: 1)
        b.add(B.ac2(0x01), B.v(["bcdADC": 0x0200, "bCategory": 8, "wTotalLength": 0, "bmControls": 0]))
        b.add(B.ac2(0x0A), B.v(["bClockID": 10, "bmAttributes": 1, "bmControls": 1, "bAssocTerminal": 0, "iClockSource": 0]))
        b.add(B.ac2(0x02), B.v(["bTerminalID": 1, "wTerminalType": 0x0201, "bAssocTerminal": 0, "bCSourceID": 10,
                                "bNrChannels": v.channels, "bmChannelConfig": 0, "iChannelNames": 0, "bmControls": 0, "iTerminal": 0]))
        b.add(B.ac2(0x03), B.v(["bTerminalID": 2, "wTerminalType": 0x0101, "bAssocTerminal": 0, "bSourceID": 1, "bCSourceID": 10,
                                "bmControls": 0, "iTerminal": 0]))
        b.interface(1, alt: 0, endpoints: 0, subclass: 2)
        b.interface(1, alt: 1, endpoints: 1, subclass: 2)
        b.uac2Stream(link: 2, channels: v.channels, config: 0, subslot: v.bits / 8, bits: v.bits)
        b.endpoint(0x81, attributes: 0x05, maxPacket: v.maxPacket, interval: 1)
        b.uac2EndpointGeneral()
        return b
    }

    /// The text with its word wrapping undone (every run of spaces and newlines is one space).
    static func flat(_ s: String) -> String {
        s.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    }

    static func cArray(_ bytes: [UInt8]) -> String {
        var s = "/* usb_descriptors.c */\nconst uint8_t desc_configuration[] = {\n"
        for row in stride(from: 0, to: bytes.count, by: 12) {
            s += "    " + bytes[row..<min(row + 12, bytes.count)].map { "0x" + hexN(UInt64($0), digits: 2) + "," }.joined(separator: " ") + "\n"
        }
        return s + "};\n"
    }

    /// The three forms, each as a file the CLI reads.
    static func forms(_ bytes: [UInt8]) throws -> [(String, URL)] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("uac2-headline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let raw = dir.appendingPathComponent("descriptors.bin")
        try Data(bytes).write(to: raw)
        let c = dir.appendingPathComponent("usb_descriptors.c")
        try cArray(bytes).write(to: c, atomically: true, encoding: .utf8)
        var out = [("raw", raw), ("C array", c)]
        if RealLsusb.available {
            let text = try RealLsusb.text(of: bytes, speed: .full)
                .split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("Negotiated speed") }
                .joined(separator: "\n")
            #expect(text.contains("wMaxPacketSize"), "lsusb printed no descriptors")
            let l = dir.appendingPathComponent("lsusb.txt")
            try text.write(to: l, atomically: true, encoding: .utf8)
            out.append(("lsusb", l))
        }
        return out
    }

    @Test(arguments: variants)
    func noEvidenceJudgesBothSpeeds(_ v: Variant) throws {
        let bytes = Self.device(v).bytes()
        for (form, file) in try Self.forms(bytes) {
            let r = try Fixtures.uac2(["check", file.path])
            let text = Self.flat(r.out)
            #expect(text.contains("at unknown speed: judged at full speed and at high speed"), "\(form): \(text)")
            #expect(text.contains("--speed full or --speed high"), "\(form)")
            if v.channels == 12 && v.bits == 16 {
                #expect(r.status == 2, "\(form) \(v): exit \(r.status)\n\(text)")
                #expect(text.contains("interface 1 alt 1 (12 ch × 16 bit) does not fit at full speed (48 kHz: 49 frames × 24 B = 1176 B > 1023 B; 10 channels fit)"), "\(form) \(v)\n\(text)")
                #expect(text.contains("and fits at high speed"), "\(form) \(v)")
                #expect(text.contains("UAC-BW-001"))
                #expect(text.contains("at full speed"))
                if v.maxPacket == 1176 { #expect(text.contains("1176")) }
            } else {
                #expect(r.status < 2, "\(form) \(v): exit \(r.status)\n\(text)")
                #expect(!text.contains("UAC-BW-001"), "\(form) \(v)")
            }
            // decode's bandwidth section and `bandwidth --descriptors` give the same speed and reason.
            let decode = Self.flat(try Fixtures.uac2(["decode", file.path]).out)
            let bw = Self.flat(try Fixtures.uac2(["bandwidth", "--descriptors", file.path]).out)
            let reason = "nothing in the input fixes the speed (bcdUSB 2.00 allows full and high speed"
            #expect(decode.contains("Bandwidth at unknown speed: judged at full speed and at high speed, since " + reason), "\(form): \(decode)")
            #expect(bw.contains("Bandwidth at unknown speed: judged at full speed and at high speed, since " + reason), "\(form): \(bw)")
            if v.channels == 12 && v.bits == 16 {
                #expect(decode.contains("does not fit at full speed (48 kHz: 49 frames × 24 B = 1176 B > 1023 B; 10 channels fit) and fits at high speed"), "\(form)")
            }
        }
    }

    /// The same bytes with a device qualifier, or with --speed high: only the high-speed verdict.
    @Test(arguments: variants)
    func qualifierOrOptionGivesHighSpeed(_ v: Variant) throws {
        let qualified = Self.device(v, qualifier: true).bytes()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("uac2-headline-\(UUID().uuidString).bin")
        try Data(qualified).write(to: dir)
        let plain = try Self.forms(Self.device(v).bytes())[0].1
        for args in [["check", dir.path], ["check", "--speed", "high", plain.path]] {
            let r = try Fixtures.uac2(args)
            #expect(!r.out.contains("unknown speed"), "\(args)")
            #expect(r.out.contains(" at high speed ("), "\(args): \(r.out)")
            #expect(!r.out.contains("UAC-BW-001"), "\(args): \(r.out)")
            if v.maxPacket == 1176 {
                // 1176 B in one transaction is above the high-speed 1024 B: an encoding error there.
                #expect(r.status == 2, "\(args): \(r.out)")
            } else {
                #expect(r.status < 2, "\(args) \(v): exit \(r.status)\n\(r.out)")
            }
        }
    }
}
