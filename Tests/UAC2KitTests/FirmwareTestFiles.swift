import Foundation
@testable import UAC2Kit

/// Builds the demo firmware (Tests/firmware/demo-uac2, our own source) with the host `cc` and with
/// Debian's arm-none-eabi-gcc into every form uac2 reads, once per test run, in a temporary folder.
enum FirmwareTestFiles {
    static let source = Fixtures.root.appendingPathComponent("Tests/firmware/demo-uac2")
    static let include = source.appendingPathComponent("include").path
    static let symbols = ["demo_desc_device", "demo_desc_fs_configuration", "demo_desc_hs_configuration", "demo_desc_device_qualifier"]

    struct Build: Sendable {
        let dir: String
        /// form name -> file, e.g. "arm.elf", "arm.hex", "host.o".
        let files: [String: String]
        /// Array name -> bytes, as a host program built from the same source prints them.
        let arrays: [String: [UInt8]]
        let missing: [String]
    }

    static func tool(_ name: String) -> String? {
        for d in ["/usr/bin", "/usr/local/bin", "/bin"] where FileManager.default.isExecutableFile(atPath: "\(d)/\(name)") { return "\(d)/\(name)" }
        return nil
    }

    static func sh(_ cmd: String) throws -> ProcessRun {
        let r = try Fixtures.run("/bin/sh", ["-c", cmd])
        if r.status != 0 { throw FixtureError("`\(cmd)` failed (\(r.status)): \(r.err.prefix(600))") }
        return r
    }

    static let built: Result<Build, FixtureError> = {
        do { return .success(try make()) } catch let e as FixtureError { return .failure(e) } catch { return .failure(FixtureError("\(error)")) }
    }()

    static func build() throws -> Build { try built.get() }

    static func make() throws -> Build {
        let dir = NSTemporaryDirectory() + "uac2-fw-\(getpid())"
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let src = source.appendingPathComponent("usb_descriptors.c").path
        var files: [String: String] = [:]
        var missing: [String] = []
        guard tool("cc") != nil else { throw FixtureError("no host cc") }
        _ = try sh("cc -O0 -c -I\(include) -DDEMO_MCU=DEMO_MCU_HOST \(src) -o \(dir)/host.o")
        files["host.o"] = "\(dir)/host.o"
        _ = try sh("cc -O0 -I\(include) -I\(source.path) -DDEMO_MCU=DEMO_MCU_HOST \(source.path)/dump_arrays.c -o \(dir)/dump")
        let dump = try sh("\(dir)/dump").out
        var arrays: [String: [UInt8]] = [:]
        for line in dump.split(separator: "\n") {
            let parts = line.split(separator: " ")
            arrays[String(parts[0])] = parts.dropFirst().map { UInt8($0, radix: 16)! }
        }
        // 64-bit big endian: no such compiler here and objcopy will not change byte order, so the host
        // object's headers, symbols and relocations are byte-swapped (data stays: descriptors are
        // byte arrays, and USB words are little endian on every CPU); readelf must then agree.
        let host = [UInt8](FileManager.default.contents(atPath: "\(dir)/host.o") ?? Data())
        if let be = elf64ToBigEndian(host, machine: 43) {
            try Data(be).write(to: URL(fileURLWithPath: "\(dir)/host-be64.o"))
            let syms = try sh("readelf -sW \(dir)/host-be64.o").out
            if syms.contains("demo_desc_hs_configuration") { files["be64.o"] = "\(dir)/host-be64.o" } else { missing.append("be64.o (readelf disagrees)") }
        } else {
            missing.append("be64.o")
        }
        if tool("arm-none-eabi-gcc") != nil {
            let arm = "arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -O2 -I\(include) -DDEMO_MCU=DEMO_MCU_CORTEX_M"
            _ = try sh("\(arm) -c \(src) -o \(dir)/arm.o")
            _ = try sh("\(arm) -mbig-endian -c \(src) -o \(dir)/arm-be.o")
            _ = try sh("\(arm) -nostdlib -Wl,--entry=Reset_Handler -Wl,-Ttext=0x08000000 -Wl,-Tdata=0x20000000 \(src) -o \(dir)/arm.elf")
            _ = try sh("arm-none-eabi-objcopy -O ihex \(dir)/arm.elf \(dir)/arm.hex")
            _ = try sh("arm-none-eabi-objcopy -O binary \(dir)/arm.elf \(dir)/arm.bin")
            _ = try sh("python3 \(Fixtures.root.path)/Tools/uf2/bin2uf2 --family 0xE48BFF56 --payload 256 0x08000000 \(dir)/arm.bin \(dir)/arm.uf2")
            for f in ["arm.o", "arm-be.o", "arm.elf", "arm.hex", "arm.bin", "arm.uf2"] { files[f] = "\(dir)/\(f)" }
        } else {
            missing += ["arm-none-eabi-gcc"]
        }
        if tool("riscv64-unknown-elf-gcc") != nil {
            // No C library in Debian's bare-metal RISC-V package: freestanding, as firmware is.
            let rv = "riscv64-unknown-elf-gcc -ffreestanding -O2 -I\(include) -DDEMO_MCU=DEMO_MCU_HOST"
            _ = try sh("\(rv) -march=rv32imac -mabi=ilp32 -c \(src) -o \(dir)/rv32.o")
            _ = try sh("\(rv) -c \(src) -o \(dir)/rv64.o")
            files["rv32.o"] = "\(dir)/rv32.o"; files["rv64.o"] = "\(dir)/rv64.o"
        } else {
            missing.append("riscv64-unknown-elf-gcc")
        }
        if tool("xtensa-lx106-elf-as") != nil {
            // Debian has the Xtensa assembler only: the host-printed arrays as data objects.
            var asm = "    .section .rodata\n"
            for (name, bytes) in arrays.sorted(by: { $0.key < $1.key }) {
                asm += "    .global \(name)\n    .type \(name), @object\n    .size \(name), \(bytes.count)\n\(name):\n"
                asm += "    .byte " + bytes.map { "0x" + String($0, radix: 16) }.joined(separator: ", ") + "\n"
            }
            try asm.write(toFile: "\(dir)/xtensa.s", atomically: true, encoding: .utf8)
            _ = try sh("xtensa-lx106-elf-as \(dir)/xtensa.s -o \(dir)/xtensa.o")
            files["xtensa.o"] = "\(dir)/xtensa.o"
        } else {
            missing.append("xtensa-lx106-elf-as")
        }
        return Build(dir: dir, files: files, arrays: arrays, missing: missing)
    }

    static func read(_ path: String, format: InputFormat? = nil, symbols: [String] = []) -> DecodedInput {
        let bytes = [UInt8](FileManager.default.contents(atPath: path) ?? Data())
        return DescriptorReader.read(bytes: bytes, name: path, format: format, symbols: symbols)
    }

    /// A 64-bit little-endian relocatable object rewritten in big-endian order: ELF header, section
    /// headers, symbol tables and RELA entries swapped field by field; section data unchanged.
    static func elf64ToBigEndian(_ b: [UInt8], machine: UInt16) -> [UInt8]? {
        guard b.count > 64, b[4] == 2, b[5] == 1 else { return nil }
        var o = b
        func le(_ at: Int, _ w: Int) -> UInt64 { (0..<w).reduce(UInt64(0)) { $0 | UInt64(b[at + $1]) << (8 * UInt64($1)) } }
        func swap(_ at: Int, _ w: Int) { let v = le(at, w); for i in 0..<w { o[at + i] = UInt8(truncatingIfNeeded: v >> (8 * UInt64(w - 1 - i))) } }
        func fields(_ at: Int, _ widths: [Int]) { var p = at; for w in widths { swap(p, w); p += w } }
        o[5] = 2
        fields(16, [2, 2, 4, 8, 8, 8, 4, 2, 2, 2, 2, 2, 2])
        o[18] = UInt8(machine >> 8); o[19] = UInt8(machine & 0xFF)
        let shoff = Int(le(40, 8)), shnum = Int(le(60, 2))
        for i in 0..<shnum {
            let h = shoff + i * 64
            let type = le(h + 4, 4), off = Int(le(h + 24, 8)), size = Int(le(h + 32, 8))
            fields(h, [4, 4, 8, 8, 8, 8, 4, 4, 8, 8])
            if type == 2 { for e in stride(from: off, to: off + size, by: 24) { fields(e, [4, 1, 1, 2, 8, 8]) } }
            if type == 4 { for e in stride(from: off, to: off + size, by: 24) { fields(e, [8, 8, 8]) } }
        }
        return o
    }

    // MARK: hand-made containers for bad-input tests

    /// A 32-bit little-endian ELF header alone, whose section table would start at `sectionTableAt`.
    static func elfHeaderOnly(sectionTableAt: UInt32, sections: UInt16) -> [UInt8] {
        var h = [UInt8](repeating: 0, count: 52)
        h[0...6] = [0x7F, 0x45, 0x4C, 0x46, 1, 1, 1]
        h[16] = 1; h[18] = 40; h[20] = 1                  // ET_REL, EM_ARM, EV_CURRENT
        put32(&h, 32, sectionTableAt)
        h[40] = 52; h[46] = 40                             // e_ehsize, e_shentsize
        h[48] = UInt8(sections & 0xFF); h[49] = UInt8(sections >> 8)
        return h
    }

    /// UF2 blocks (target address, payload), numbered in order.
    static func uf2(blocks: [(UInt32, [UInt8])]) -> [UInt8] {
        var out: [UInt8] = []
        for (n, (address, data)) in blocks.enumerated() {
            var b = [UInt8](repeating: 0, count: 512)
            for (o, v) in [(0, UInt32(0x0A32_4655)), (4, 0x9E5D_5157), (12, address), (16, UInt32(data.count)),
                           (20, UInt32(n)), (24, UInt32(blocks.count)), (508, 0x0AB1_6F30)] { put32(&b, o, v) }
            b.replaceSubrange(32..<(32 + data.count), with: data)
            out += b
        }
        return out
    }

    static func put32(_ b: inout [UInt8], _ o: Int, _ v: UInt32) {
        for i in 0..<4 { b[o + i] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(i))) }
    }
}
