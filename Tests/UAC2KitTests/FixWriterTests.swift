import Foundation
import Testing
@testable import UAC2Kit

/// Hex text keeps its form: xxd, xxd -p and hexdump -C dumps of a blob with one wrong total are edited
/// in place (one line changes, the pair and a `//` note), read back to the right bytes, and stay put
/// on a second fix. Literals keep their style.
@Suite struct FixWriterTests {
    static func dump(_ tool: String, _ args: [String], _ blob: [UInt8]) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("uac2-fixwriter-\(UUID().uuidString).bin")
        try Data(blob).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try Fixtures.run(tool, args + [file.path]).out
    }

    @Test(arguments: [("/usr/bin/xxd", [String]()), ("/usr/bin/xxd", ["-p"]), ("/usr/bin/hexdump", ["-C"])])
    func aHexDumpIsEditedInPlace(_ tool: String, _ args: [String]) throws {
        try #require(FileManager.default.isExecutableFile(atPath: tool), "\(tool) (Debian: xxd, bsdextrautils)")
        let good = Fixtures.bytes("ksoloti-core-16c0_0444.bin")
        let config = try #require(RawDescriptorReader.read(good, name: "k").devices.first?.configurations.first?.descriptor.location.offset)
        var bad = good
        bad[config + 2] = 0x20   // wTotalLength 0x01aa -> 0x0120
        let text = try Self.dump(tool, args, bad)
        let r = DescriptorFixer.fix(bytes: Array(text.utf8), name: "dump", options: CheckOptions(speed: .full))
        #expect(r.format == .hex)
        #expect(r.changes.map { "\($0.ruleID) \($0.field) \($0.oldValue) -> \($0.newValue)" } == ["USB-CH9-002 wTotalLength 288 -> 426"])
        let out = FixWriter.write(r, input: Array(text.utf8), form: .same)
        #expect(out.form == "hex (edited in place)")
        let fixed = String(decoding: out.bytes, as: UTF8.self)
        let before = text.split(separator: "\n"), after = fixed.split(separator: "\n")
        #expect(before.count == after.count)
        let changed = zip(before, after).filter { $0 != $1 }
        #expect(changed.count == 1)
        #expect(changed.first?.1.hasSuffix(" // uac2 fix: USB-CH9-002 wTotalLength 288 -> 426") == true)
        // hexdump -C's closing line holds only the length ("000001bc"): not bytes.
        #expect(HexTextReader.extract(fixed).bytes == good)
        let again = DescriptorFixer.fix(bytes: out.bytes, name: "dump", options: CheckOptions(speed: .full))
        #expect(again.changes.isEmpty)
        #expect(FixWriter.write(again, input: out.bytes, form: .same).bytes == out.bytes)
    }

    @Test func literalsKeepTheirStyle() {
        #expect(FixWriter.literal(replacing: "0x1f", with: 0x2a, cStyle: true) == "0x2a")
        #expect(FixWriter.literal(replacing: "0X1F", with: 0x2a, cStyle: true) == "0X2A")
        #expect(FixWriter.literal(replacing: "0x1Fu", with: 0x0b, cStyle: true) == "0x0Bu")
        #expect(FixWriter.literal(replacing: "38", with: 39, cStyle: true) == "39")
        #expect(FixWriter.literal(replacing: "(uint8_t)0x26", with: 0x27, cStyle: true) == "(uint8_t)0x27")
        #expect(FixWriter.literal(replacing: "046", with: 0x27, cStyle: true) == "0x27")
        #expect(FixWriter.literal(replacing: "c0", with: 0xc4, cStyle: false) == "c4")
        #expect(FixWriter.literal(replacing: "C0", with: 0xc4, cStyle: false) == "C4")
    }

    /// lsusb text comes out as hex that reads back to the corrected bytes, named per descriptor.
    @Test func lsusbTextBecomesHex() throws {
        let bytes = Fixtures.bytes("kt-micro-kt0206-31b2_0011.lsusb.txt")
        let r = DescriptorFixer.fix(bytes: bytes, name: "kt")
        let same = FixWriter.write(r, input: bytes, form: .same)
        #expect(same.form == "hex")
        #expect(HexTextReader.extract(String(decoding: same.bytes, as: UTF8.self)).bytes == r.bytes)
        let text = String(decoding: same.bytes, as: UTF8.self)
        #expect(text.contains("// Endpoint Descriptor; uac2 fix: UAC-BW-003 wMaxPacketSize 192 -> 196"))
        let c = FixWriter.write(r, input: bytes, form: .c)
        #expect(HexTextReader.extract(String(decoding: c.bytes, as: UTF8.self)).bytes == r.bytes)
        #expect(FixWriter.write(r, input: bytes, form: .raw).bytes == r.bytes)
        // The speed an lsusb text states does not survive in hex: the summary says how to check the output.
        let teufel = DescriptorFixer.fix(bytes: Fixtures.bytes("teufel-cinebar-one-2cc2_0005.lsusb.txt"), name: "teufel")
        #expect(teufel.notes.contains { $0.contains("states full speed") && $0.contains("--speed full") })
    }
}
