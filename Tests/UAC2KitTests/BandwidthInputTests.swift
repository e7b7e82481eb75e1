import Testing
@testable import UAC2Kit

/// Zero or absurd inputs must produce a message naming the field, never a trap or a "fits".
@Suite struct BandwidthInputTests {
    func error(_ change: (inout BandwidthRequest) -> Void) -> BandwidthInputError? {
        var r = BandwidthRequest(speed: .full, sampleRate: 48000, channels: 2, subslotBytes: 2, bitResolution: 16)
        change(&r)
        do {
            _ = try IsoPacketBudget(r)
            return nil
        } catch {
            return error
        }
    }

    @Test func rateZero() {
        let e = error { $0.sampleRate = 0 }
        #expect(e?.field == "rate")
        #expect(e?.message == "Sample rate 0 Hz is not usable: it must be 1 Hz or more (and fit the 32-bit clock frequency field).")
    }

    @Test func channelsZeroAnd300() {
        #expect(error { $0.channels = 0 }?.message == "0 channels is not possible: bNrChannels is one byte and a streaming format needs at least 1 channel (1-255).")
        #expect(error { $0.channels = 300 }?.message == "300 channels is not possible: bNrChannels is one byte and a streaming format needs at least 1 channel (1-255).")
    }

    @Test func subslotFive() {
        let e = error { $0.subslotBytes = 5; $0.bitResolution = 16 }
        #expect(e?.field == "subslot")
        #expect(e?.message == "Subslot size 5 B is not allowed: bSubslotSize must be 1, 2, 3 or 4 bytes (UAC2 Format Type I §2.3.1.6).")
        #expect(error { $0.subslotBytes = 0 }?.field == "subslot")
    }

    @Test func bitsLargerThanSubslot() {
        #expect(error { $0.bitResolution = 24 }?.message == "Bit resolution 24 does not fit a 2-byte subslot: bBitResolution must be 1-16.")
        #expect(error { $0.bitResolution = 0 }?.field == "bits")
    }

    @Test func intervalZeroAnd17() {
        #expect(error { $0.bInterval = 0 }?.message == "bInterval 0 is not valid for an isochronous endpoint: it must be 1-16 (period 2^(bInterval-1) frames).")
        #expect(error { $0.bInterval = 17 }?.field == "interval")
        // bInterval 16 is legal and must not overflow: 2^15 frames = 32.768 s.
        let slow = try? IsoPacketBudget(BandwidthRequest(speed: .full, sampleRate: 48000, channels: 2, bitResolution: 16, bInterval: 16))
        #expect(slow?.framesPerPacket == 1_572_865)
        #expect(slow?.verdict == .exceedsSpeedLimit)
    }

    @Test func maxPacketZero() {
        let e = error { $0.endpoint = BandwidthEndpointDeclaration(maxPacketSize: 0) }
        #expect(e?.field == "max-packet")
        #expect(e?.message == "wMaxPacketSize 0 cannot carry audio: an alternate setting that streams needs a non-zero packet size (zero-bandwidth belongs in alt 0).")
    }

    @Test func multAndSuperSpeedFieldsWhereTheyDoNotBelong() {
        #expect(error { $0.endpoint = BandwidthEndpointDeclaration(transactionsPerInterval: 2) }?.message
                == "Full speed has one isochronous transaction per frame; additional transactions (mult 2) exist only at high speed.")
        #expect(error { $0.speed = .high; $0.endpoint = BandwidthEndpointDeclaration(transactionsPerInterval: 4) }?.field == "mult")
        #expect(error { $0.endpoint = BandwidthEndpointDeclaration(maxBurst: 1) }?.field == "max-burst")
        #expect(error { $0.speed = .super; $0.endpoint = BandwidthEndpointDeclaration(maxBurst: 16) }?.field == "max-burst")
        #expect(error { $0.speed = .super; $0.endpoint = BandwidthEndpointDeclaration(bytesPerInterval: 0) }?.field == "bytes-per-interval")
    }

    @Test func hugeButLegalValuesDoNotOverflow() throws {
        let b = try IsoPacketBudget(BandwidthRequest(speed: .full, sampleRate: Int(UInt32.max), channels: 255, subslotBytes: 4,
                                                     bitResolution: 32, bInterval: 16))
        #expect(b.verdict == .exceedsSpeedLimit)
        #expect(b.largest.maxChannels == 0)
        #expect(b.largest.maxSampleRate == nil)
        #expect(b.explanation.contains("Not even 1 channel of 32 bit fits"))
    }
}
