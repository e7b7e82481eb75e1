import Testing
@testable import UAC2Kit

@Suite struct BandwidthSpeedInferenceTests {
    typealias EP = BandwidthSpeedEvidence.Endpoint

    @Test func multBitsMeanHighSpeed() {
        let g = BandwidthSpeedGuess.infer(BandwidthSpeedEvidence(bcdUSB: 0x0200, bMaxPacketSize0: 64,
            endpoints: [EP(kind: .isochronous, rawWMaxPacketSize: 0x0A4C, bInterval: 1)]))
        #expect(g.candidates == [.high])
        #expect(g.reasons[0].contains("2 transactions per microframe"))
    }

    @Test func isoAbove1023MeansHighSpeed() {
        let g = BandwidthSpeedGuess.infer(BandwidthSpeedEvidence(endpoints: [EP(kind: .isochronous, rawWMaxPacketSize: 1024, bInterval: 1)]))
        #expect(g.candidates == [.high])
    }

    @Test func usb11DeviceIsFullSpeed() {
        let g = BandwidthSpeedGuess.infer(BandwidthSpeedEvidence(bcdUSB: 0x0110, bMaxPacketSize0: 8,
            endpoints: [EP(kind: .isochronous, rawWMaxPacketSize: 192, bInterval: 1)]))
        #expect(g.candidates == [.full])
        #expect(g.reasons.contains("bcdUSB 1.10 is a USB 1.x device"))
    }

    @Test func qualifierAloneLeavesBoth() {
        let g = BandwidthSpeedGuess.infer(BandwidthSpeedEvidence(bcdUSB: 0x0200, bMaxPacketSize0: 64, hasDeviceQualifier: true,
            endpoints: [EP(kind: .isochronous, rawWMaxPacketSize: 294, bInterval: 1)]))
        #expect(g.candidates == [.full, .high])
        #expect(!g.isCertain)
        #expect(g.reasons[0].contains("high-speed capable"))
    }

    @Test func companionsAndStatedSpeedWin() {
        #expect(BandwidthSpeedGuess.infer(BandwidthSpeedEvidence(hasSuperSpeedCompanion: true)).candidates == [.superSpeed])
        #expect(BandwidthSpeedGuess.infer(BandwidthSpeedEvidence(hasSuperSpeedCompanion: true, hasSuperSpeedPlusIsoCompanion: true)).candidates == [.superPlus])
        #expect(BandwidthSpeedGuess.infer(BandwidthSpeedEvidence(statedSpeed: .high, bcdUSB: 0x0110)).candidates == [.high])
    }

    @Test func contradictionsAreReported() {
        let g = BandwidthSpeedGuess.infer(BandwidthSpeedEvidence(bcdUSB: 0x0110,
            endpoints: [EP(kind: .bulk, rawWMaxPacketSize: 512, bInterval: 0)]))
        #expect(g.candidates == [.full, .high])
        #expect(g.reasons[0].contains("contradict"))
    }
}
