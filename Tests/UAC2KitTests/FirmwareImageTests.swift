import Foundation
import Testing
@testable import UAC2Kit

/// The demo firmware built by host cc and arm-none-eabi-gcc, read back from every form (objects,
/// linked ELF, Intel HEX from objcopy, UF2 from Tools/uf2/bin2uf2, raw .bin): each descriptor set is
/// found with the bytes a host program built from the same source prints, by scan and by symbol.
@Suite struct FirmwareImageTests {
    /// A set reduced to what the arrays give: which configuration array it holds, and its bytes.
    struct SetBytes: Hashable, CustomStringConvertible {
        var device: [UInt8]
        var configuration: String
        var qualifier: [UInt8]
        var description: String { "device \(device.count) B + \(configuration) + qualifier \(qualifier.count) B" }
    }

    static func sets(_ r: DecodedInput, _ arrays: [String: [UInt8]]) -> [SetBytes] {
        r.devices.map { d in
            let config = d.configurations.map { $0.sequence.flatMap(\.bytes) }.first ?? []
            let name = arrays.first { $0.value == config }?.key ?? "unknown configuration of \(config.count) B"
            return SetBytes(device: d.device?.bytes ?? [], configuration: name, qualifier: d.qualifier?.bytes ?? [])
        }
    }

    static func expected(_ a: [String: [UInt8]]) -> Set<SetBytes> {
        [SetBytes(device: a["demo_desc_device"]!, configuration: "demo_desc_fs_configuration", qualifier: a["demo_desc_device_qualifier"]!),
         SetBytes(device: a["demo_desc_device"]!, configuration: "demo_desc_hs_configuration", qualifier: a["demo_desc_device_qualifier"]!)]
    }

    /// Findings keyed by the configuration array of the set they are in (set order differs by form).
    static func findings(_ r: DecodedInput, _ arrays: [String: [UInt8]], speed: USBSpeed? = nil) -> [String] {
        let names = sets(r, arrays).map(\.configuration)
        return RuleEngine.check(r, options: CheckOptions(speed: speed)).findings.map { f in
            "\(f.location.device.map { names[$0] } ?? "-") \(f.ruleID) \(f.message)"
        }.sorted()
    }

    @Test func arraysOfTheDemoSourceAreWhatTheTestsExpect() throws {
        let b = try FirmwareTestFiles.build()
        #expect(b.arrays["demo_desc_device"]?.count == 18)
        #expect(b.arrays["demo_desc_device"]?.prefix(4) == [0x12, 0x01, 0x00, 0x02])
        #expect(b.arrays["demo_desc_fs_configuration"]?.count == 127)
        #expect(b.arrays["demo_desc_hs_configuration"]?.count == 127)
        // wMaxPacketSize: 1023 at full speed, 7 x 12 x 2 = 168 at high speed (bytes 116-117 of 127).
        #expect(b.arrays["demo_desc_fs_configuration"]?[116...117] == [0xFF, 0x03])
        #expect(b.arrays["demo_desc_hs_configuration"]?[116...117] == [0xA8, 0x00])
        #expect(b.missing.isEmpty, "not built: \(b.missing)")
    }

    @Test(arguments: ["host.o", "be64.o", "arm.o", "arm-be.o", "arm.elf", "rv32.o", "rv64.o", "xtensa.o", "arm.hex", "arm.uf2", "arm.bin"])
    func scanFindsEverySet(form: String) throws {
        let b = try FirmwareTestFiles.build()
        let path = try #require(b.files[form], "\(form) was not built: \(b.missing)")
        let r = FirmwareTestFiles.read(path, format: form.hasSuffix(".bin") ? .bin : nil)
        let want: InputFormat = form.hasSuffix(".hex") ? .ihex : form.hasSuffix(".uf2") ? .uf2 : form.hasSuffix(".bin") ? .bin : .elf
        #expect(r.format == want)
        #expect(!r.hasErrors, "\(form): \(r.diagnostics)")
        #expect(Set(Self.sets(r, b.arrays)) == Self.expected(b.arrays), "\(form): \(Self.sets(r, b.arrays))")
        #expect(r.devices.count == 2)
        // The container as the note names it: class, byte order, type and machine.
        let kinds = ["host.o": "ELF 64-bit little endian relocatable object, x86-64", "be64.o": "ELF 64-bit big endian relocatable object, machine 43",
                     "arm-be.o": "ELF 32-bit big endian relocatable object, ARM", "arm.elf": "ELF 32-bit little endian executable, ARM",
                     "rv32.o": "ELF 32-bit little endian relocatable object, RISC-V", "rv64.o": "ELF 64-bit little endian relocatable object, RISC-V",
                     "xtensa.o": "ELF 32-bit little endian relocatable object, Xtensa", "arm.hex": "Intel HEX image", "arm.uf2": "UF2 image"]
        if let k = kinds[form] { #expect(r.diagnostics.contains { $0.message.hasPrefix("\(k): 2 descriptor set(s) found by scanning") }, "\(form): \(r.diagnostics)") }
    }

    @Test(arguments: ["host.o", "be64.o", "arm.o", "arm-be.o", "arm.elf", "rv32.o", "rv64.o", "xtensa.o"])
    func bySymbolGivesTheSameSetsAndFindingsAsTheScan(form: String) throws {
        let b = try FirmwareTestFiles.build()
        let path = try #require(b.files[form])
        let scanned = FirmwareTestFiles.read(path)
        let named = FirmwareTestFiles.read(path, symbols: FirmwareTestFiles.symbols)
        #expect(!named.hasErrors, "\(form): \(named.diagnostics)")
        #expect(Set(Self.sets(named, b.arrays)) == Self.expected(b.arrays))
        // Labels name the symbols; the names give each set its speed.
        let labels = named.devices.compactMap(\.label).sorted()
        #expect(labels.count == 2 && labels.allSatisfy { $0.hasPrefix("demo_desc_device (") && $0.contains("demo_desc_device_qualifier") })
        let speeds = Dictionary(uniqueKeysWithValues: named.devices.map { (Self.sets(DecodedInput(name: "", format: .elf, devices: [$0], diagnostics: []), b.arrays)[0].configuration, $0.speed) })
        #expect(speeds["demo_desc_fs_configuration"] == .full)
        #expect(speeds["demo_desc_hs_configuration"] == .high)
        let f = Self.findings(named, b.arrays)
        #expect(f == Self.findings(scanned, b.arrays))
        // The full-speed set carries the headline case: 12 ch x 16 bit at 48 kHz = 1176 B > 1023 B.
        #expect(f.contains { $0.hasPrefix("demo_desc_fs_configuration UAC-BW-001") && $0.contains("1176 B") })
        #expect(!f.contains { $0.hasPrefix("demo_desc_hs_configuration UAC-BW-001") })
    }

    /// Every ELF form gives the same findings; the address-mapped forms, with no names to give the
    /// speed, give the same findings as the ELF forms once the speed is fixed.
    @Test func sameFindingsInEveryForm() throws {
        let b = try FirmwareTestFiles.build()
        let elf = ["host.o", "be64.o", "arm.o", "arm-be.o", "arm.elf", "rv32.o", "rv64.o", "xtensa.o"].compactMap { b.files[$0] }
        #expect(elf.count == 8, "not built: \(b.missing)")
        let reference = Self.findings(FirmwareTestFiles.read(elf[0]), b.arrays)
        #expect(!reference.isEmpty)
        for p in elf.dropFirst() { #expect(Self.findings(FirmwareTestFiles.read(p), b.arrays) == reference, "\(p)") }
        for speed in [USBSpeed.full, .high] {
            let ref = Self.findings(FirmwareTestFiles.read(elf[0]), b.arrays, speed: speed)
            for form in ["arm.hex", "arm.uf2", "arm.bin", "arm.elf"] {
                let p = try #require(b.files[form])
                #expect(Self.findings(FirmwareTestFiles.read(p, format: form.hasSuffix(".bin") ? .bin : nil), b.arrays, speed: speed) == ref, "\(form) at \(speed)")
            }
        }
    }

    /// Without names (HEX), each of the two sets may be either speed: the shared qualifier does not
    /// make both the high-speed one.
    @Test func unnamedSpeedVariantsStayOpen() throws {
        let b = try FirmwareTestFiles.build()
        let hex = FirmwareTestFiles.read(try #require(b.files["arm.hex"]))
        #expect(hex.devices.count == 2)
        for d in hex.devices {
            let j = SpeedJudgement.judge(d)
            #expect(j.speeds == [.full, .high], "\(j.reason)")
            #expect(j.reason.contains("2 configurations with the same bConfigurationValue, one per speed"))
        }
        let elf = FirmwareTestFiles.read(try #require(b.files["arm.elf"]))
        #expect(Set(elf.devices.map { SpeedJudgement.judge($0).speeds }) == [[.full], [.high]])
    }

    @Test func speedFromConfigurationNames() {
        let cases: [(String, USBSpeed?)] = [
            ("desc_fs_configuration", .full), ("desc_hs_configuration", .high), ("ConfigDescHighSpeed", .high),
            ("usb_config_descriptor_480", .high), ("usb_config_descriptor_12", .full), ("hsConfig", .high),
            ("desc_configuration", nil), ("desc_uac2_configuration", nil), ("fs_hs_config", nil), ("offset_config", nil)]
        for (name, want) in cases { #expect(FirmwareDescriptorSets.speed(ofName: name) == want, "\(name)") }
    }

    @Test func labelsGiveSymbolSectionAndAddress() throws {
        let b = try FirmwareTestFiles.build()
        let elf = FirmwareTestFiles.read(try #require(b.files["arm.elf"]))
        let hs = try #require(elf.devices.first { $0.label?.contains("demo_desc_hs_configuration") == true }?.label)
        // Linked at 0x08000000: .rodata follows the 4-byte .text (Reset_Handler).
        #expect(hs.contains("demo_desc_hs_configuration (.rodata, 0x080000"), "\(hs)")
        let obj = FirmwareTestFiles.read(try #require(b.files["host.o"]))
        #expect(obj.devices.allSatisfy { $0.label?.contains("(.rodata+0x") == true }, "\(obj.devices.map(\.label))")
        let hex = FirmwareTestFiles.read(try #require(b.files["arm.hex"]))
        #expect(hex.devices.allSatisfy { $0.label?.contains("(flash)") == true && $0.label?.contains("0x080000") == true })
        // Intel HEX descriptors point at the record's line; UF2 at the byte in the UF2 file.
        #expect(hex.devices[0].device?.location.line != nil)
        let uf2 = FirmwareTestFiles.read(try #require(b.files["arm.uf2"]))
        let off = try #require(uf2.devices[0].device?.location.offset)
        let uf2Bytes = [UInt8](FileManager.default.contents(atPath: b.files["arm.uf2"]!)!)
        #expect(Array(uf2Bytes[off..<(off + 18)]) == b.arrays["demo_desc_device"]!)
    }

    @Test func symbolInBssAndUnknownSymbolAreLocatedErrors() throws {
        let b = try FirmwareTestFiles.build()
        let p = try #require(b.files["host.o"])
        let bss = FirmwareTestFiles.read(p, symbols: ["demo_desc_other_speed_config"])
        #expect(bss.diagnostics.contains { $0.severity == .error && $0.message.contains("is in .bss") && $0.location.offset == 0 })
        let unknown = FirmwareTestFiles.read(p, symbols: ["desc_configuration"])
        let e = try #require(unknown.diagnostics.first { $0.severity == .error })
        #expect(e.message.contains("no data symbol desc_configuration") && e.message.contains("demo_desc_fs_configuration"))
        let hex = FirmwareTestFiles.read(try #require(b.files["arm.hex"]), symbols: ["demo_desc_device"])
        #expect(hex.diagnostics.contains { $0.severity == .error && $0.message.contains("--symbol needs an ELF file") })
    }

    @Test func checkCommandOnTheImage() throws {
        let b = try FirmwareTestFiles.build()
        let r = try Fixtures.uac2(["check", "--host", "linux", try #require(b.files["arm.elf"])])
        #expect(r.status == 2, "\(r.out)\(r.err)")
        #expect(r.out.contains("demo_desc_fs_configuration (.rodata, 0x080000") && r.out.contains("at full speed"))
        #expect(r.out.contains("UAC-BW-001"))
        let sym = try Fixtures.uac2(["decode", "--no-bandwidth", "--symbol", "demo_desc_device", "--symbol", "demo_desc_hs_configuration", try #require(b.files["arm.o"])])
        #expect(sym.status == 0, "\(sym.out)\(sym.err)")
        #expect(sym.out.contains("demo_desc_device (.rodata+0x") && sym.out.contains("+ demo_desc_hs_configuration"))
        let hex = try Fixtures.uac2(["check", "--format", "ihex", try #require(b.files["arm.hex"])])
        #expect(hex.out.contains("(ihex)"), "\(hex.out)")
    }

    /// A descriptor byte the linker fills in (`.byte` of an undefined symbol: an R_ARM_ABS8 relocation)
    /// is a warning at that byte: the object holds a placeholder there.
    @Test func relocationInsideADescriptorIsAWarning() throws {
        try #require(FirmwareTestFiles.tool("arm-none-eabi-as") != nil)
        let dir = NSTemporaryDirectory() + "uac2-fw-rel-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try """
            .section .rodata
            .global dev
            .type dev, %object
            .size dev, 18
        dev:
            .byte 18, 1, 0, 2, 0, 0, 0, 64, 0x09, 0x12, 0x01, 0x00, 0x00, 0x01, 1
            .byte product_string_index
            .byte 0, 1
        """.write(toFile: "\(dir)/rel.s", atomically: true, encoding: .utf8)
        _ = try FirmwareTestFiles.sh("arm-none-eabi-as \(dir)/rel.s -o \(dir)/rel.o")
        let relocs = try FirmwareTestFiles.sh("readelf -rW \(dir)/rel.o").out
        #expect(relocs.contains("R_ARM_ABS8") && relocs.contains("0000000f"), "\(relocs)")
        let r = FirmwareTestFiles.read("\(dir)/rel.o")
        #expect(r.devices.count == 1 && r.devices.first?.idVendor == 0x1209)
        let w = try #require(r.diagnostics.first { $0.severity == .warning })
        #expect(w.message.hasPrefix("dev has bytes the linker patches (a relocation at .rodata+0xf)"), "\(w)")
        let rodata = try #require(r.devices.first?.device?.location.offset)
        #expect(w.location.offset == rodata + 15)
    }

    // MARK: nothing to find

    @Test func imageWithoutDescriptorsFindsNothing() throws {
        let dir = NSTemporaryDirectory() + "uac2-fw-none-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "const unsigned char table[] = {1, 2, 3, 4, 9, 2, 18, 1, 0, 2};\nint counter = 5;\n".write(toFile: "\(dir)/none.c", atomically: true, encoding: .utf8)
        _ = try FirmwareTestFiles.sh("cc -O0 -c \(dir)/none.c -o \(dir)/none.o")
        let r = try Fixtures.uac2(["check", "\(dir)/none.o"])
        #expect(r.status == 65, "\(r.out)")
        let text = r.out.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        #expect(text.contains("no USB descriptors found in this ELF 64-bit little endian relocatable object, x86-64"), "\(r.out)")
    }

    @Test func megabyteOfRandomDataHasNoDescriptors() throws {
        var noise = BadInput.Noise(seed: 20)
        let bytes = noise.bytes(1 << 20)
        let r = DescriptorReader.read(bytes: bytes, name: "noise", format: .bin)
        #expect(r.devices.isEmpty, "false sets: \(r.devices.map(\.label))")
        #expect(r.diagnostics.contains { $0.severity == .error && $0.message.hasPrefix("no USB descriptors found") })
        let path = NSTemporaryDirectory() + "uac2-noise-1m-\(getpid()).bin"
        defer { unlink(path) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let cli = try Fixtures.uac2(["check", path])        // detected as a firmware image
        #expect(cli.status == 65)
        #expect(cli.out.contains("(bin)") && cli.out.contains("no USB descriptors found"), "\(cli.out)")
    }

    /// The demo's arrays dropped at odd offsets into the same megabyte: found exactly, nothing else.
    @Test func descriptorsInsideRandomDataAreFoundExactly() throws {
        let a = try FirmwareTestFiles.build().arrays
        var noise = BadInput.Noise(seed: 21)
        var bytes = noise.bytes(1 << 20)
        let placed = [(100_001, "demo_desc_device"), (400_003, "demo_desc_hs_configuration"), (700_005, "demo_desc_device_qualifier")]
        for (o, n) in placed { bytes.replaceSubrange(o..<(o + a[n]!.count), with: a[n]!) }
        let r = DescriptorReader.read(bytes: bytes, name: "noise", format: .bin)
        #expect(r.devices.count == 1)
        #expect(r.devices.first?.label == "byte 0x186a1 of the .bin + byte 0x61a83 of the .bin + byte 0xaae65 of the .bin")
        #expect(Self.sets(r, a) == [SetBytes(device: a["demo_desc_device"]!, configuration: "demo_desc_hs_configuration", qualifier: a["demo_desc_device_qualifier"]!)])
    }
}
