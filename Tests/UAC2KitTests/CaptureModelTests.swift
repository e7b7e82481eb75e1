import Testing
@testable import UAC2Kit

/// Capture analysis reads recovered configurations through the model: a UAC3 function's entities are
/// named by the UAC3 rows (the old summary read them with the UAC1 subtype table, so a UAC3 clock
/// source, subtype 0x0B, was an unknown "entity" and its SAM_FREQ request was never a rate).
@Suite struct CaptureModelTests {
    /// A UAC3 AudioControl interface with a clock source (ID 5) and a feature unit (ID 7), and one
    /// streaming interface whose alt 1 has a 2-channel 3-byte format (UAC3: AS_GENERAL holds both).
    static let uac3Configuration: [UInt8] = {
        let ac: [UInt8] = [9, 4, 0, 0, 0, 1, 1, 0x30, 0]
        let header: [UInt8] = [10, 0x24, 1, 0, 0, 0, 0, 0, 0, 0]
        let clock: [UInt8] = [12, 0x24, 0x0B, 5, 3, 0, 0, 0, 0, 0, 0, 0]
        let feature: [UInt8] = [11, 0x24, 0x07, 7, 5, 0, 0, 0, 0, 0, 0]
        var cs = header + clock + feature
        cs[5] = UInt8(cs.count); cs[6] = 0
        let as0: [UInt8] = [9, 4, 1, 0, 0, 1, 2, 0x30, 0]
        let as1: [UInt8] = [9, 4, 1, 1, 1, 1, 2, 0x30, 0]
        // UAC3 AS_GENERAL (23 bytes): bTerminalLink 2, bmControls, wClusterDescrID, bmFormats,
        // bSubslotSize 3, bBitResolution 24, bmAuxProtocols, bControlSize.
        let general: [UInt8] = [23, 0x24, 1, 2, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 3, 24, 0, 0, 0]
        let ep: [UInt8] = [7, 5, 0x01, 0x05, 0x20, 0x01, 1]
        let body = ac + cs + as0 + as1 + general + ep
        let total = 9 + body.count
        return [9, 2, UInt8(total & 0xFF), UInt8(total >> 8), 2, 1, 0, 0x80, 50] + body
    }()

    @Test func uac3ClockSourceIsNamedByTheUAC3Rows() throws {
        let config = try #require(Configuration.decoded(from: Self.uac3Configuration))
        let functions = config.audioFunctions
        #expect(functions.map(\.version) == [.uac3])
        // SET CUR SAM_FREQ to clock source 5 on interface 0: 96000 Hz.
        let setup = CaptureSetup(bmRequestType: 0x21, bRequest: 0x01, wValue: 0x0100, wIndex: 0x0500, wLength: 4)
        let t = CaptureControlTransfer(device: CaptureDeviceKey(bus: 1, address: 2), setup: setup, data: [0x00, 0x77, 0x01, 0x00],
                                       status: .ok, timestampNanoseconds: 0, packetNumber: 1)
        let r = try #require(CaptureClassRequestDecoder.decode(t, config: config, functions: functions, timeSeconds: 0))
        #expect(r.target == "clock source 5")
        #expect(r.control == "SAM_FREQ")
        #expect(r.request == "SET CUR")
        #expect(r.sampleRate == 96000)
        #expect(r.clockSourceID == 5)
        // UAC3 subtype 0x07 is a feature unit (UAC1's 0x07 is a processing unit).
        let mute = CaptureControlTransfer(device: CaptureDeviceKey(bus: 1, address: 2),
                                          setup: CaptureSetup(bmRequestType: 0xA1, bRequest: 0x01, wValue: 0x0100, wIndex: 0x0700, wLength: 1),
                                          data: [1], status: .ok, timestampNanoseconds: 0, packetNumber: 2)
        let m = try #require(CaptureClassRequestDecoder.decode(mute, config: config, functions: functions, timeSeconds: 0))
        #expect(m.target == "feature unit 7 master")
        #expect(m.control == "MUTE")
        #expect(m.value == "muted")
    }

    @Test func uac3FrameSizeComesFromASGeneral() throws {
        let config = try #require(Configuration.decoded(from: Self.uac3Configuration))
        let alt = try #require(config.alt(interface: 1, alt: 1))
        #expect(alt.audioStream?.version == .uac3)
        #expect(alt.audioFrameBytes == nil)   // UAC3 channels come from the cluster descriptor, not the alt
        #expect(config.owner(ofEndpoint: 0x01, activeAlts: [1: 1])?.alternateSetting == 1)
        #expect(config.alt(interface: 1, alt: 1)?.endpoints.first?.maxBytesPerInterval == 288)
        #expect(config.hasAudio)
    }

    /// The UAC2 path: the rate of a stream is the one set on its terminal's clock source.
    @Test func uac2StreamRateFollowsTheTerminalsClock() throws {
        let seed = DescriptorBuilder.seed().with { $0.speed = nil }.bytes()
        let dev = CaptureDeviceState(key: CaptureDeviceKey(bus: 1, address: 2))
        dev.record(descriptor: 2, index: 0, langID: 0, data: Array(seed[18...]))
        let config = try #require(dev.configuration)
        let stream = try #require(config.altSettings.compactMap(\.audioStream).first { $0.dataEndpoint != nil && $0.terminalLink != nil })
        let term = try #require(dev.functions.entity(stream.terminalLink!, interface: stream.interfaceNumber))
        let clock = try #require(term.clockSourceIDs.first)
        dev.clockRates[UInt8(clock)] = 44100
        #expect(dev.rate(for: stream.alt, endpoint: stream.dataEndpoint!.address) == 44100)
        #expect(stream.alt.audioFrameBytes == (stream.nrChannels ?? 0) * (stream.subslotSize ?? 0))
    }
}
