import Foundation
import Testing
@testable import UAC2Kit

/// Firmware source: through the host compiler (--cc) for macros and struct initializers, and the
/// text forms read without one (Python, Rust, xxd with braces in its character column, C arrays
/// with `#if` inside).
@Suite struct FirmwareSourceTests {
    static let demo = FirmwareTestFiles.source.appendingPathComponent("usb_descriptors.c").path

    @Test func ccReadsTheMacroBuiltSourceLikeTheImage() throws {
        let b = try FirmwareTestFiles.build()
        let (r, compiler) = HostCompiler.read(path: Self.demo, name: "usb_descriptors.c",
                                              command: "cc -I\(FirmwareTestFiles.include) -DDEMO_MCU=DEMO_MCU_HOST", symbols: [])
        #expect(compiler.isEmpty)
        #expect(!r.hasErrors, "\(r.diagnostics)")
        #expect(Set(FirmwareImageTests.sets(r, b.arrays)) == FirmwareImageTests.expected(b.arrays))
        #expect(FirmwareImageTests.findings(r, b.arrays) == FirmwareImageTests.findings(FirmwareTestFiles.read(b.files["arm.elf"]!), b.arrays))
        // Descriptors point at the line that defines their array.
        let source = try String(contentsOfFile: Self.demo, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let hsLine = try #require(source.firstIndex { $0.contains("demo_desc_hs_configuration[] =") }) + 1
        let hs = try #require(r.devices.first { $0.speed == .high })
        #expect(hs.configurations.first?.descriptor.location.line == hsLine)
        #expect(r.diagnostics.first?.message.hasPrefix("compiled with: cc -I") == true)
    }

    @Test func ccWithoutIncludeFolderOrDefineSaysWhichFlagIsMissing() throws {
        let noI = try Fixtures.uac2(["check", Self.demo, "--cc", "cc -DDEMO_MCU=DEMO_MCU_HOST"])
        #expect(noI.status == 65)
        #expect(noI.err.contains("the compiler said:") && noI.err.contains("demo_usb_config.h"), "\(noI.err)")
        let flat = noI.out.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        #expect(flat.contains("demo_usb_config.h is not on the include path: add -I"), "\(noI.out)")
        #expect(noI.out.contains("where: line 4"), "\(noI.out)")   // the #include line
        let noD = HostCompiler.read(path: Self.demo, name: "x", command: "cc -I\(FirmwareTestFiles.include)", symbols: [])
        let e = try #require(noD.input.diagnostics.first { $0.severity == .error })
        #expect(e.message.contains("#error") && e.message.contains("add the -D it asks for"), "\(e)")
        #expect(noD.compilerLines.contains { $0.contains("DEMO_MCU is not defined") })
        let noCC = HostCompiler.read(path: Self.demo, name: "x", command: "no-such-compiler-uac2", symbols: [])
        #expect(noCC.input.diagnostics.first?.message.contains("the compiler command was not found") == true)
    }

    @Test func ccWithSymbolReadsOneArray() throws {
        let r = try Fixtures.uac2(["decode", "--no-bandwidth", Self.demo, "--cc", "cc -I\(FirmwareTestFiles.include) -DDEMO_MCU=DEMO_MCU_HOST",
                                   "--symbol", "demo_desc_fs_configuration"])
        #expect(r.status == 0, "\(r.out)\(r.err)")
        #expect(r.out.contains("demo_desc_fs_configuration (.rodata+0x"))
        #expect(r.out.contains("at full speed (the firmware names this configuration demo_desc_fs_configuration)"), "\(r.out)")
        #expect(r.out.contains("wTotalLength                 127"), "\(r.out)")
    }

    @Test func plainLiteralArraysNeedNoCompiler() throws {
        let text = "// device\nconst uint8_t d[] = { 0x12, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 64, 0x09, 0x12, 0x01, 0x00, 0x00, 0x01, 1, 2, 3, 1 };\n"
        let r = DescriptorReader.read(bytes: Array(text.utf8), name: "d.c")
        #expect(r.format == .hex && !r.hasErrors && r.devices.first?.idVendor == 0x1209)
    }

    @Test func preprocessorLineInsideAnArrayIsAnErrorAtItsLine() throws {
        let text = "const uint8_t desc[] = {\n    0x09, 0x02, 0x20, 0x00,\n#if CFG_AUDIO\n    0x01,\n#endif\n};\n"
        let r = DescriptorReader.read(bytes: Array(text.utf8), name: "d.c")
        let e = try #require(r.diagnostics.first { $0.severity == .error })
        #expect(e.location.line == 3)
        #expect(e.message.hasPrefix("`#if` inside the array") && e.message.contains("--cc 'cc -I<include folders> -D<defines>'"), "\(e)")
        let macro = DescriptorReader.read(bytes: Array("uint8_t d[] = { TUD_CONFIG_DESCRIPTOR(1, 2, 0, 100, 0x00, 100) };".utf8), name: "m.c")
        #expect(macro.diagnostics.first?.message.contains("compile the source: --cc") == true)
    }

    /// xxd of the ksoloti capture, whose bytes 0x7B ('{') and 0x2F 0x2F ('//') show in the character column.
    @Test func xxdWithBracesInItsCharacterColumn() throws {
        var blob = Fixtures.bytes("ksoloti-core-16c0_0444.bin")
        #expect(blob.count > 100)
        blob[40] = 0x7B; blob[41] = 0x2F; blob[42] = 0x2F; blob[43] = 0x2A   // inside a descriptor: values only
        let r0 = DescriptorReader.read(bytes: blob, name: "blob", format: .raw)
        let xxd = try FirmwareTestFiles.sh("printf '' | xxd >/dev/null && echo ok").out
        #expect(xxd.contains("ok"))
        let path = NSTemporaryDirectory() + "uac2-xxd-\(getpid()).bin"
        defer { unlink(path) }
        try Data(blob).write(to: URL(fileURLWithPath: path))
        let text = try FirmwareTestFiles.sh("xxd \(path)").out
        #expect(text.contains("{//*"))
        let r = DescriptorReader.read(bytes: Array(text.utf8), name: "xxd")
        #expect(r.format == .hex)
        #expect(r.devices.flatMap(\.sequence).flatMap(\.bytes) == r0.devices.flatMap(\.sequence).flatMap(\.bytes))
        #expect(r.diagnostics.filter { $0.severity == .error }.map(\.message) == r0.diagnostics.filter { $0.severity == .error }.map(\.message))
        let hexdump = try FirmwareTestFiles.sh("hexdump -C \(path) 2>/dev/null || od -An -tx1 \(path)").out
        if hexdump.contains("|") {
            let h = DescriptorReader.read(bytes: Array(hexdump.utf8), name: "hexdump")
            #expect(h.devices.flatMap(\.sequence).flatMap(\.bytes) == r0.devices.flatMap(\.sequence).flatMap(\.bytes))
        }
    }

    static let deviceBytes: [UInt8] = [0x12, 0x01, 0x00, 0x02, 0xEF, 0x02, 0x01, 64, 0x09, 0x12, 0x01, 0x00, 0x00, 0x01, 1, 2, 3, 1]
    static let configBytes: [UInt8] = [9, 2, 18, 0, 1, 1, 0, 0x80, 0x32, 9, 4, 0, 0, 0, 0xFF, 0, 0, 0]

    @Test func pythonBytesWithComments() throws {
        let py = """
        # descriptors of a test gadget (#: comments, not preprocessor)
        DEVICE = bytes([
            0x12, 0x01,  # bLength, bDescriptorType
            0x00, 0x02,  # bcdUSB 2.00
            0xEF, 0x02, 0x01, 64,
            0x09, 0x12, 0x01, 0x00,  # 1209:0001
            0x00, 0x01, 1, 2, 3, 0b1,
        ])
        CONFIG = (b'\\x09\\x02\\x12\\x00\\x01\\x01\\x00\\x80\\x32'
                  b"\\x09\\x04\\x00\\x00\\x00\\xff\\x00\\x00\\x00")  # vendor interface
        """
        let r = DescriptorReader.read(bytes: Array(py.utf8), name: "d.py")
        #expect(!r.hasErrors, "\(r.diagnostics)")
        #expect(r.devices.first?.encoded() == Self.deviceBytes + Self.configBytes)
        #expect(r.devices.first?.configurations.first?.descriptor.location.line == 9)
        let hex = DescriptorReader.read(bytes: Array("d = bytes.fromhex('12 01 00 02 EF 02 01 40 09 12 01 00 00 01 01 02 03 01')".utf8), name: "h.py")
        #expect(hex.devices.first?.device?.bytes == Self.deviceBytes)
        let bad = DescriptorReader.read(bytes: Array("d = bytes([0x12, LEN + 1, 3])\n".utf8), name: "b.py")
        #expect(bad.diagnostics.first?.message.hasPrefix("`LEN + 1` is not a byte literal") == true && bad.diagnostics.first?.location.line == 1)
        let big = DescriptorReader.read(bytes: Array("d = bytes([0x12,\n 0x100])\n".utf8), name: "b.py")
        #expect(big.diagnostics.first?.message.contains("does not fit in one byte") == true && big.diagnostics.first?.location.line == 2)
    }

    @Test func rustArraysWithRepeatsAndSuffixes() throws {
        let rs = """
        /// Device descriptor.
        pub const DEVICE: [u8; 18] = [
            0x12, 0x01, // bLength, bDescriptorType
            0x00, 0x02, 0xEF, 0x02, 0x01, 64u8,
            0x09_u8, 0x12, 0x01, 0x00, 0x00, 0x01, 1, 2, 3, 1,
        ];
        static CONFIG: &[u8] = &[9, 2, 18, 0, 1, 1, 0, 0x80, 0x32, /* interface */ 9, 4, 0, 0, 0, 0xff, 0, 0, 0];
        """
        let r = DescriptorReader.read(bytes: Array(rs.utf8), name: "d.rs")
        #expect(!r.hasErrors, "\(r.diagnostics)")
        #expect(r.devices.first?.encoded() == Self.deviceBytes + Self.configBytes)
        #expect(r.devices.first?.configurations.first?.descriptor.location.line == 7)
        let rep = DescriptorReader.read(bytes: Array("const D: [u8; 18] = [0x12, 0x01, [0; 16]];".utf8), name: "r.rs")
        #expect(rep.devices.first?.device?.bytes == [0x12, 0x01] + [UInt8](repeating: 0, count: 16))
        let expr = DescriptorReader.read(bytes: Array("const D: [u8; 2] = [\n  (LEN & 0xff) as u8, 1];".utf8), name: "e.rs")
        #expect(expr.diagnostics.first?.message.contains("is not a byte literal") == true && expr.diagnostics.first?.location.line == 2)
    }
}
