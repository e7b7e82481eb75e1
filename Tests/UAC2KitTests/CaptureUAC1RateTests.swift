import Testing
@testable import UAC2Kit

/// A UAC1 device's sampling rate in a capture: Audio 1.0 has no clock entity, so a host that never
/// sends SET_CUR SAMPLING_FREQ streams at the format's only tSamFreq (Audio Data Formats 1.0 Table 2-2:
/// bSamFreqType 1, then three bytes at offset 8). The analyzer must take the rate from those bytes.
@Suite struct CaptureUAC1RateTests {
    /// The UAC1 test device with one rate: 44.1 kHz (0x00AC44, bytes 44 AC 00).
    static func device(rate: UInt64 = 44100) -> DescriptorBuilder {
        DescriptorBuilder.uac1().with { $0.set("UAC1_FORMAT_TYPE_I", 0, "tSamFreq", [rate]) }
    }

    /// usbmon pcapng: enumeration, SET_INTERFACE(1, alt 1), one second of 1 ms OUT packets of 44/45
    /// frames × 4 B (the ±1 rule's sizes for 44.1 kHz at full speed), and no rate request at all.
    static func capture(_ b: DescriptorBuilder) -> [UInt8] {
        let all = b.bytes()
        let device = Array(all.prefix(18))
        let config = Array(all.dropFirst(18))
        var w = CaptureSynthWriter(flushAt: 1 << 30)
        w.sectionHeader()
        w.interfaceDescription(linkType: CaptureLinkType.usbLinuxMmapped)
        var t: Int64 = 1_700_000_000 * 1_000_000_000
        var urb: UInt64 = 0xFFFF_8800_0000_0000
        func control(_ setup: [UInt8], _ data: [UInt8]) {
            urb &+= 0x100
            let dir: UInt8 = setup[0] & 0x80
            w.usbmon(t: t, id: urb, type: "S", xfer: 2, ep: dir, dev: 5, bus: 1, setup: setup, status: -115,
                     urbLength: Int(setup[6]) | Int(setup[7]) << 8, data: [])
            t += 150_000
            w.usbmon(t: t, id: urb, type: "C", xfer: 2, ep: dir, dev: 5, bus: 1, setup: nil, status: 0,
                     urbLength: data.count, data: data)
            t += 200_000
        }
        control([0x80, 6, 0, 1, 0, 0, 18, 0], device)
        control([0x80, 6, 0, 2, 0, 0, UInt8(config.count & 0xFF), UInt8(config.count >> 8)], config)
        control([0x00, 9, 1, 0, 0, 0, 0, 0], [])
        control([0x01, 11, 1, 0, 1, 0, 0, 0], [])
        let payload = [UInt8](repeating: 0, count: 8 * 180)
        var phase = 0
        for k in 0..<125 {                       // 125 URBs × 8 packets = 1 s
            var sizes: [Int] = []
            for _ in 0..<8 {
                phase += 44100
                let frames = phase / 1000
                phase -= frames * 1000
                sizes.append(frames * 4)
            }
            let total = sizes.reduce(0, +)
            urb &+= 0x100
            let start = t + Int64(k) * 8_000_000
            w.usbmonIso(t: start, id: urb, type: "S", ep: 0x01, dev: 5, bus: 1, sizes: sizes[...], statuses: nil,
                        data: payload, dataBytes: total, startFrame: k * 8)
            w.usbmonIso(t: start + 8_000_000, id: urb, type: "C", ep: 0x01, dev: 5, bus: 1, sizes: sizes[...], statuses: 0,
                        data: payload, dataBytes: 0, startFrame: k * 8)
        }
        var out: [UInt8] = []
        w.flush { out.append(contentsOf: $0) }
        return out
    }

    @Test func onlyRateOfTheFormatIsTheStreamRate() throws {
        let b = Self.device()
        // The descriptor itself: bSamFreqType 1 at offset 7, 44 AC 00 at offsets 8-10.
        let format = try #require(b.decode().devices.first?.configurations.first?.altSettings
            .flatMap(\.classSpecific).first { $0.layout.id == "UAC1_FORMAT_TYPE_I" })
        #expect(Array(format.bytes[7...10]) == [1, 0x44, 0xAC, 0x00])
        #expect(format.values("tSamFreq") == [44100])

        let r = CaptureAnalyzer.analyze(bytes: Self.capture(b))
        #expect(r.error == nil)
        let dev = try #require(r.devices.first)
        let data = try #require(dev.streams.first { $0.role == "data" })
        #expect(data.nominalRate == 44100)
        #expect(data.frameBytes == 4)
        #expect(data.packets == 1000)
        #expect(data.allowedFramesMin == 44 && data.allowedFramesMax == 45)
        #expect(data.packetsOutsidePlusMinusOne == 0)
    }

    /// 96 kHz (0x017700: the third byte is not zero, so a reader that drops it says 30464 Hz).
    @Test func threeByteRate() throws {
        let r = CaptureAnalyzer.analyze(bytes: Self.capture(Self.device(rate: 96000)))
        let data = try #require(r.devices.first?.streams.first { $0.role == "data" })
        #expect(data.nominalRate == 96000)
    }
}
