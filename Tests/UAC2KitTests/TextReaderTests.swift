import Testing
@testable import UAC2Kit

@Suite struct TextReaderTests {
    static let device: [UInt8] = Array(Fixtures.bytes("ksoloti-core-16c0_0444.bin").prefix(18 + 9 + 8))

    @Test func cArrayWithCommentsAndDecimals() {
        let text = """
        // device descriptor, copied from firmware
        static const uint8_t desc[] = {
            0x12, 0x01, /* bLength, bDescriptorType */
            0x00, 0x02, 0xEF, 0x02, 0x01, 64,   // bcdUSB 2.00, IAD class triple, EP0 64
            0xC0, 0x16, 0x44, 0x04, 0x00, 0x02, 0x01, 0x05, 0x03, 0x01,
        };
        """
        let input = DescriptorReader.read(bytes: Array(text.utf8), name: "fw.c")
        #expect(input.format == .hex)
        #expect(input.diagnostics.isEmpty)
        let d = input.devices[0].device!
        #expect(d["idVendor"] == 0x16C0 && d["bMaxPacketSize0"] == 64)
        #expect(d.location.line == 3)
    }

    @Test func cArrayMacroIsAnErrorWithItsLine() {
        let text = "uint8_t d[] = {\n 0x12, 0x01,\n LSB(0x0200), MSB(0x0200) };"
        let input = DescriptorReader.read(bytes: Array(text.utf8), name: "fw.c")
        let e = input.diagnostics.first { $0.severity == .error }
        #expect(e?.location.line == 3)
        #expect(e?.message.contains("LSB(0x0200)") == true)
    }

    @Test func xxdAndHexdumpAndListsGiveTheSameBytes() {
        let bytes = Self.device
        func xxd() -> String {
            stride(from: 0, to: bytes.count, by: 16).map { o in
                let chunk = bytes[o..<min(o + 16, bytes.count)]
                var groups: [String] = []
                var i = chunk.startIndex
                while i < chunk.endIndex {
                    groups.append(chunk[i..<min(i + 2, chunk.endIndex)].map { hex2($0) }.joined()); i += 2
                }
                return hexN(UInt64(o), digits: 8) + ": " + groups.joined(separator: " ") + "  ..k.;'|x"
            }.joined(separator: "\n")
        }
        let hexdumpC = stride(from: 0, to: bytes.count, by: 16).map { o in
            hexN(UInt64(o), digits: 8) + "  " + bytes[o..<min(o + 16, bytes.count)].map { hex2($0) }.joined(separator: " ") + "  |..12 34..|"
        }.joined(separator: "\n")
        let list = bytes.map { "0x" + hex2($0) }.joined(separator: ", ")
        let plain = bytes.map { hex2($0) }.joined()
        for text in [xxd(), hexdumpC, list, plain] {
            let x = HexTextReader.extract(text)
            #expect(x.bytes == bytes, "\(text.prefix(60))")
            #expect(x.diagnostics.isEmpty)
        }
    }

    @Test func garbageTextNamesTheLine() {
        let input = DescriptorReader.read(bytes: Array("12 01 00 02\nhello world\n".utf8), name: "g", format: .hex)
        let e = input.diagnostics.first { $0.severity == .error && $0.message.contains("hello") }
        #expect(e?.location.line == 2)
    }

    @Test func emptyInputIsAnError() {
        for f in [InputFormat.raw, .hex, .dump] {
            #expect(DescriptorReader.read(bytes: [], name: "e", format: f).hasErrors)
        }
    }

    @Test func thesyconDumpRebuildsEveryDescriptor() throws {
        let input = Fixtures.decode("linux-usb-audio-gadget-f_uac2-mps196-1d6b_0101.hex.txt")
        #expect(input.format == .dump)
        #expect(input.diagnostics.isEmpty)
        let dev = try #require(input.devices.first)
        #expect(dev.speed == .high)
        #expect(dev.idVendor == 0x1D6B && dev.idProduct == 0x0101)
        #expect(dev.qualifier?["bcdUSB"] == 0x0200)
        #expect(dev.stringTexts[6] == "48000Hz")
        #expect(dev.configurations.count == 2)
        for c in dev.configurations {
            // Every byte the configuration claims is accounted for by the rebuilt descriptors.
            #expect(c.sequence.reduce(0) { $0 + $1.bytes.count } == c.wTotalLength)
        }
        let hs = dev.configurations[0]
        #expect(!hs.isOtherSpeed && dev.configurations[1].isOtherSpeed)
        let ep = try #require(hs.audioFunctions.first?.streams.last?.dataEndpoint)
        #expect(ep.maxPacketSize == 196 && ep.bInterval == 4 && ep.syncType == .asynchronous)
        let it = try #require(hs.audioFunctions.first?.entity(1))
        #expect(it.descriptor["bmControls"] == 3 && it.descriptor.bytes.count == 17)
    }

    @Test func treeViewDumpTakesTheWholeConfiguration() throws {
        let input = Fixtures.decode("anker-powerconf-c200-291a_3369.hex.txt")
        #expect(input.format == .dump)
        let dev = try #require(input.devices.first)
        #expect(dev.speed == .high)
        #expect(dev.idVendor == 0x291A && dev.idProduct == 0x3369)
        let c = try #require(dev.configurations.first)
        #expect(c.wTotalLength == 841)
        #expect(c.sequence.reduce(0) { $0 + $1.bytes.count } == 841)
        let f = try #require(c.audioFunctions.first)
        #expect(f.version == .uac1)
        #expect(f.streams.last?.sampleRates == .discrete([48000]))
    }
}
