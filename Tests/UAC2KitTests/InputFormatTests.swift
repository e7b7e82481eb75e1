import Testing
@testable import UAC2Kit

/// Format detection on bytes: which words decide, and that only the first 64 KB are looked at.
@Suite struct InputFormatTests {
    static func text(_ s: String, at offset: Int = 0) -> [UInt8] {
        [UInt8](repeating: UInt8(ascii: "x"), count: offset) + Array(s.utf8)
    }

    @Test func markersDecideTheTextFormat() {
        #expect(InputFormat.detect(Self.text("0x12, 0x01, 0x00, 0x02")) == .hex)
        #expect(InputFormat.detect(Self.text("Device Descriptor:\n  bLength 18\n")) == .lsusb)
        #expect(InputFormat.detect(Self.text("  Configuration Descriptor:\n    bLength 9\n")) == .lsusb)
        // A heading without lsusb's field name is not lsusb.
        #expect(InputFormat.detect(Self.text("Device Descriptor: none here")) == .hex)
        #expect(InputFormat.detect(Self.text("Data (HexDump) : 12 01")) == .dump)
        #expect(InputFormat.detect(Self.text("Information for device X")) == .dump)
        #expect(InputFormat.detect(Self.text("0x12\tbLength\n")) == .dump)
        #expect(InputFormat.detect(Self.text("0x09\tbLength\n")) == .dump)
        // Dump words win over lsusb words, wherever they are in the head.
        #expect(InputFormat.detect(Self.text("Device Descriptor:\n bLength 18\n") + Self.text("Data (HexDump)", at: 50_000)) == .dump)
    }

    @Test func onlyTheFirst64KBAreSearched() {
        let inside = Self.text("Device Descriptor: bLength", at: 65_536 - 26)
        let across = Self.text("Device Descriptor: bLength", at: 65_536 - 25)
        #expect(InputFormat.detect(inside) == .lsusb)
        #expect(InputFormat.detect(across) == .hex)
    }

    @Test func markersAtTheVeryEndAndPrefixesThatStopShort() {
        #expect(InputFormat.detect(Self.text("Device Descriptor:bLengt")) == .hex)
        #expect(InputFormat.detect(Self.text("Device Descriptor:bLength")) == .lsusb)
        #expect(InputFormat.detect(Self.text("Data (HexDum")) == .hex)
    }

    @Test func everyCorpusFileKeepsItsFormat() {
        for url in Fixtures.files(suffix: ".lsusb.txt") { #expect(InputFormat.detect(Fixtures.bytes(url.lastPathComponent)) == .lsusb, "\(url.lastPathComponent)") }
        for url in Fixtures.files(suffix: ".bin") { #expect(InputFormat.detect(Fixtures.bytes(url.lastPathComponent)) == .raw) }
        // Both are Windows dumps saved as .hex.txt: Thesycon's field lines and USBTreeView's hex blocks.
        #expect(InputFormat.detect(Fixtures.bytes("linux-usb-audio-gadget-f_uac2-mps196-1d6b_0101.hex.txt")) == .dump)
        #expect(InputFormat.detect(Fixtures.bytes("anker-powerconf-c200-291a_3369.hex.txt")) == .dump)
    }
}
