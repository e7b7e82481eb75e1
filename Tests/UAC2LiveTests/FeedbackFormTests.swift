#if Live
import Testing
@testable import UAC2Live

/// Feedback forms, with the values the real Linux 6.1 f_uac2 gadget sent in the VM suite
/// (Tools/vm/suite: 48.0 at 48 kHz with bInterval 4 at high speed, /proc "Feedback Format = 13.19";
/// 48.0 in 3-byte 10.14 at full speed, "10.14").
@Suite struct FeedbackFormTests {
    @Test func highSpeedPerDataPacketIsNamedAndScaled() throws {
        let f = try #require(FeedbackForm.detect(decoded: 48.0, nominal: 6.0, busFramesPerPacket: 8, fractionBits: 16, maxPacketBytes: 4))
        #expect(f.kind == .perDataPacket)
        #expect(f.shift == -3)
        #expect(f.linuxFormat == "13.19")
        #expect(f.framesPerBusFrame(48.0) == 6.0)
        // 44.1 kHz: 44.1 per 1 ms packet is 5.5125 per microframe
        let g = try #require(FeedbackForm.detect(decoded: 44.1, nominal: 5.5125, busFramesPerPacket: 8, fractionBits: 16, maxPacketBytes: 4))
        #expect(g.kind == .perDataPacket && abs(g.framesPerBusFrame(44.1) - 5.5125) < 1e-9)
    }

    @Test func specFormsNeedNoShift() throws {
        let hs = try #require(FeedbackForm.detect(decoded: 6.0, nominal: 6.0, busFramesPerPacket: 8, fractionBits: 16, maxPacketBytes: 4))
        #expect(hs.kind == .perBusFrame && hs.shift == 0 && hs.linuxFormat == "16.16")
        let fs = try #require(FeedbackForm.detect(decoded: 48.0, nominal: 48.0, busFramesPerPacket: 1, fractionBits: 14, maxPacketBytes: 3))
        #expect(fs.kind == .perBusFrame && fs.linuxFormat == "10.14")
        // a device 10 % fast is still the spec form
        #expect(FeedbackForm.detect(decoded: 6.6, nominal: 6.0, busFramesPerPacket: 1, fractionBits: 16, maxPacketBytes: 4)?.kind == .perBusFrame)
    }

    /// 10.14 sent at high speed (bInterval 1): a quarter when read as 16.16; Linux shifts it by 2.
    @Test func otherPowerOfTwoIsNotAForm() throws {
        let f = try #require(FeedbackForm.detect(decoded: 1.5, nominal: 6.0, busFramesPerPacket: 1, fractionBits: 16, maxPacketBytes: 4))
        #expect(f.kind == .otherShift && f.shift == 2 && f.linuxFormat == "18.14")
        let findings = FeedbackFindings.evaluate(form: f, mean: 1.5, nominal: 6.0, endpoint: "0x83", speed: .high,
                                                 fractionBits: 16, dataPacketBusFrames: 1, bInterval: 1)
        #expect(findings.map(\.id) == ["probe.feedback.out-of-range"])
        #expect(findings.first?.severity == .error)
    }

    @Test func perPacketFindingIsANoteNamingEachHost() throws {
        let f = try #require(FeedbackForm.detect(decoded: 48.0, nominal: 6.0, busFramesPerPacket: 8, fractionBits: 16, maxPacketBytes: 4))
        let findings = FeedbackFindings.evaluate(form: f, mean: 48.0, nominal: 6.0, endpoint: "0x83", speed: .high,
                                                 fractionBits: 16, dataPacketBusFrames: 8, bInterval: 4)
        #expect(findings.map(\.id) == ["probe.feedback.per-packet"])
        #expect(findings.first?.severity == .note)
        let m = findings.first?.message ?? ""
        for part in ["48.0000 per packet of 8 microframes", "= 6.0000 per microframe", "Windows 10 and macOS",
                     "Feedback Format = 13.19", "§5.12.4.2"] {
            #expect(m.contains(part), "\(part) not in: \(m)")
        }
    }

    /// The window (−25 %…+50 %) spans a factor of 2, so every non-zero value has a shift, as in Linux;
    /// only a zero value has none. 3 × nominal is read as 1.5 × nominal after one shift.
    @Test func onlyZeroHasNoForm() throws {
        #expect(FeedbackForm.detect(decoded: 0, nominal: 6.0, busFramesPerPacket: 8, fractionBits: 16, maxPacketBytes: 4) == nil)
        let f = try #require(FeedbackForm.detect(decoded: 18, nominal: 6.0, busFramesPerPacket: 1, fractionBits: 16, maxPacketBytes: 4))
        #expect(f.kind == .otherShift && f.shift == -1 && f.framesPerBusFrame(18) == 9)
    }
}
#endif
