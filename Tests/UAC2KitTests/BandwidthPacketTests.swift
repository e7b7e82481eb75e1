import Testing
@testable import UAC2Kit

/// The figures of issue 4 "Checked by", each derived by hand from the formulas in
/// usb-audio-facts §3.2 (packets/s, N = rate / pps, ±1 rule, frames × channels × subslot).
@Suite struct BandwidthPacketTests {
    func budget(_ speed: USBSpeed, _ rate: Int, ch: Int, subslot: Int, bits: Int? = nil,
                sync: SyncType = .asynchronous, interval: Int = 1,
                endpoint: BandwidthEndpointDeclaration = BandwidthEndpointDeclaration()) throws -> IsoPacketBudget {
        try IsoPacketBudget(BandwidthRequest(speed: speed, sampleRate: rate, channels: ch, subslotBytes: subslot,
                                             bitResolution: bits ?? subslot * 8, syncType: sync, bInterval: interval,
                                             endpoint: endpoint))
    }

    @Test func fullSpeed48kAsync10ch16bitFits() throws {
        let b = try budget(.full, 48000, ch: 10, subslot: 2)
        #expect(b.packetsPerSecond == BandwidthFraction(1000, 1))
        #expect(b.nominalFrames == BandwidthFraction(48, 1))
        #expect(b.framesSynchronous == 48)
        #expect(b.framesAsynchronous == 49)
        #expect(b.framesSafe == 49)
        #expect(b.framesPerPacket == 49)
        #expect(b.bytesPerPacket == 980)
        #expect(b.capacity.availableBytes == 1023)
        #expect(b.verdict == .fits)
        #expect(b.explanation.contains("= 980 B per packet"))
        #expect(b.explanation.contains("fits with 43 B to spare"))
    }

    @Test func fullSpeed48kAsync12ch16bitDoesNotFit() throws {
        let b = try budget(.full, 48000, ch: 12, subslot: 2)
        #expect(b.bytesPerPacket == 1176)
        #expect(b.verdict == .exceedsSpeedLimit)
        #expect(b.largest.maxChannels == 10)
        #expect(b.largest.maxSubslotBytes == 1)
        // 42 frames of 24 B fit in 1023 B; the ±1 rule needs N < 42, so 41 999 Hz.
        #expect(b.largest.maxSampleRate == 41999)
        #expect(b.largest.maxStandardSampleRate == 32000)
        // The example explanation, sentence by sentence.
        let e = b.explanation(label: "Alt 2")
        #expect(e.contains("Alt 2 (12 ch, 16-bit, async) at 48 kHz full speed needs 49 frames × 24 B = 1176 B per packet"))
        #expect(e.contains("full speed allows 1023 B per isochronous packet."))
        #expect(e.contains("At most 10 channels of 16 bit fit (980 B)."))
        #expect(e.contains("12 channels fit at 8 bit (588 B), or at high speed with bInterval 1 (7 frames × 24 B = 168 B per microframe)."))
    }

    @Test func fullSpeed48kAsync12ch8bitFits() throws {
        let b = try budget(.full, 48000, ch: 12, subslot: 1)
        #expect(b.bytesPerPacket == 588)
        #expect(b.verdict == .fits)
    }

    @Test func highSpeedInterval4KeepsUAC1Timing() throws {
        let b = try budget(.high, 48000, ch: 12, subslot: 2, interval: 4)
        #expect(b.servicePeriodMicroseconds == 1000)
        #expect(b.packetsPerSecond == BandwidthFraction(1000, 1))
        #expect(b.framesPerPacket == 49)
        #expect(b.bytesPerPacket == 1176)
        #expect(b.capacity.availableBytes == 1024)
        #expect(b.transactionsNeeded == 2)
        #expect(b.verdict == .needsLargerMaxPacketSize)
        #expect(b.explanation.contains("1176 B per packet"))
        #expect(b.explanation.contains("one high-speed transaction carries at most 1024 B"))
        #expect(b.explanation.contains("It needs 2 transactions per microframe (2 × 588 B: wMaxPacketSize 0x0A4C"))
        #expect(b.explanation.contains("or bInterval 1 (7 frames × 24 B = 168 B per microframe)"))
        #expect(b.explanation.contains("TN2274"))
        #expect(b.notes.contains { $0.contains("at most one transaction per microframe") })
        // The same endpoint declaring 2 × 588 B carries it.
        let two = try budget(.high, 48000, ch: 12, subslot: 2, interval: 4,
                             endpoint: BandwidthEndpointDeclaration(rawWMaxPacketSize: 0x0A4C))
        #expect(two.capacity.availableBytes == 1176)
        #expect(two.verdict == .fits)
        #expect(two.explanation.contains("TN2274"))
        // And bInterval 1 at high speed needs 168 B in one transaction.
        let one = try budget(.high, 48000, ch: 12, subslot: 2, interval: 1)
        #expect(one.framesPerPacket == 7)
        #expect(one.bytesPerPacket == 168)
        #expect(one.transactionsNeeded == 1)
        #expect(one.verdict == .fits)
        #expect(!one.explanation.contains("TN2274"))
    }

    @Test func fullSpeed44k1Sync12ch16bit() throws {
        let b = try budget(.full, 44100, ch: 12, subslot: 2, sync: .synchronous)
        #expect(b.nominalFrames == BandwidthFraction(441, 10))
        #expect(b.nominalFrames.description == "44.1")
        #expect(b.framesSynchronous == 45)
        #expect(b.framesAsynchronous == 45)   // fractional N: floor(N)+1 == ceil(N)
        #expect(b.framesSafe == 46)
        #expect(b.bytesPerPacket == 1080)
        #expect(b.bytesPerPacketSafe == 1104)
        #expect(b.verdict == .exceedsSpeedLimit)
        #expect(b.largest.maxChannels == 11)
        #expect(b.explanation.contains("45 frames × 24 B = 1080 B per packet (nominal 44.1, rounded up)"))
    }

    @Test func highSpeed192kTenChannels32bit() throws {
        let sync = try budget(.high, 192000, ch: 10, subslot: 4, sync: .synchronous)
        #expect(sync.nominalFrames == BandwidthFraction(24, 1))
        #expect(sync.framesPerPacket == 24)
        #expect(sync.bytesPerPacket == 960)
        #expect(sync.verdict == .fits)
        let async = try budget(.high, 192000, ch: 10, subslot: 4, sync: .asynchronous)
        #expect(async.framesPerPacket == 25)
        #expect(async.bytesPerPacket == 1000)
        #expect(async.verdict == .fits)
        // Safe ceil(N)+1 = 25 frames also fits the async packet: 1000 ≤ 1024.
        #expect(async.safeFits)
        // Adaptive follows the same ±1 rule as async.
        let adaptive = try budget(.high, 192000, ch: 10, subslot: 4, sync: .adaptive)
        #expect(adaptive.bytesPerPacket == 1000)
    }

    @Test func highSpeed192k32chNeedsThreeTransactions() throws {
        let single = try budget(.high, 192000, ch: 32, subslot: 4, sync: .synchronous)
        #expect(single.bytesPerPacket == 3072)
        #expect(single.transactionsNeeded == 3)
        #expect(single.verdict == .needsLargerMaxPacketSize)
        #expect(single.explanation.contains("It needs 3 transactions per microframe (3 × 1024 B: wMaxPacketSize 0x1400"))
        let three = try budget(.high, 192000, ch: 32, subslot: 4, sync: .synchronous,
                               endpoint: BandwidthEndpointDeclaration(maxPacketSize: 1024, transactionsPerInterval: 3))
        #expect(three.capacity.availableBytes == 3072)
        #expect(three.verdict == .fits)
        #expect(three.explanation.contains("TN2274"))
        // Async needs 25 frames = 3200 B: beyond any high-speed endpoint.
        let async = try budget(.high, 192000, ch: 32, subslot: 4, sync: .asynchronous,
                               endpoint: BandwidthEndpointDeclaration(maxPacketSize: 1024, transactionsPerInterval: 3))
        #expect(async.bytesPerPacket == 3200)
        #expect(async.verdict == .exceedsSpeedLimit)
        #expect(async.largest.maxChannels == 30)
    }

    @Test func declaredMaxPacketTooSmall() throws {
        // FS endpoint declaring 960 B for a 980-B packet.
        let b = try budget(.full, 48000, ch: 10, subslot: 2, endpoint: BandwidthEndpointDeclaration(maxPacketSize: 960))
        #expect(b.verdict == .needsLargerMaxPacketSize)
        #expect(b.explanation.contains("the endpoint declares wMaxPacketSize 960 = 960 B"))
        #expect(b.explanation.contains("Declare wMaxPacketSize ≥ 980."))
        #expect(b.largest.maxChannels == 9)
        // FS endpoint declaring 1176: Linux clamps to 1023, we compare against 1023.
        let over = try budget(.full, 48000, ch: 12, subslot: 2, endpoint: BandwidthEndpointDeclaration(maxPacketSize: 1176))
        #expect(over.capacity.availableBytes == 1023)
        #expect(over.verdict == .exceedsSpeedLimit)
        #expect(over.notes.contains { $0.contains("has invalid maxpacket 1176, setting to 1023") })
    }

    @Test func safeMarginWarning() throws {
        // HS 44.1 kHz: N = 5.5125, async 6 frames, safe 7. 85 ch × 2 B × 6 = 1020 fits; safe 1190 does not.
        let b = try budget(.high, 44100, ch: 85, subslot: 2)
        #expect(b.nominalFrames.description == "5.5125")
        #expect(b.bytesPerPacket == 1020)
        #expect(b.verdict == .fits)
        #expect(!b.safeFits)
        #expect(b.explanation.contains("ceil(N)+1 = 7 frames needs 1190 B, which would not fit"))
    }

    @Test func superSpeedCompanionArithmetic() throws {
        // 1024 × (bMaxBurst 1 + 1) × Mult 1 = 2048 B per 125 µs; 192 kHz async 32 ch × 4 B needs 3200.
        let ss = try budget(.super, 192000, ch: 32, subslot: 4,
                            endpoint: BandwidthEndpointDeclaration(maxPacketSize: 1024, maxBurst: 1, bytesPerInterval: 2048))
        #expect(ss.capacity.availableBytes == 2048)
        #expect(ss.verdict == .needsLargerMaxPacketSize)
        #expect(ss.transactionsNeeded == 4)
        let big = try budget(.super, 192000, ch: 32, subslot: 4,
                             endpoint: BandwidthEndpointDeclaration(maxPacketSize: 1024, maxBurst: 3, bytesPerInterval: 4096))
        #expect(big.verdict == .fits)
        // SSP dwBytesPerInterval replaces the burst arithmetic.
        let ssp = try budget(.superPlus, 384000, ch: 64, subslot: 4,
                             endpoint: BandwidthEndpointDeclaration(maxPacketSize: 1024, maxBurst: 15, bytesPerInterval: 100_000))
        #expect(ssp.bytesPerPacket == 49 * 256)
        #expect(ssp.verdict == .fits)
    }

    /// Facts §3.2 worked rows: HS 384 kHz bInterval 1, 10/12 ch × 2 B → 49 frames, 980 / 1176 B; HS 96 kHz
    /// 32 ch × 3 B async → 13 frames = 1248 B (TN3190's 1164 B is the per-ms average ÷ 8).
    @Test func factsWorkedRows() throws {
        let ten = try budget(.high, 384000, ch: 10, subslot: 2)
        #expect(ten.framesPerPacket == 49 && ten.bytesPerPacket == 980 && ten.verdict == .fits)
        let twelve = try budget(.high, 384000, ch: 12, subslot: 2)
        #expect(twelve.bytesPerPacket == 1176 && twelve.verdict == .needsLargerMaxPacketSize)
        let tn3190 = try budget(.high, 96000, ch: 32, subslot: 3)
        #expect(tn3190.framesPerPacket == 13 && tn3190.bytesPerPacket == 1248 && tn3190.transactionsNeeded == 2)
        // At bInterval 2 the same format needs 25 frames = 2400 B; bInterval 1 with 2 transactions is offered.
        let slow = try budget(.high, 96000, ch: 32, subslot: 3, interval: 2)
        #expect(slow.bytesPerPacket == 2400 && slow.transactionsNeeded == 3)
        #expect(slow.explanation.contains("or bInterval 1 with 2 transactions (13 frames × 96 B = 1248 B per microframe)"))
    }

    @Test func fractionTextIsExact() {
        #expect(BandwidthFraction(11025, 8000).description == "1.378125")
        #expect(BandwidthFraction(1_000_000, 32_768_000).description == "0.030517578125")
        #expect(BandwidthFraction(1, 3).description == "≈0.333333")
        #expect(BandwidthFraction(352800, 1000).ceil == 353)
    }
}
