import Foundation
import Testing
@testable import UAC2Kit

/// Large inputs keep their finished devices packed (bytes and places only) and reports unpack one
/// device at a time (issue 17's memory bound). Unpacking must give back exactly the tree the reader
/// built: the same reading with packing after every few descriptors and with no packing at all must
/// agree device by device, descriptor by descriptor, and in every diagnostic and report line.
@Suite struct PackedInputTests {
    static func corpus(_ suffix: String, count: Int? = nil) -> [UInt8] {
        var out: [UInt8] = []
        for url in Fixtures.files(suffix: suffix).prefix(count ?? Int.max) {
            out += [UInt8]((try? Data(contentsOf: url)) ?? Data())
            if suffix.hasSuffix(".txt") { out.append(0x0A) }
        }
        return out
    }

    static func agree(_ packed: DecodedInput, _ whole: DecodedInput) {
        #expect(packed.deviceCount == whole.deviceCount)
        #expect(packed.diagnostics == whole.diagnostics)
        for i in 0..<min(packed.deviceCount, whole.deviceCount) {
            let p = packed.device(i), w = whole.device(i)
            #expect(p == w, "device \(i + 1)")
            #expect(p.sequence.map(\.location) == w.sequence.map(\.location))
            #expect(p.sequence.map(\.layout.id) == w.sequence.map(\.layout.id))
        }
        #expect(TextReport.render(packed) == TextReport.render(whole))
    }

    @Test func rawDevicesUnpackToTheTreeTheReaderBuilt() throws {
        // The two blobs 60 times over: 120 devices, 4,920 descriptors, some of them after a cut.
        let one = Self.corpus(".bin")
        var bytes: [UInt8] = []
        for _ in 0..<60 { bytes += one }
        var packedBuilder = ModelBuilder(packAfter: 7)
        RawDescriptorReader.feed(bytes, into: &packedBuilder)
        var wholeBuilder = ModelBuilder()
        RawDescriptorReader.feed(bytes, into: &wholeBuilder)
        let packed = DecodedInput(name: "p", format: .raw, devices: packedBuilder.devices, diagnostics: packedBuilder.diagnostics)
        let whole = DecodedInput(name: "p", format: .raw, devices: wholeBuilder.devices, diagnostics: wholeBuilder.diagnostics)
        #expect(whole.deviceCount == 120)
        // All but the device being read when the input ended are packed, holding no tree.
        #expect(packedBuilder.devices.dropLast().allSatisfy { $0.packedDescriptors != nil && $0.sequence.isEmpty })
        #expect(packedBuilder.devices[0].packedDescriptors?.offsets.isEmpty == true)
        Self.agree(packed, whole)
        #expect(packed.devices == whole.devices)
        #expect(packed.device(119).sequence.last.map { $0.location.offset! + $0.bytes.count } == bytes.count)
    }

    @Test func lsusbDevicesUnpackToTheTreeTheReaderBuilt() throws {
        // Qualifier and BOS blocks after a configuration (the reader ends the configuration by hand),
        // strings, stated speeds, "bytes never printed" warnings: every lsusb capture in Descriptors/.
        let text = Self.corpus(".lsusb.txt")
        let packed = LsusbTextReader.read(text, name: "all", packAfter: 50)
        let whole = LsusbTextReader.read(text, name: "all", packAfter: nil)
        #expect(whole.deviceCount > 50)
        #expect(whole.diagnostics.contains { $0.message.contains("wTotalLength") })
        Self.agree(packed, whole)
    }

    @Test func hexDevicesUnpackToTheTreeTheReaderBuilt() throws {
        // The blobs as `0x12, 0x01, ...` lines, 16 bytes a line, 20 times over.
        let blob = Self.corpus(".bin")
        var lines = ""
        for _ in 0..<20 {
            for i in stride(from: 0, to: blob.count, by: 16) {
                lines += blob[i..<min(i + 16, blob.count)].map { "0x" + String($0, radix: 16) }.joined(separator: ", ") + ",\n"
            }
        }
        let text = Array(lines.utf8)
        let packed = HexTextReader.read(text, name: "hex", packAfter: 3)
        let whole = HexTextReader.read(text, name: "hex", packAfter: nil)
        try #require(whole.deviceCount == 40)
        #expect(packed.device(1).sequence.first?.location.line != nil)
        Self.agree(packed, whole)
    }

    /// Fields are slots read from the bytes on demand: the values, arrays, trailing bytes and the first
    /// missing field are what the layout gives, for a whole, a cut and an over-long descriptor.
    @Test func fieldsReadFromTheBytes() throws {
        let it: [UInt8] = [17, 0x24, 2, 1, 1, 1, 0, 2, 3, 4, 5, 6, 7, 8, 9, 0xAA, 0xBB]
        let ctx = DescriptorContext(interfaceClass: 1, interfaceSubClass: 1, interfaceProtocol: 0x20)
        let d = Descriptor(layout: DescriptorCatalog.layout(for: it, in: ctx), bytes: it, location: SourceLocation(offset: 40))
        #expect(d.layout.id == "UAC2_INPUT_TERMINAL")
        #expect(d["wTerminalType"] == 0x0101)
        #expect(d["bNrChannels"] == 3)
        #expect(d["bmChannelConfig"] == 0x0706_0504)
        #expect(d["bmControls"] == 0xAA09)
        #expect(d["iTerminal"] == 0xBB)
        #expect(d.fields.map(\.name).last == "iTerminal")
        #expect(d.trailing.isEmpty && d.firstMissingField == nil)
        let cut = Array(it.prefix(11))
        let c = Descriptor(layout: d.layout, bytes: cut, location: SourceLocation(offset: 40))
        #expect(c.firstMissingField == "bmChannelConfig")
        #expect(c["bNrChannels"] == 3 && c["bmChannelConfig"] == nil)
        #expect(c.trailing == [4, 5] && c.isTruncated)
        #expect(c.encoded() == cut)
        let ac: [UInt8] = [10, 0x24, 1, 0, 1, 10, 0, 2, 1, 2]
        let uac1 = Descriptor(layout: DescriptorCatalog.layout(for: ac, in: DescriptorContext(interfaceClass: 1, interfaceSubClass: 1, interfaceProtocol: 0)),
                              bytes: ac, location: SourceLocation())
        #expect(uac1.values("baInterfaceNr") == [1, 2])
        #expect(uac1.field("baInterfaceNr")?.isArray == true)
        #expect(uac1.encoded() == ac)
    }
}
