import Foundation
import Testing
@testable import UAC2Kit

/// Damaged firmware files: ELF, Intel HEX and UF2 cut at every structure boundary, lying section sizes
/// and offsets, bad checksums and magics. Each gives errors at a byte offset or line, keeps what it
/// read before, and never yields bytes that are not the demo firmware's own.
@Suite struct FirmwareBadInputTests {
    static func bytes(_ form: String) throws -> [UInt8] {
        let b = try FirmwareTestFiles.build()
        let path = try #require(b.files[form], "\(form) not built: \(b.missing)")
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Whatever was decoded is the demo's: the device array, and configurations that are one of its arrays.
    static func expectOnlyDemoBytes(_ r: DecodedInput, _ what: String) throws {
        let a = try FirmwareTestFiles.build().arrays
        for d in r.devices {
            if let dev = d.device { #expect(dev.bytes == a["demo_desc_device"]!, "\(what): device bytes") }
            for c in d.configurations {
                let bytes = c.sequence.flatMap(\.bytes)
                let fs = a["demo_desc_fs_configuration"]!, hs = a["demo_desc_hs_configuration"]!
                if bytes == fs || bytes == hs { continue }
                // A configuration cut by the end of the data: a prefix of one, with an error saying so.
                #expect(fs.starts(with: bytes) || hs.starts(with: bytes), "\(what): configuration of \(bytes.count) B")
                #expect(r.diagnostics.contains { $0.severity == .error && $0.message.contains("declares wTotalLength \(fs.count), but the image's data ends \(bytes.count) bytes into it") },
                        "\(what): cut configuration of \(bytes.count) B without an error")
            }
        }
    }

    /// Structure boundaries as binutils' readelf sees them: header end, each section header, each
    /// section's start and end.
    static func elfBoundaries(_ path: String) throws -> [Int] {
        let h = try FirmwareTestFiles.sh("readelf -hW \(path)").out
        func field(_ name: String) -> Int? {
            h.split(separator: "\n").first { $0.contains(name) }.flatMap { l in
                l.split(separator: ":").last?.split(separator: " ").first.flatMap { Int($0) }
            }
        }
        let shoff = try #require(field("Start of section headers"))
        let shsize = try #require(field("Size of section headers"))
        let shnum = try #require(field("Number of section headers"))
        let ehsize = try #require(field("Size of this header"))
        var out = [4, 16, ehsize] + (0...shnum).map { shoff + $0 * shsize }
        for l in try FirmwareTestFiles.sh("readelf -SW \(path)").out.split(separator: "\n") where l.contains("] ") {
            let cols = l.split(separator: "]", maxSplits: 1)[1].split(separator: " ")
            // Name Type Address Off Size ...
            guard cols.count > 4, let off = Int(cols[3], radix: 16), let size = Int(cols[4], radix: 16) else { continue }
            if cols[1] != "NOBITS" { out += [off, off + size] }
        }
        return Array(Set(out.flatMap { [$0 - 1, $0, $0 + 1] })).filter { $0 > 0 }.sorted()
    }

    @Test(arguments: ["host.o", "arm-be.o", "arm.elf", "rv64.o"])
    func elfCutAtEveryBoundary(form: String) throws {
        let full = try Self.bytes(form)
        let path = try #require(try FirmwareTestFiles.build().files[form])
        let cuts = try Self.elfBoundaries(path).filter { $0 < full.count }
        #expect(cuts.count > 20, "\(form): only \(cuts.count) boundaries")
        let shoff = Int(full[4] == 2 ? 40 : 32)
        for cut in cuts {
            let r = DescriptorReader.read(bytes: Array(full.prefix(cut)), name: "cut", format: .elf)
            BadInput.expectErrorsLocated(r, "\(form) cut at \(cut)")
            try Self.expectOnlyDemoBytes(r, "\(form) cut at \(cut)")
            if cut < shoff + 8 { #expect(r.hasErrors && r.devices.isEmpty, "\(form) cut at \(cut): header cut, yet read") }
        }
    }

    /// The section header of the section holding the descriptors claims a size past the end of the
    /// file: the section is skipped with an error at its header; the other sections are still read.
    @Test func lyingSectionSizeAndOffset() throws {
        var b = try Self.bytes("arm.elf")
        // ELF32 LE: e_shoff at 32, e_shentsize at 46; sh_size at +20, sh_offset at +16.
        func u32(_ o: Int) -> Int { Int(b[o]) | Int(b[o + 1]) << 8 | Int(b[o + 2]) << 16 | Int(b[o + 3]) << 24 }
        let shoff = u32(32)
        let rodata = shoff + 2 * 40                    // section 2: .rodata after NULL and .text
        let r0 = DescriptorReader.read(bytes: b, name: "ok", format: .elf)
        #expect(r0.devices.count == 2)
        FirmwareTestFiles.put32(&b, rodata + 20, 0x7FFF_FFF0)
        let r = DescriptorReader.read(bytes: b, name: "lying size", format: .elf)
        let e = try #require(r.diagnostics.first { $0.severity == .error })
        #expect(e.message.contains("section .rodata claims 2147483632 bytes") && e.message.contains("lying section size"), "\(e)")
        #expect(e.location.offset == rodata)
        #expect(r.devices.isEmpty)
        // An offset beyond the file, and a section table beyond the file.
        var c = try Self.bytes("arm.elf")
        FirmwareTestFiles.put32(&c, rodata + 16, 0xFFFF_FF00)
        let r2 = DescriptorReader.read(bytes: c, name: "lying offset", format: .elf)
        #expect(r2.diagnostics.contains { $0.severity == .error && $0.location.offset == rodata })
        var d = try Self.bytes("arm.elf")
        FirmwareTestFiles.put32(&d, 32, 0xFFFF_0000)
        let r3 = DescriptorReader.read(bytes: d, name: "lying shoff", format: .elf)
        let e3 = try #require(r3.diagnostics.first)
        #expect(e3.message.contains("the section header table") && e3.location.offset != nil, "\(e3)")
        var f = try Self.bytes("arm.elf")
        f[46] = 8; f[47] = 0                           // e_shentsize 8
        let r4 = DescriptorReader.read(bytes: f, name: "small shentsize", format: .elf)
        #expect(r4.diagnostics.first?.message.contains("e_shentsize 8 is smaller than a 32-bit section header") == true)
        #expect(r4.diagnostics.first?.location.offset == 46)
    }

    @Test func elfWithSingleByteDamageNeverCrashes() throws {
        let full = try Self.bytes("arm.o")
        var noise = BadInput.Noise(seed: 5)
        for i in 0..<2000 {
            var b = full
            let at = Int(noise.next() % UInt64(b.count))
            b[at] = UInt8(truncatingIfNeeded: noise.next())
            let r = DescriptorReader.read(bytes: b, name: "flip", format: .elf)
            BadInput.expectErrorsLocated(r, "flip \(i) at \(at)")
        }
    }

    @Test func intelHexCutAtEveryRecordAndMidRecord() throws {
        // objcopy ends records with CR LF.
        let text = String(decoding: try Self.bytes("arm.hex"), as: UTF8.self)
        let lines = text.split(whereSeparator: \.isNewline)
        #expect(lines.count > 15)
        for n in 1..<lines.count {
            let whole = lines.prefix(n).joined(separator: "\r\n") + "\r\n"
            let r = DescriptorReader.read(bytes: Array(whole.utf8), name: "cut", format: .ihex)
            BadInput.expectErrorsLocated(r, "hex cut after line \(n)")
            try Self.expectOnlyDemoBytes(r, "hex cut after line \(n)")
            if n < lines.count - 1 {
                #expect(r.diagnostics.contains { $0.severity == .warning && $0.message.contains("no end-of-file record") }, "cut after \(n)")
            }
            // Half of the next record: an error on that line.
            let next = lines[n]
            guard next.count > 4 else { continue }
            let half = whole + next.prefix(next.count / 2)
            let h = DescriptorReader.read(bytes: Array(half.utf8), name: "half", format: .ihex)
            let e = try #require(h.diagnostics.first { $0.severity == .error }, "half record at line \(n + 1)")
            #expect(e.location.line == n + 1, "\(e)")
            try Self.expectOnlyDemoBytes(h, "half record at line \(n + 1)")
        }
    }

    @Test func intelHexBadChecksumAndBadDigit() throws {
        var lines = String(decoding: try Self.bytes("arm.hex"), as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init)
        let k = 5
        var l = Array(lines[k - 1])
        let last = l.count - 1
        l[last] = l[last] == "0" ? "1" : "0"
        lines[k - 1] = String(l)
        let r = DescriptorReader.read(bytes: Array(lines.joined(separator: "\n").utf8), name: "sum", format: .ihex)
        let e = try #require(r.diagnostics.first { $0.severity == .error })
        #expect(e.message.contains("bad checksum") && e.location.line == k, "\(e)")
        let g = DescriptorReader.read(bytes: Array(":10000000G0\n".utf8), name: "digit", format: .ihex)
        #expect(g.diagnostics.first?.message.contains("is not a hex digit") == true && g.diagnostics.first?.location.line == 1)
        let len = DescriptorReader.read(bytes: Array(":0500000012010002E7\n".utf8), name: "len", format: .ihex)
        #expect(len.diagnostics.first?.message == "record says 5 data bytes but holds 4")
    }

    @Test func uf2CutAtEveryBlockAndMidBlock() throws {
        let full = try Self.bytes("arm.uf2")
        let blocks = full.count / 512
        #expect(blocks >= 2)
        for n in 0..<blocks {
            for cut in [n * 512, n * 512 + 31, n * 512 + 100, n * 512 + 508] where cut > 0 {
                let r = DescriptorReader.read(bytes: Array(full.prefix(cut)), name: "cut", format: .uf2)
                BadInput.expectErrorsLocated(r, "uf2 cut at \(cut)")
                try Self.expectOnlyDemoBytes(r, "uf2 cut at \(cut)")
                if cut % 512 != 0 {
                    #expect(r.diagnostics.contains { $0.severity == .error && $0.message.contains("block \(n) is cut short") && $0.location.offset == n * 512 })
                } else {
                    #expect(r.diagnostics.contains { $0.message.contains("of \(blocks) blocks are missing") })
                }
            }
        }
    }

    @Test func uf2BadMagicAndLyingPayload() throws {
        var b = try Self.bytes("arm.uf2")
        b[512 + 4] ^= 0xFF
        let r = DescriptorReader.read(bytes: b, name: "magic", format: .uf2)
        let e = try #require(r.diagnostics.first { $0.severity == .error })
        #expect(e.message.contains("block 1 has no UF2 start magic") && e.location.offset == 512)
        var c = try Self.bytes("arm.uf2")
        FirmwareTestFiles.put32(&c, 16, 477)
        let r2 = DescriptorReader.read(bytes: c, name: "payload", format: .uf2)
        #expect(r2.diagnostics.first?.message.contains("payloadSize 477") == true && r2.diagnostics.first?.location.offset == 16)
        var d = try Self.bytes("arm.uf2")
        d[508] ^= 1
        let r3 = DescriptorReader.read(bytes: d, name: "end magic", format: .uf2)
        #expect(r3.diagnostics.first?.location.offset == 508)
    }
}
