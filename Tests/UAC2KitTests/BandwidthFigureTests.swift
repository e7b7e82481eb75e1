import Testing
@testable import UAC2Kit

/// Bandwidth figures of a real device and of USB 2.0's formulas, worked by hand (not by this code):
/// the M-Audio Micro (Descriptors/m-audio-micro-0763_201a.lsusb.txt: full speed, UAC1, adaptive,
/// a continuous range tLowerSamFreq 6400 … tUpperSamFreq 48000) and Linux usb_calc_bus_time()
/// (drivers/usb/core/hcd.c: BitTime(n) = 7·8·n/6; full-speed iso 8354·(31 + 10·BitTime)/1000 + 1000
/// host delay + 6265 OUT / 7268 IN; high-speed iso (38·8·2083 + 2083·(3 + BitTime))/1000 + 5).
@Suite struct BandwidthFigureTests {
    static func micro() throws -> BandwidthDeviceReport {
        let dev = try #require(Fixtures.decode("m-audio-micro-0763_201a.lsusb.txt").devices.first)
        return BandwidthDeviceReport(BandwidthDeviceInput(device: dev))
    }

    /// A continuous range is checked at its ends and at every common rate inside it.
    @Test func continuousRangeRates() throws {
        let r = try Self.micro()
        let section = try #require(r.sections.first)
        #expect(section.speed == .full)
        #expect(section.alts.map(\.label) == ["interface 1 alt 1", "interface 1 alt 2", "interface 2 alt 1", "interface 2 alt 2", "interface 2 alt 3"])
        for alt in section.alts {
            #expect(alt.verdicts.map(\.sampleRate) == [6400, 8000, 11025, 16000, 22050, 24000, 32000, 44100, 48000], "\(alt.label)")
        }
        // interface 1 alt 2: 2 ch × 16 bit, wMaxPacketSize 200, adaptive (floor(N) + 1 frames).
        let stereo = try #require(section.alts.first { $0.label == "interface 1 alt 2" })
        let bytes = stereo.verdicts.map { $0.budget?.bytesPerPacket }
        // 6.4 → 7, 8 → 9, 11.025 → 12, 16 → 17, 22.05 → 23, 24 → 25, 32 → 33, 44.1 → 45, 48 → 49 frames × 4 B.
        #expect(bytes == [28, 36, 48, 68, 92, 100, 132, 180, 196])
        let at48 = try #require(stereo.verdicts.last?.budget)
        #expect(at48.verdict == .fits && at48.capacity.availableBytes == 200)
        // 200 B / 4 B = 50 frames; adaptive: floor(rate/1000) + 1 ≤ 50 ⇔ rate ≤ 49999.
        #expect(at48.largest.maxSampleRate == 49999)
        #expect(at48.largest.maxStandardSampleRate == 48000)
        #expect(at48.largest.maxChannels == 2)                 // 200 / (49 × 2)
        // ceil(48) + 1 = 49 frames: the careful budget is the same 196 B here.
        #expect(at48.framesSafe == 49 && at48.bytesPerPacketSafe == 196 && at48.safeFits)
    }

    /// The heaviest pair, interface 1 alt 2 OUT 200 B + interface 2 alt 3 IN 200 B:
    /// BitTime(200) = 1866; 8354 × (31 + 18660) / 1000 = 156144; OUT 6265 + 1000 + 156144 = 163409 ns,
    /// IN 7268 + 1000 + 156144 = 164412 ns; together 327821 ns of the 900000 ns (90 %) budget.
    @Test func busTimeOfTheHeaviestPair() throws {
        let r = try Self.micro()
        let bus = try #require(r.sections.first?.bus)
        #expect(bus.combinationsChecked == 6)
        #expect(bus.failingCount == 0)
        let heaviest = try #require(bus.heaviest)
        #expect(heaviest.alternates == ["interface 1 alt 2", "interface 2 alt 3"])
        #expect(heaviest.busTime.costs.map(\.nanoseconds) == [163_409, 164_412])
        #expect(heaviest.busTime.worstCaseNanoseconds == 327_821)
        #expect(heaviest.busTime.budgetNanoseconds == 900_000)
        #expect(heaviest.busTime.verdict == .fits)
    }

    /// Hand-worked transactions at both speeds and both types.
    @Test func transactionTimes() {
        typealias T = BusTimeReport
        // FS iso 1023 B: BitTime 9548; 8354 × 95511 / 1000 = 797898.
        #expect(T.transactionNanoseconds(speed: .full, direction: .out, type: .isochronous, bytes: 1023) == 6265 + 1000 + 797_898)
        #expect(T.transactionNanoseconds(speed: .full, direction: .in, type: .isochronous, bytes: 1023) == 7268 + 1000 + 797_898)
        // FS interrupt 64 B: BitTime 597; 8354 × 6001 / 1000 = 50132; + 9107 + 1000.
        #expect(T.transactionNanoseconds(speed: .full, direction: .in, type: .interrupt, bytes: 64) == 60_239)
        // HS iso 1024 B: BitTime 9557; (633232 + 2083 × 9560) / 1000 + 5 = 20551.
        #expect(T.transactionNanoseconds(speed: .high, direction: .out, type: .isochronous, bytes: 1024) == 20_551)
        // HS interrupt 64 B: BitTime 597; (916520 + 2083 × 600) / 1000 + 5 = 2171.
        #expect(T.transactionNanoseconds(speed: .high, direction: .in, type: .interrupt, bytes: 64) == 2171)
    }

    /// Periods: a full-speed interrupt endpoint counts bInterval frames, everything else 2^(bInterval−1).
    @Test func servicePeriods() throws {
        let fs = try BusTimeReport(speed: .full, endpoints: [
            BusTimeEndpoint(label: "int", direction: .in, transferType: .interrupt, bytesPerTransaction: 8, bInterval: 10),
            BusTimeEndpoint(label: "iso", direction: .out, bytesPerTransaction: 196, bInterval: 1),
        ])
        #expect(fs.costs.map(\.periodFrames) == [10, 1])
        let hs = try BusTimeReport(speed: .high, endpoints: [
            BusTimeEndpoint(label: "int", direction: .in, transferType: .interrupt, bytesPerTransaction: 8, bInterval: 4),
            BusTimeEndpoint(label: "iso", direction: .out, bytesPerTransaction: 1024, transactionsPerInterval: 3, bInterval: 1),
        ])
        #expect(hs.costs.map(\.periodFrames) == [8, 1])
        // 3 × 20551 ns for the high-bandwidth endpoint.
        #expect(hs.costs[1].nanoseconds == 61_653)
        #expect(hs.budgetNanoseconds == 100_000)
    }

    /// bInterval units by speed (USB 2.0 §9.6.6): 1 ms frames at full speed, 125 µs microframes at high
    /// speed, bus intervals at SuperSpeed.
    @Test func intervalUnits() throws {
        let fs = try IsoPacketBudget(BandwidthRequest(speed: .full, sampleRate: 48000, channels: 2, bitResolution: 16, bInterval: 2))
        #expect(fs.servicePeriodMicroseconds == 2000)
        #expect(fs.framesPerPacket == 97 && fs.bytesPerPacket == 388)
        #expect(fs.explanation.contains("with bInterval 2 (one packet every 2 frames = 2 ms)"))
        let hs = try IsoPacketBudget(BandwidthRequest(speed: .high, sampleRate: 48000, channels: 2, bitResolution: 16, bInterval: 4))
        #expect(hs.servicePeriodMicroseconds == 1000)
        #expect(hs.explanation.contains("with bInterval 4 (one packet every 8 microframes = 1 ms)"))
        let ss = try IsoPacketBudget(BandwidthRequest(speed: .super, sampleRate: 48000, channels: 2, bitResolution: 16, bInterval: 2))
        #expect(ss.servicePeriodMicroseconds == 250)
        #expect(ss.explanation.contains("with bInterval 2 (one packet every 2 bus intervals = 250 µs)"))
    }

    /// The Mbit/s sysfs `speed` shows for each speed (Linux Documentation/ABI/stable/sysfs-bus-usb:
    /// 1.5, 12, 480, 5000, 10000, 20000) reads back as that speed.
    @Test func sysfsSpeedFigures() {
        #expect(USBSpeed.allCases.map(\.megabits) == [1.5, 12, 480, 5000, 10000])
        for s in USBSpeed.allCases {
            let text = s.megabits == s.megabits.rounded() ? String(Int(s.megabits)) : String(s.megabits)
            #expect(USBSpeed(sysfsMegabits: text) == s, "\(text)")
        }
        #expect(USBSpeed(sysfsMegabits: "20000") == .superPlus)
        #expect(USBSpeed(sysfsMegabits: "481") == nil)
        #expect(USBSpeed.full.unitNanoseconds == 1_000_000 && USBSpeed.high.unitNanoseconds == 125_000)
        #expect(USBSpeed.full.unitsPerSecond == 1000 && USBSpeed.high.unitsPerSecond == 8000)
    }

    /// SuperSpeed carries at most 1024 B × 16 bursts × 3 (USB 3.2 §9.6.7: bMaxBurst ≤ 15, Mult ≤ 2) =
    /// 49152 B per service interval; SuperSpeedPlus's isochronous companion states dwBytesPerInterval.
    /// 128 ch × 4 B at 768 kHz, bInterval 1: 96 + 1 = 97 frames × 512 B = 49664 B.
    @Test func superSpeedLimits() throws {
        let ep = BandwidthEndpointDeclaration(maxPacketSize: 1024, transactionsPerInterval: 3, maxBurst: 15)
        let ss = try IsoPacketBudget(BandwidthRequest(speed: .super, sampleRate: 768_000, channels: 128, subslotBytes: 4,
                                                      bitResolution: 32, endpoint: ep))
        #expect(ss.bytesPerPacket == 49_664)
        #expect(ss.capacity.speedLimitBytes == 49_152 && ss.capacity.availableBytes == 49_152)
        #expect(ss.verdict == .exceedsSpeedLimit)
        let sspEP = BandwidthEndpointDeclaration(maxPacketSize: 1024, transactionsPerInterval: 3, maxBurst: 15, bytesPerInterval: 60_000)
        let ssp = try IsoPacketBudget(BandwidthRequest(speed: .superPlus, sampleRate: 768_000, channels: 128, subslotBytes: 4,
                                                       bitResolution: 32, endpoint: sspEP))
        #expect(ssp.capacity.availableBytes == 60_000)
        #expect(ssp.verdict == .fits)
        // A companion that states 0 bytes per interval cannot carry audio: refused, not judged.
        let zero = BandwidthEndpointDeclaration(maxPacketSize: 1024, maxBurst: 0, bytesPerInterval: 0)
        #expect(throws: BandwidthInputError.self) {
            try IsoPacketBudget(BandwidthRequest(speed: .super, sampleRate: 48_000, channels: 2, bitResolution: 16, endpoint: zero))
        }
        let one = BandwidthEndpointDeclaration(maxPacketSize: 1024, maxBurst: 0, bytesPerInterval: 1)
        #expect(try IsoPacketBudget(BandwidthRequest(speed: .super, sampleRate: 48_000, channels: 2, bitResolution: 16, endpoint: one)).capacity.availableBytes == 1)
    }

    /// The largest common rate is the top of the list (768 kHz) when the endpoint holds far more:
    /// 1 ch × 1 B in 1024 B every 125 µs holds 1024 frames, (1024·10⁶ − 1) / 125 = 8191999 Hz.
    @Test func largestCommonRate() throws {
        let b = try IsoPacketBudget(BandwidthRequest(speed: .high, sampleRate: 48_000, channels: 1, bitResolution: 8,
                                                     endpoint: BandwidthEndpointDeclaration(maxPacketSize: 1024)))
        #expect(b.largest.maxSampleRate == 8_191_999)
        #expect(b.largest.maxStandardSampleRate == 768_000)
    }

    /// A UAC1 continuous range is checked at its ends and every common rate inside (the list of
    /// IsoPacketBudget: 8 … 768 kHz, the 44.1 kHz and 48 kHz families).
    @Test func wideContinuousRange() throws {
        let b = DescriptorBuilder.uac1().with {
            $0.set("UAC1_FORMAT_TYPE_I", 0, "bSamFreqType", [0])
            $0.set("UAC1_FORMAT_TYPE_I", 0, "tSamFreq", [7000, 800_000])
        }
        let dev = try #require(b.decode().devices.first)
        let alt = try #require(BandwidthDeviceReport(BandwidthDeviceInput(device: dev)).sections.first?.alts.first)
        #expect(alt.verdicts.map(\.sampleRate) == [7000, 8000, 11025, 16000, 22050, 24000, 32000, 44100, 48000, 88200, 96000,
                                                   176400, 192000, 352800, 384000, 705600, 768000, 800_000])
    }
}
