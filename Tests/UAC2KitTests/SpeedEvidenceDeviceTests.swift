import Foundation
import Testing
@testable import UAC2Kit

/// The speed each real device in Descriptors/ is judged at when the input states none, and the facts that
/// prove it, each at its place. Every place is checked against the lsusb -v text itself: the descriptor
/// block lsusb printed there holds the field the reason names (lsusb is the independent decoder here).
struct DeviceSpeedCase: Sendable, CustomTestStringConvertible {
    let file: String
    let speeds: [USBSpeed]
    /// (reason, place, words lsusb prints in the block at that place)
    let evidence: [(String, String, [String])]
    var testDescription: String { file }
}

let deviceSpeedCases: [DeviceSpeedCase] = [
    // Bulk 512 B is legal only at high speed (USB 2.0 §5.8.3): the only proof in these devices.
    DeviceSpeedCase(file: "line6-helix-0e41_424a.lsusb.txt", speeds: [.high], evidence: [
        ("EP 0x81 is a bulk endpoint of 512 B, the only high-speed bulk size", "line 38",
         ["bEndpointAddress     0x81", "Transfer Type            Bulk", "wMaxPacketSize     0x0200  1x 512 bytes"]),
    ]),
    DeviceSpeedCase(file: "steinberg-ur22-0499_1509.lsusb.txt", speeds: [.high], evidence: [
        ("EP 0x01 is a bulk endpoint of 512 B, the only high-speed bulk size", "line 207",
         ["bEndpointAddress     0x01", "Transfer Type            Bulk", "1x 512 bytes"]),
    ]),
    DeviceSpeedCase(file: "pioneer-ddj-sr2-2b73_001e.lsusb.txt", speeds: [.high], evidence: [
        ("EP 0x85 is a bulk endpoint of 512 B, the only high-speed bulk size", "line 139",
         ["bEndpointAddress     0x85", "Transfer Type            Bulk", "1x 512 bytes"]),
    ]),
    // Interrupt above 64 B (USB 2.0 §5.7.3: full speed allows at most 64).
    DeviceSpeedCase(file: "edirol-ua-101-0582_007d.lsusb.txt", speeds: [.high], evidence: [
        ("EP 0x04 is a bulk endpoint of 512 B, the only high-speed bulk size", "line 100",
         ["bEndpointAddress     0x04", "Transfer Type            Bulk", "1x 512 bytes"]),
        ("EP 0x83 is an interrupt endpoint of 512 B, above the full-speed maximum of 64", "line 140",
         ["bEndpointAddress     0x83", "Transfer Type            Interrupt", "1x 512 bytes"]),
    ]),
    DeviceSpeedCase(file: "boss-gt-1-0582_01d6.lsusb.txt", speeds: [.high], evidence: [
        ("a device qualifier shows a high-speed capable device: its configuration is the high-speed one", "line 165",
         ["Device Qualifier (for other device speed):"]),
        ("EP 0x03 is a bulk endpoint of 512 B, the only high-speed bulk size", "line 115",
         ["bEndpointAddress     0x03", "Transfer Type            Bulk", "1x 512 bytes"]),
        ("EP 0x03 is an interrupt endpoint of 512 B, above the full-speed maximum of 64", "line 145",
         ["bEndpointAddress     0x03", "Transfer Type            Interrupt", "1x 512 bytes"]),
    ]),
    // Two or three transactions per microframe (bits 12..11, USB 2.0 Table 9-13): high speed only.
    DeviceSpeedCase(file: "jieli-usb-phy-2-0-webcam-1224_2a25.lsusb.txt", speeds: [.high], evidence: [
        ("EP 0x84 declares 3 transactions per microframe (wMaxPacketSize 0x1400, bits 12..11), which exist only at high speed", "line 350",
         ["bEndpointAddress     0x84", "wMaxPacketSize     0x1400  3x 1024 bytes"]),
    ]),
    // bcdUSB 1.x, bMaxPacketSize0 8/16 (high speed requires 64, §5.5.3), bulk of 8-64 B without a
    // qualifier, interrupt bInterval above 16: full speed.
    DeviceSpeedCase(file: "edirol-ua-4fx-0582_00a3.lsusb.txt", speeds: [.full], evidence: [
        ("bcdUSB 1.10 is a USB 1.x device, which cannot run at high speed", "line 1", ["bcdUSB               1.10"]),
        ("bMaxPacketSize0 8 is below the 64 B high speed requires", "line 1", ["bMaxPacketSize0         8"]),
        ("EP 0x03 is a bulk endpoint of 32 B, a full-speed size (high-speed bulk is 512 B), and no device qualifier shows high-speed capability",
         "line 123", ["bEndpointAddress     0x03", "Transfer Type            Bulk", "1x 32 bytes"]),
    ]),
    DeviceSpeedCase(file: "hercules-dj-console-06f8_b000.lsusb.txt", speeds: [.full], evidence: [
        ("bcdUSB 1.10 is a USB 1.x device, which cannot run at high speed", "line 2", ["bcdUSB               1.10"]),
        ("bMaxPacketSize0 8 is below the 64 B high speed requires", "line 2", ["bMaxPacketSize0         8"]),
        ("EP 0x07 is a bulk endpoint of 16 B, a full-speed size (high-speed bulk is 512 B), and no device qualifier shows high-speed capability",
         "line 37", ["bEndpointAddress     0x07", "Transfer Type            Bulk", "1x 16 bytes"]),
    ]),
    DeviceSpeedCase(file: "roland-sd-50-0582_0114.lsusb.txt", speeds: [.full], evidence: [
        ("bcdUSB 1.10 is a USB 1.x device, which cannot run at high speed", "line 2", ["bcdUSB               1.10"]),
        ("EP 0x03 is a bulk endpoint of 64 B, a full-speed size (high-speed bulk is 512 B), and no device qualifier shows high-speed capability",
         "line 103", ["bEndpointAddress     0x03", "Transfer Type            Bulk", "1x 64 bytes"]),
    ]),
    DeviceSpeedCase(file: "rode-ai-1-19f7_000a.lsusb.txt", speeds: [.full], evidence: [
        ("bMaxPacketSize0 16 is below the 64 B high speed requires", "line 2", ["bMaxPacketSize0        16"]),
        ("EP 0x81 is an interrupt endpoint with bInterval 32, a full-speed frame count (high speed allows 1-16)", "line 111",
         ["bEndpointAddress     0x81", "Transfer Type            Interrupt", "bInterval              32"]),
    ]),
    DeviceSpeedCase(file: "jabra-evolve-20-0b0e_0301.lsusb.txt", speeds: [.full], evidence: [
        ("bMaxPacketSize0 8 is below the 64 B high speed requires", "line 2", ["bcdUSB               2.00", "bMaxPacketSize0         8"]),
    ]),
    DeviceSpeedCase(file: "stanton-final-scratch-scratchamp-103d_0100.lsusb.txt", speeds: [.full], evidence: [
        ("bcdUSB 1.00 is a USB 1.x device, which cannot run at high speed", "line 2", ["bcdUSB               1.00"]),
        ("bMaxPacketSize0 8 is below the 64 B high speed requires", "line 2", ["bMaxPacketSize0         8"]),
    ]),
    // bcdUSB 2.00, bMaxPacketSize0 64, no qualifier, isochronous and interrupt endpoints only: open.
    DeviceSpeedCase(file: "allen-heath-xone-23c-22f0_0008.lsusb.txt", speeds: [.full, .high], evidence: []),
    DeviceSpeedCase(file: "focusrite-scarlett-2i2-1st-gen-1235_8006.lsusb.txt", speeds: [.full, .high], evidence: []),
]

@Suite struct SpeedEvidenceDeviceTests {
    @Test(arguments: deviceSpeedCases)
    func judgedSpeedAndItsEvidence(_ c: DeviceSpeedCase) throws {
        let input = Fixtures.decode(c.file)
        let dev = try #require(input.devices.first)
        let j = SpeedJudgement.judge(dev)
        #expect(j.speeds == c.speeds)
        #expect(j.evidence.map(\.reason) == c.evidence.map(\.0))
        #expect(j.evidence.map(\.place) == c.evidence.map(\.1))
        if c.evidence.isEmpty {
            #expect(j.reason.hasPrefix("nothing in the input fixes the speed (bcdUSB 2.00 allows full and high speed"))
        }
        let lines = String(decoding: Fixtures.bytes(c.file), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for (_, place, words) in c.evidence {
            let n = try #require(Int(place.dropFirst("line ".count)))
            let block = lines[(n - 1)..<min(lines.count, n + 11)].joined(separator: "\n")
            for w in words { #expect(block.contains(w), "\(c.file) \(place): lsusb's block lacks '\(w)':\n\(block)") }
        }
    }

    /// The raw image of the Ksoloti: bulk 64 B without a qualifier is the only proof (byte 385 is that
    /// endpoint descriptor: 9 bytes, type 5, EP 0x01, bmAttributes 2 = bulk, wMaxPacketSize 64).
    @Test func rawImageBulk64() throws {
        let bytes = Fixtures.bytes("ksoloti-core-16c0_0444.bin")
        let j = SpeedJudgement.judge(try #require(Fixtures.decode("ksoloti-core-16c0_0444.bin").devices.first))
        #expect(j.speeds == [.full])
        #expect(j.evidence.map(\.place) == ["byte 385"])
        #expect(Array(bytes[385..<391]) == [9, 5, 0x01, 0x02, 64, 0])
    }

    /// A qualifier makes a small bulk endpoint a full-speed configuration of a high-speed device, not proof.
    @Test func bulk64WithQualifierIsNotFullSpeedEvidence() throws {
        let b = DescriptorBuilder.uac2(speed: .high).with { $0.speed = nil; B.bulk(&$0, 64) }
        let j = SpeedJudgement.judge(try #require(b.decode().devices.first))
        #expect(j.speeds == [.high])
        #expect(j.evidence.map(\.source) == [.deviceQualifier])
        // The same endpoint at 511 B or 513 B is no size of either speed's list: no encoding fact.
        for size: UInt64 in [511, 513] {
            let odd = DescriptorBuilder.uac2(speed: .high).with { $0.speed = nil; B.bulk(&$0, size) }
            #expect(SpeedJudgement.judge(try #require(odd.decode().devices.first)).evidence.map(\.source) == [.deviceQualifier])
        }
    }
}

/// The boundaries of each one-speed-only encoding (USB 2.0 §5.5.3, §5.7.3, §5.8.3, §9.6.6), on the seed
/// device at bcdUSB 2.00 without a qualifier, so the fact under test is the only one.
@Suite struct SpeedEncodingBoundaryTests {
    /// Interface 2 with one endpoint 0x83 of this type, size and interval.
    static func device(attributes: UInt64, size: UInt64, interval: UInt64, mps0: UInt64 = 64) -> DescriptorBuilder {
        DescriptorBuilder.seed().with { b in
            b.speed = nil
            b.set("DEVICE", 0, "bcdUSB", [0x0200])
            b.set("DEVICE", 0, "bMaxPacketSize0", [mps0])
            b.set("CONFIGURATION", 0, "bNumInterfaces", [3])
            b.interface(2, endpoints: 1, subclass: 0, proto: 0, cls: 255)
            b.endpoint(0x83, attributes: attributes, maxPacket: size, interval: interval)
        }
    }

    static func judge(_ b: DescriptorBuilder) throws -> SpeedJudgement {
        SpeedJudgement.judge(try #require(b.decode().devices.first))
    }

    @Test func interruptSize() throws {
        let at64 = try Self.judge(Self.device(attributes: 3, size: 64, interval: 4))
        #expect(at64.speeds == [.full, .high] && at64.evidence.isEmpty)
        let at65 = try Self.judge(Self.device(attributes: 3, size: 65, interval: 4))
        #expect(at65.speeds == [.high])
        #expect(at65.evidence.map(\.reason) == ["EP 0x83 is an interrupt endpoint of 65 B, above the full-speed maximum of 64"])
    }

    @Test func interruptInterval() throws {
        let at16 = try Self.judge(Self.device(attributes: 3, size: 8, interval: 16))
        #expect(at16.speeds == [.full, .high] && at16.evidence.isEmpty)
        let at17 = try Self.judge(Self.device(attributes: 3, size: 8, interval: 17))
        #expect(at17.speeds == [.full])
        #expect(at17.evidence.map(\.reason) == ["EP 0x83 is an interrupt endpoint with bInterval 17, a full-speed frame count (high speed allows 1-16)"])
    }

    @Test func bulkSizes() throws {
        // Full-speed bulk sizes are 8, 16, 32 and 64 (§5.8.3); high speed only 512.
        for size: UInt64 in [8, 16, 32, 64] {
            let j = try Self.judge(Self.device(attributes: 2, size: size, interval: 0))
            #expect(j.speeds == [.full], "bulk \(size)")
            #expect(j.evidence.first?.reason.hasPrefix("EP 0x83 is a bulk endpoint of \(size) B, a full-speed size") == true)
        }
        for size: UInt64 in [4, 9, 63, 65, 128, 511, 513] {
            let j = try Self.judge(Self.device(attributes: 2, size: size, interval: 0))
            #expect(j.speeds == [.full, .high] && j.evidence.isEmpty, "bulk \(size): \(j.reason)")
        }
        let hs = try Self.judge(Self.device(attributes: 2, size: 512, interval: 0))
        #expect(hs.speeds == [.high] && hs.evidence.count == 1)
    }

    @Test func controlEndpointSize() throws {
        // bMaxPacketSize0 8, 16, 32: full (or low) speed only; 64 is the only high-speed value (§5.5.3).
        for mps0: UInt64 in [8, 16, 32] {
            let j = try Self.judge(Self.device(attributes: 3, size: 8, interval: 4, mps0: mps0))
            #expect(j.speeds == [.full], "bMaxPacketSize0 \(mps0)")
            #expect(j.evidence.map(\.reason) == ["bMaxPacketSize0 \(mps0) is below the 64 B high speed requires"])
        }
        let at64 = try Self.judge(Self.device(attributes: 3, size: 8, interval: 4, mps0: 64))
        #expect(at64.evidence.isEmpty)
    }

    /// Bits 12..11 mean extra transactions only on periodic endpoints (§9.6.6); on bulk they prove nothing.
    @Test func transactionBitsOnlyOnPeriodicEndpoints() throws {
        let bulk = try Self.judge(Self.device(attributes: 2, size: 0x0800 | 100, interval: 0))
        #expect(bulk.evidence.isEmpty)
        let interrupt = try Self.judge(Self.device(attributes: 3, size: 0x0800 | 40, interval: 4))
        #expect(interrupt.speeds == [.high])
        #expect(interrupt.evidence.map(\.reason) == ["EP 0x83 declares 2 transactions per microframe (wMaxPacketSize 0x0828, bits 12..11), which exist only at high speed"])
    }

    /// A SuperSpeed endpoint companion is sent only at SuperSpeed: that alone decides, before any
    /// USB 2.0 fact (here the seed's bcdUSB 1.10).
    @Test func superSpeedCompanion() throws {
        let b = DescriptorBuilder.seed().with { b in
            b.speed = nil
            b.companion(0x01, burst: 0, attributes: 0, bytesPerInterval: 980)
        }
        let j = try Self.judge(b)
        #expect(j.speeds == [.super])
        #expect(j.evidence.map(\.source) == [.superSpeedCompanion])
        #expect(j.evidence.first?.reason == "SuperSpeed endpoint companions are present (sent only at SuperSpeed or above)")
        #expect(j.isKnown && j.known == .super)
    }
}
