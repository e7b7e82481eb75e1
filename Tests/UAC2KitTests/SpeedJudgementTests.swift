import Testing
@testable import UAC2Kit

/// What proves a bus speed: facts independent of what is judged at it, each with its place.
@Suite struct SpeedJudgementTests {
    /// The seed device's alts (980, 1176 and 588 B isochronous packets), with bcdUSB 2.00 and no
    /// qualifier: nothing proves a speed, whatever the isochronous sizes are.
    func seedUSB2() -> DescriptorBuilder {
        DescriptorBuilder.seed().with {
            $0.speed = nil
            $0.set("DEVICE", 0, "bcdUSB", [0x0200])
        }
    }

    func judge(_ b: DescriptorBuilder, option: USBSpeed? = nil) throws -> SpeedJudgement {
        let dev = try #require(b.decode().devices.first)
        return SpeedJudgement.judge(dev, option: option)
    }

    @Test func isochronousSizesProveNothing() throws {
        let j = try judge(seedUSB2())
        #expect(j.speeds == [.full, .high])
        #expect(j.evidence.isEmpty)
        #expect(j.reason.hasPrefix("nothing in the input fixes the speed (bcdUSB 2.00 allows full and high speed"))
        #expect(j.narrowHint == "narrow it with --speed full or --speed high")
        // 1176 B is above the full-speed maximum, yet it is the size being judged: still no speed.
        let capped = try judge(seedUSB2().with { b in
            b.set(at: b.endpointIndex(0x01, 1)!, "wMaxPacketSize", [1023])
        })
        #expect(capped.speeds == [.full, .high])
    }

    @Test func usb11DeviceIsFullSpeedAtTheDeviceDescriptor() throws {
        let j = try judge(DescriptorBuilder.seed().with { $0.speed = nil })
        #expect(j.known == .full)
        #expect(j.evidence.map(\.source) == [.bcdUSB])
        #expect(j.reason == "bcdUSB 1.10 is a USB 1.x device, which cannot run at high speed (byte 0)")
    }

    @Test func qualifierMeansHighSpeedCapable() throws {
        var b = seedUSB2()
        b.insert(StandardLayouts.deviceQualifier, DescriptorBuilder.v(["bcdUSB": 0x0200, "bDeviceClass": 0xEF, "bDeviceSubClass": 2,
                                                                      "bDeviceProtocol": 1, "bMaxPacketSize0": 64,
                                                                      "bNumConfigurations": 1, "bReserved": 0]), at: 1)
        let j = try judge(b)
        #expect(j.known == .high)
        #expect(j.evidence.first?.source == .deviceQualifier)
        #expect(j.evidence.first?.place == "byte 18")
    }

    @Test func optionAndStatementWin() throws {
        #expect(try judge(seedUSB2(), option: .high).evidence == [.option(.high)])
        let stated = try judge(DescriptorBuilder.seed().with { $0.speed = .high })
        #expect(stated.known == .high)
        #expect(stated.evidence.first?.source == .input)
    }

    @Test func encodingsLegalAtOneSpeedOnly() throws {
        // Bits 12..11 on the isochronous endpoint: 2 transactions per microframe exist only at high speed.
        let mult = try judge(seedUSB2().with { b in
            b.set(at: b.endpointIndex(0x01, 0)!, "wMaxPacketSize", [0x0800 | 600])
        })
        #expect(mult.known == .high)
        #expect(mult.reason.contains("EP 0x01 declares 2 transactions per microframe (wMaxPacketSize 0x0a58, bits 12..11)"))
        // bMaxPacketSize0 8: high speed requires 64.
        let ep0 = try judge(seedUSB2().with { $0.set("DEVICE", 0, "bMaxPacketSize0", [8]) })
        #expect(ep0.known == .full)
        // bcdUSB 1.10 and 2 transactions per microframe contradict: both speeds are judged.
        let both = try judge(DescriptorBuilder.seed().with { b in
            b.speed = nil
            b.set(at: b.endpointIndex(0x01, 0)!, "wMaxPacketSize", [0x0800 | 600])
        })
        #expect(both.speeds == [.full, .high])
        #expect(both.reason.hasPrefix("the descriptors contradict each other"))
    }

    /// The capture analyzer takes its speed from the same judgement of the same bytes: no
    /// isochronous size > 1023 makes it high, and the reason is word for word what `check` says.
    @Test func captureSpeedIsTheModelsJudgement() throws {
        func captureSpeed(_ b: DescriptorBuilder) -> SpeedEvidence? {
            CaptureReportBuilder.resolveSpeed(CaptureDeviceState(key: CaptureDeviceKey(bus: 1, address: 2)),
                                              model: CaptureDescriptors.model(of: b.bytes()), config: nil,
                                              linkLayerSpeed: nil, options: CaptureAnalysisOptions())
        }
        #expect(captureSpeed(seedUSB2()) == nil)
        #expect(captureSpeed(seedUSB2().with { b in b.set(at: b.endpointIndex(0x01, 1)!, "wMaxPacketSize", [1023]) }) == nil)
        let usb11 = try #require(captureSpeed(DescriptorBuilder.seed().with { $0.speed = nil }))
        #expect(usb11.speeds == [.full])
        #expect(usb11.description == "bcdUSB 1.10 is a USB 1.x device, which cannot run at high speed (byte 0)")
        let mult = seedUSB2().with { b in b.set(at: b.endpointIndex(0x01, 0)!, "wMaxPacketSize", [0x0800 | 600]) }
        let high = try #require(captureSpeed(mult))
        #expect(high.speeds == [.high])
        #expect(high.description == (try judge(mult)).reason)
        // Contradicting facts leave the speed to the packet spacing, as check judges both speeds.
        #expect(captureSpeed(DescriptorBuilder.seed().with { b in
            b.speed = nil
            b.set(at: b.endpointIndex(0x01, 0)!, "wMaxPacketSize", [0x0800 | 600])
        }) == nil)
    }
}
