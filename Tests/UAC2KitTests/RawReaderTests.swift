import Testing
@testable import UAC2Kit

@Suite struct RawReaderTests {
    static let rawCaptures = ["ksoloti-core-16c0_0444.bin", "rme-fireface-uc-0424_3fc6.bin"]

    @Test(arguments: rawCaptures)
    func reencodingGivesBackTheExactBytes(name: String) {
        let bytes = Fixtures.bytes(name)
        let input = Fixtures.decode(name)
        #expect(input.format == .raw)
        #expect(input.diagnostics.isEmpty)
        #expect(input.devices.count == 1)
        #expect(input.devices[0].encoded() == bytes)
        #expect(bytes.count > 200)
    }

    @Test func ksolotiFieldsDecode() throws {
        let dev = try #require(Fixtures.decode("ksoloti-core-16c0_0444.bin").devices.first)
        #expect(dev.idVendor == 0x16C0 && dev.idProduct == 0x0444)
        let config = try #require(dev.configurations.first)
        #expect(config.wTotalLength == 426)
        #expect(config.interfaces.map(\.number) == [0, 1, 2, 3, 4])
        let f = try #require(config.audioFunctions.first)
        #expect(f.version == .uac2)
        #expect(f.entities.map(\.id) == [4, 1, 2, 3, 17, 19])
        #expect(f.clockPath(from: 4).isComplete)
        let out = try #require(f.streams.first { $0.interfaceNumber == 1 && $0.alternateSetting == 2 })
        #expect(out.direction == .out)
        #expect(out.nrChannels == 2 && out.subslotSize == 4 && out.bitResolution == 24)
        #expect(out.dataEndpoint?.maxPacketSize == 392)
        #expect(out.syncType == .adaptive)
        let fu = try #require(f.entity(2))
        #expect(fu.kind == .featureUnit)
        #expect(fu.descriptor.values("bmaControls") == [0xF, 0xF, 0xF])
    }

    /// Every truncation point of every raw capture: no crash, everything complete before the cut is kept,
    /// and a cut inside a descriptor is an error naming that descriptor's byte offset.
    @Test(arguments: rawCaptures)
    func everyTruncationPoint(name: String) {
        let bytes = Fixtures.bytes(name)
        let full = Fixtures.decode(name).devices[0].sequence
        var starts: [Int] = []
        var o = 0
        for d in full { starts.append(o); o += d.bytes.count }
        for cut in 0..<bytes.count {
            let input = RawDescriptorReader.read(Array(bytes[0..<cut]), name: "cut")
            let complete = starts.indices.filter { starts[$0] + full[$0].bytes.count <= cut }
            let decoded = input.devices.flatMap(\.sequence)
            #expect(decoded.count >= complete.count)
            for i in complete { #expect(decoded[i].bytes == full[i].bytes) }
            if cut == 0 {
                #expect(input.hasErrors)
            } else if starts.contains(cut) {
                #expect(!input.hasErrors)
            } else {
                let inside = starts.last { $0 < cut }!
                #expect(input.diagnostics.contains { $0.severity == .error && $0.location.offset == inside },
                        "cut at \(cut) should report the descriptor at \(inside)")
            }
        }
    }

    @Test(arguments: [0, 1])
    func bLengthTooSmallStopsWithOffset(bLength: UInt8) {
        var bytes = Fixtures.bytes("ksoloti-core-16c0_0444.bin")
        bytes[44] = bLength   // the AC header
        let input = RawDescriptorReader.read(bytes, name: "t")
        let err = input.diagnostics.first { $0.severity == .error }
        #expect(err?.location.offset == 44)
        #expect(err?.message.contains("bLength \(bLength)") == true)
        #expect(input.devices[0].sequence.count == 4)  // device, configuration, IAD, AC interface kept
    }

    @Test func bLengthPastTheEnd() {
        var bytes = Array(Fixtures.bytes("ksoloti-core-16c0_0444.bin").prefix(44 + 9))
        bytes[44] = 255
        let input = RawDescriptorReader.read(bytes, name: "t")
        #expect(input.diagnostics.first?.message.contains("claims bLength 255 but only 9 bytes remain") == true)
        #expect(input.diagnostics.first?.location.offset == 44)
        let last = input.devices[0].sequence.last!
        #expect(last.layout.id == "UAC2_HEADER")
        #expect(last["bcdADC"] == 0x0200)
    }

    @Test func noiseNeverTraps() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let n = Int.random(in: 0..<600, using: &rng)
            let bytes = (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let input = RawDescriptorReader.read(bytes, name: "noise")
            for d in input.devices.flatMap(\.sequence) { #expect(d.encoded() == d.bytes) }
        }
    }
}
