import Foundation
import Testing
@testable import UAC2Kit

/// On firmware source and other text inputs (issue 13 part 5): USB-READ-001's fix talks about the
/// source line, not what "the device sends"; a source nothing can be read from exits 65 in every
/// command; `decode` does not say "no device descriptor" above one.
@Suite(.serialized) struct SourceInputTests {
    static func write(_ name: String, _ text: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("uac2-source-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// A device and configuration whose endpoint is cut after 5 of its 7 bytes, at line 7.
    static let cutSource = """
        /* usb_descriptors.c */
        const uint8_t desc_configuration[] = {
          0x12, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x40, 0x09, 0x12, 0x01, 0x00,
          0x00, 0x01, 0x01, 0x02, 0x03, 0x01,
          0x09, 0x02, 0x20, 0x00, 0x01, 0x01, 0x00, 0x80, 0x32,
          0x09, 0x04, 0x00, 0x00, 0x02, 0xff, 0x00, 0x00, 0x00,
          0x07, 0x05, 0x81, 0x02, 0x40,
        };

        """

    @Test func readErrorFixNamesTheSourceLine() throws {
        let r = RuleEngine.check(DescriptorReader.read(bytes: Array(Self.cutSource.utf8), name: "usb_descriptors.c"))
        let f = try #require(r.findings.first { $0.ruleID == "USB-READ-001" })
        #expect(f.location.source.line == 7 && f.location.source.offset == 36)
        #expect(f.fix.hasPrefix("Check line 7 (byte 36) of the source: the bytes from there on do not walk as descriptors"))
        #expect(f.fix.contains("Correct the array or the macro that builds it"))
        #expect(!f.fix.contains("the device sends"))
        // The same bytes as a blob: there the device is what sent them.
        let raw: [UInt8] = [0x12, 0x01, 0x00, 0x02, 0, 0, 0, 0x40, 0x09, 0x12, 0x01, 0x00, 0x00, 0x01, 0x01, 0x02, 0x03, 0x01,
                            0x09, 0x02, 0x20, 0x00, 0x01, 0x01, 0x00, 0x80, 0x32, 0x09, 0x04, 0, 0, 0x02, 0xff, 0, 0, 0,
                            0x07, 0x05, 0x81, 0x02, 0x40]
        let b = RuleEngine.check(DescriptorReader.read(bytes: raw, name: "blob", format: .raw))
        let g = try #require(b.findings.first { $0.ruleID == "USB-READ-001" })
        #expect(g.fix.hasPrefix("Check byte 36 of the descriptor bytes: if the capture is complete, the device sends a broken bLength there"))
    }

    @Test func lsusbTextFixNamesTheText() {
        #expect(InputChecks.readFix(.lsusb).place == "of the lsusb text")
        #expect(InputChecks.readFix(.lsusb).cause.contains("save `lsusb -v -d VID:PID` again in full"))
        #expect(InputChecks.readFix(.elf).place == "of the firmware image")
        #expect(!InputChecks.readFix(.hex).cause.contains("the device sends"))
    }

    @Test func unreadableSourceExits65InEveryCommand() throws {
        for (name, text) in [("no-arrays.c", "int main(void) { return 0; }\n"),
                             ("if-in-array.c", "const uint8_t d[] = {\n#if X\n 0x12, 0x01,\n#endif\n};\n"),
                             ("prose.txt", "hello world\nthis is not usb\n")] {
            let f = try Self.write(name, text).path
            for args in [["check", f], ["decode", f], ["bandwidth", "--descriptors", f], ["report", f],
                         ["fix", f], ["diff", f, f], ["capture", f], ["check", "--json", f], ["decode", "--json", f]] {
                let r = try Fixtures.uac2(args)
                #expect(r.status == 65, "\(name): uac2 \(args.dropLast().joined(separator: " ")) exited \(r.status): \(r.err.prefix(200))")
            }
        }
    }

    @Test func decodeNamesACutDeviceDescriptor() throws {
        let f = try Self.write("short.txt", "0x12, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x40, 0x09\n").path
        let r = try Fixtures.uac2(["decode", f])
        #expect(r.status == 65)
        #expect(!r.out.contains("no device descriptor"))
        #expect(r.out.contains("Device (device descriptor at line 1 (byte 0) cut short before idVendor/idProduct)"))
        #expect(r.out.contains("Device Descriptor  [line 1 (byte 0)]"))
        // With none at all it still says so.
        let c = try Self.write("config.txt", "0x09, 0x02, 0x09, 0x00, 0x00, 0x01, 0x00, 0x80, 0x32\n").path
        let n = try Fixtures.uac2(["decode", c])
        #expect(n.out.contains("Device (no device descriptor in the input)"))
        #expect(!n.out.contains("Device Descriptor  ["))
    }
}
