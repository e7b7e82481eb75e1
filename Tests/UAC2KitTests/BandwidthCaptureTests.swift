import Foundation
import Testing
@testable import UAC2Kit

/// Per-alt verdicts on real captures from Descriptors/, each worked by hand from the descriptor
/// fields (cross-checked with lsusb under umockdev for the raw blob, and with the dump's own
/// decoded text for the Windows dumps).
@Suite struct BandwidthCaptureTests {
    func report(_ name: String, speed: USBSpeed? = nil) throws -> BandwidthDeviceReport {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Descriptors/" + name)
        let input = DescriptorReader.read(bytes: [UInt8](try Data(contentsOf: url)), name: name)
        let device = try #require(input.devices.first)
        return BandwidthDeviceReport(BandwidthDeviceInput(device: device), speed: speed)
    }

    func verdicts(_ alt: BandwidthAltReport) -> [Int: (BandwidthVerdict?, Int?)] {
        Dictionary(uniqueKeysWithValues: alt.verdicts.map { ($0.sampleRate, ($0.budget?.verdict, $0.budget?.bytesPerPacket)) })
    }

    /// Ksoloti Core (raw blob, UAC2). Speed: 64-byte bulk endpoints are full-speed sizes.
    /// if1 alt1 OUT adaptive 2 ch × 2 B, wMaxPacketSize 196: 48 kHz = 48+1 frames × 4 B = 196, fits
    /// exactly; 44.1 kHz = 45 × 4 = 180 fits; 88.2 kHz = 89 × 4 = 356 > 196 (needs a larger
    /// wMaxPacketSize); 352.8 kHz = 353 × 4 = 1412 > 1023 (beyond full speed).
    /// if1 alt2 2 ch × 4 B (24-bit), 392: 48 kHz 49 × 8 = 392 fits exactly; 176.4 kHz 177 × 8 = 1416 > 1023.
    /// if2 alt1/alt2 IN async: the same packets. Bus: 392 B out + 392 B in = 313.1 + 314.1 µs = 627.2 µs ≤ 900.
    @Test func ksolotiCoreFullSpeedUAC2() throws {
        let r = try report("ksoloti-core-16c0_0444.bin")
        #expect(r.speed.speeds == [.full])
        #expect(r.sections.count == 1)
        let s = r.sections[0]
        #expect(s.alts.map(\.label) == ["interface 1 alt 1", "interface 1 alt 2", "interface 2 alt 1", "interface 2 alt 2"])
        #expect(s.alts.allSatisfy { $0.rateSource == .assumed })
        let a11 = verdicts(s.alts[0])
        #expect(s.alts[0].direction == .out)
        #expect(a11[44100]! == (.fits, 180))
        #expect(a11[48000]! == (.fits, 196))
        #expect(a11[88200]! == (.needsLargerMaxPacketSize, 356))
        #expect(a11[352800]! == (.exceedsSpeedLimit, 1412))
        let a12 = verdicts(s.alts[1])
        #expect(a12[48000]! == (.fits, 392))
        #expect(a12[96000]! == (.needsLargerMaxPacketSize, 776))
        #expect(a12[176400]! == (.exceedsSpeedLimit, 1416))
        #expect(s.alts[2].direction == .in)
        #expect(s.alts[2].verdicts.first { $0.sampleRate == 48000 }?.budget?.request.syncType == .asynchronous)
        #expect(verdicts(s.alts[3])[48000]! == (.fits, 392))
        #expect(s.alts[0].summary.contains("rates assumed"))
        #expect(s.bus.combinationsChecked == 4)
        #expect(s.bus.failingCount == 0)
        #expect(s.bus.heaviest?.alternates == ["interface 1 alt 2", "interface 2 alt 2"])
        #expect(s.bus.heaviest?.busTime.worstCaseNanoseconds == 627_229)
    }

    /// Linux f_uac2 gadget (Thesycon dump, "Device current bus speed: HighSpeed", UAC2).
    /// if1 alt1 IN async 2 ch × 2 B, wMaxPacketSize 196, bInterval 4 (1 ms): 48 kHz 49 × 4 = 196 fits
    /// exactly; 96 kHz 97 × 4 = 388 > 196, and bInterval 1 would need 13 × 4 = 52 B.
    /// Its Other Speed Configuration (full speed) has the same 196 B at bInterval 1: same verdicts.
    @Test func linuxGadgetHighSpeedAndOtherSpeed() throws {
        let r = try report("linux-usb-audio-gadget-f_uac2-mps196-1d6b_0101.hex.txt")
        #expect(r.speed.speeds == [.high])
        #expect(r.sections.map(\.speed) == [.high, .full])
        #expect(r.sections.map(\.otherSpeedConfiguration) == [false, true])
        let hs = try #require(r.sections[0].alts.first)
        #expect(hs.label == "interface 1 alt 1")
        let v = verdicts(hs)
        #expect(v[48000]! == (.fits, 196))
        #expect(v[96000]! == (.needsLargerMaxPacketSize, 388))
        let b96 = try #require(hs.verdicts.first { $0.sampleRate == 96000 }?.budget)
        #expect(b96.servicePeriodMicroseconds == 1000)
        #expect(b96.explanation.contains("Declare wMaxPacketSize ≥ 388 or bInterval 1 (13 frames × 4 B = 52 B per microframe)."))
        let fs = try #require(r.sections[1].alts.first)
        #expect(verdicts(fs)[48000]! == (.fits, 196))
        #expect(fs.verdicts.first?.budget?.request.bInterval == 1)
    }

    /// Anker PowerConf C200 (USBTreeView dump, "High-Speed", UAC1 mic with a 48 kHz table).
    /// if3 alt1 IN synchronous 2 ch × 2 B, wMaxPacketSize 192, bInterval 4 (1 ms): 48 frames × 4 B = 192
    /// fits exactly (sync: no +1 frame). Rate from the descriptor, not assumed.
    /// Bus at high speed with the UVC 2 × 1024 iso, HID 16 B and 2 × 1024 B interrupt endpoints:
    /// 41.1 + 4.4 + 1.2 + 41.7 = 88.4 µs ≤ 100 µs.
    /// Its Other Speed Configuration copies bInterval 4 to full speed, where it means 8 ms:
    /// 384 frames × 4 B = 1536 B > 1023, so the mic cannot stream at full speed as declared.
    @Test func ankerUAC1MicWithBrokenOtherSpeedConfiguration() throws {
        let r = try report("anker-powerconf-c200-291a_3369.hex.txt")
        #expect(r.speed.speeds == [.high])
        let hs = r.sections[0]
        let mic = try #require(hs.alts.first)
        #expect(mic.label == "interface 3 alt 1")
        #expect(mic.rateSource == .descriptor)
        #expect(mic.verdicts.map(\.sampleRate) == [48000])
        #expect(verdicts(mic)[48000]! == (.fits, 192))
        #expect(mic.verdicts[0].budget?.request.syncType == .synchronous)
        #expect(hs.bus.heaviest?.busTime.worstCaseNanoseconds == 88_387)
        #expect(hs.bus.failingCount == 0)
        let fs = r.sections[1]
        #expect(fs.speed == .full && fs.otherSpeedConfiguration)
        let fsMic = try #require(fs.alts.first)
        #expect(verdicts(fsMic)[48000]! == (.exceedsSpeedLimit, 1536))
        #expect(fs.bus.failingCount == 1)
        #expect(fs.bus.note?.contains("EP 0x83 wMaxPacketSize 1024 counted as 64") == true)
    }

    /// A given speed overrides inference: the Ksoloti alts at high speed, bInterval 1 = 125 µs.
    @Test func givenSpeedOverridesInference() throws {
        let r = try report("ksoloti-core-16c0_0444.bin", speed: .high)
        #expect(r.speed.speeds == [.high])
        #expect(r.speed.reason == "given with --speed")
        // 48 kHz async: 6 + 1 = 7 frames × 4 B = 28 B.
        #expect(verdicts(r.sections[0].alts[0])[48000]! == (.fits, 28))
        #expect(r.textLines()[0].hasPrefix("Bandwidth at high speed"))
    }

    /// With nothing that fixes the speed, each possible speed gets its own labelled section.
    @Test func unknownSpeedGivesOneSectionPerSpeed() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Descriptors/ksoloti-core-16c0_0444.bin")
        let device = try #require(DescriptorReader.read(bytes: [UInt8](try Data(contentsOf: url)), name: "k").devices.first)
        var input = BandwidthDeviceInput(device: device)
        input.speed = SpeedJudgement.judge(USBDevice())
        let r = BandwidthDeviceReport(input)
        #expect(r.sections.map(\.speed) == [.full, .high])
        #expect(verdicts(r.sections[0].alts[0])[48000]! == (.fits, 196))
        #expect(verdicts(r.sections[1].alts[0])[48000]! == (.fits, 28))
        let lines = r.textLines()
        #expect(lines[0].hasPrefix("Bandwidth at unknown speed: judged at full speed and at high speed"))
        let full = try #require(lines.firstIndex(of: "  If the device runs at full speed:"))
        let high = try #require(lines.firstIndex(of: "  If the device runs at high speed:"))
        #expect(lines[full + 1].hasPrefix("    interface 1 alt 1 (UAC2 OUT, 2 ch, 16-bit, adaptive, wMaxPacketSize 196, bInterval 1): fits at 44.1, 48 kHz"))
        #expect(lines[high + 1].hasPrefix("    interface 1 alt 1 (UAC2 OUT, 2 ch, 16-bit, adaptive, wMaxPacketSize 196, bInterval 1): fits at every rate checked (44.1, 48, 88.2, 96, 176.4, 192, 352.8, 384 kHz)"))
    }
}

/// Speed inference on captures that do not state their speed (Descriptors/INDEX.md gives the speed
/// each was inferred at by hand, from other evidence).
@Suite struct BandwidthCaptureSpeedTests {
    func report(_ name: String) throws -> BandwidthDeviceReport {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Descriptors/" + name)
        let device = try #require(DescriptorReader.read(bytes: [UInt8](try Data(contentsOf: url)), name: name).devices.first)
        return BandwidthDeviceReport(BandwidthDeviceInput(device: device))
    }

    /// Arturia AudioFuse 16Rig: if1 alt1 is 34 ch × 4 B with wMaxPacketSize 952 = 7 frames (48 kHz at
    /// 125 µs). The text has no qualifier and no "Negotiated speed": the 952 B being judged is no
    /// evidence, so both speeds are judged. At full speed 44.1 kHz needs 45 × 136 = 6120 B per 1 ms
    /// packet, beyond 1023 B; at high speed 48 kHz fits.
    @Test func arturiaPacketSizeIsNotSpeedEvidence() throws {
        let r = try report("arturia-audiofuse-16rig-1c75_af20.lsusb.txt")
        #expect(r.speed.speeds == [.full, .high])
        #expect(r.speed.evidence.isEmpty)
        let fsAlt = try #require(r.sections[0].alts.first)
        let fs44 = try #require(fsAlt.verdicts.first { $0.sampleRate == 44100 }?.budget)
        #expect(fs44.bytesPerPacket == 6120 && fs44.verdict == .exceedsSpeedLimit)
        let alt = try #require(r.sections[1].alts.first)
        let v = Dictionary(uniqueKeysWithValues: alt.verdicts.map { ($0.sampleRate, $0.budget!) })
        #expect(v[48000]!.bytesPerPacket == 952 && v[48000]!.verdict == .fits)
        // 88.2 kHz: N = 11.025 → 12 frames × 136 B = 1632 B: two transactions.
        #expect(v[88200]!.bytesPerPacket == 1632 && v[88200]!.verdict == .needsLargerMaxPacketSize)
        #expect(v[88200]!.transactionsNeeded == 2)
    }

    /// Behringer UV1: a 4-byte explicit feedback endpoint is what the feedback rule judges, not proof of
    /// high speed (Linux reads 4-byte feedback at full speed too): the speed stays open.
    @Test func behringerFeedbackSizeIsNotSpeedEvidence() throws {
        let r = try report("behringer-uv1-1397_0510.lsusb.txt")
        #expect(r.speed.speeds == [.full, .high])
        #expect(r.sections.map(\.speed) == [.full, .high])
    }

    /// Logitech H340: 200 B at bInterval 1 fits 44.1 kHz 2 ch × 2 B at either speed (45 × 4 = 180 B at
    /// 1 ms, 6 × 4 = 24 B at 125 µs); nothing decides, so both verdicts are given, labelled.
    @Test func logitechH340StaysUnknown() throws {
        let r = try report("logitech-h340-046d_0a38.lsusb.txt")
        #expect(r.speed.speeds == [.full, .high])
        #expect(r.sections.map(\.speed) == [.full, .high])
        let fs = try #require(r.sections[0].alts.first?.verdicts.first?.budget)
        #expect(fs.request.sampleRate == 44100 && fs.bytesPerPacket == 180 && fs.verdict == .fits)
        let hs = try #require(r.sections[1].alts.first?.verdicts.first?.budget)
        #expect(hs.bytesPerPacket == 24 && hs.verdict == .fits)
    }

    /// KT0206 (bcdUSB 1.10, full speed): 192 B for 48 kHz 2 ch × 2 B adaptive: the nominal 48 frames fit,
    /// the ±1 rule's 49th (196 B) does not, and the explanation says so.
    @Test func ktMicroMissingPlusOneFrame() throws {
        let r = try report("kt-micro-kt0206-31b2_0011.lsusb.txt")
        #expect(r.speed.speeds == [.full])
        let alt = try #require(r.sections[0].alts.first { $0.label == "interface 2 alt 1" })
        let b48 = try #require(alt.verdicts.first { $0.sampleRate == 48000 }?.budget)
        #expect(b48.bytesPerPacket == 196 && b48.verdict == .needsLargerMaxPacketSize)
        #expect(b48.notes.contains { $0.hasPrefix("The nominal 48 frames (192 B) fit; only the extra frame of the ±1 rule does not.") })
        #expect(alt.verdicts.first { $0.sampleRate == 44100 }?.budget?.verdict == .fits)
    }
}
