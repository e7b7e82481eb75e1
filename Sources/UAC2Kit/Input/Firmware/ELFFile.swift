/// ELF executables and relocatable objects, 32 and 64 bit, either byte order (Cortex-M, RISC-V,
/// Xtensa, x86 host objects): section headers, the symbol table and relocation targets. Program
/// headers are not needed: descriptors are constant data, and sections say where data is.
/// Hand-written over a checked byte span (no ELF library is on the package list).
enum ELFFile {
    static let magic: [UInt8] = [0x7F, 0x45, 0x4C, 0x46]

    static let shtProgbits: UInt64 = 1, shtSymtab: UInt64 = 2, shtRela: UInt64 = 4, shtNobits: UInt64 = 8
    static let shtRel: UInt64 = 9
    static let shfAlloc: UInt64 = 0x2, shfCompressed: UInt64 = 0x800

    struct Section {
        var index: Int
        var name: String
        var type: UInt64
        var flags: UInt64
        var address: UInt64
        var offset: Int
        var size: Int
        var link: Int
        var info: Int
        var entrySize: Int
        var headerOffset: Int
    }

    static func machineName(_ m: Int) -> String {
        switch m {
        case 3: return "x86"
        case 62: return "x86-64"
        case 40: return "ARM"
        case 183: return "AArch64"
        case 243: return "RISC-V"
        case 94: return "Xtensa"
        case 8: return "MIPS"
        case 83: return "AVR"
        default: return "machine \(m)"
        }
    }

    /// Reads the image. Structural errors that make the file unreadable throw; damage confined to one
    /// section (data past the end of the file) becomes a diagnostic and the section is skipped.
    static func read(_ bytes: [UInt8]) throws -> (image: FirmwareImage, summary: String) {
        guard bytes.count >= 16, Array(bytes.prefix(4)) == magic else {
            throw FirmwareFormatError("not an ELF file (no \\x7FELF magic)", offset: 0)
        }
        let cls = Int(bytes[4]), data = Int(bytes[5])
        guard cls == 1 || cls == 2 else { throw FirmwareFormatError("ELF class \(cls) is neither 1 (32-bit) nor 2 (64-bit)", offset: 4) }
        guard data == 1 || data == 2 else { throw FirmwareFormatError("ELF data encoding \(data) is neither 1 (little endian) nor 2 (big endian)", offset: 5) }
        let is64 = cls == 2
        let s = FirmwareByteSpan(bytes, bigEndian: data == 2)
        let word = is64 ? 8 : 4
        func addr(_ o: Int, _ what: String) throws -> UInt64 { try s.uint(o, width: word, what) }

        let type = try s.u16(16, "e_type")
        let machine = try s.u16(18, "e_machine")
        let shoffAt = is64 ? 40 : 32
        let shoff = try s.index(try addr(shoffAt, "e_shoff"), at: shoffAt, "e_shoff")
        let tail = shoffAt + word + 4          // after e_flags
        let shentsize = try s.u16(tail + 6, "e_shentsize")
        var shnum = try s.u16(tail + 8, "e_shnum")
        var shstrndx = try s.u16(tail + 10, "e_shstrndx")
        let typeName = [1: "relocatable object", 2: "executable", 3: "shared object"][type] ?? "type \(type)"
        let summary = "ELF \(is64 ? 64 : 32)-bit \(data == 2 ? "big" : "little") endian \(typeName), \(machineName(machine))"
        guard shoff != 0 else {
            throw FirmwareFormatError("the ELF file has no section headers (e_shoff 0); uac2 finds data through sections", offset: shoffAt)
        }
        let wanted = is64 ? 64 : 40
        guard shentsize >= wanted else {
            throw FirmwareFormatError("e_shentsize \(shentsize) is smaller than a \(is64 ? 64 : 32)-bit section header (\(wanted) bytes)", offset: tail + 6)
        }
        // More than 0xff00 sections: the count and the string-table index live in section header 0.
        if shnum == 0 {
            shnum = try s.index(try addr(shoff + (is64 ? 32 : 20), "section 0 sh_size"), at: shoff, "section count")
        }
        if shstrndx == 0xFFFF { shstrndx = Int(try s.u32(shoff + (is64 ? 40 : 24), "section 0 sh_link")) }
        let (tableSize, o1) = shnum.multipliedReportingOverflow(by: shentsize)
        guard !o1 else { throw FirmwareFormatError("section header table size overflows", offset: tail + 8) }
        _ = try s.end(shoff, tableSize, "the section header table (\(shnum) x \(shentsize) bytes at e_shoff \(shoff))")

        var sections: [Section] = []
        for i in 0..<shnum {
            let h = shoff + i * shentsize
            let what = "section header \(i)"
            let sec = Section(
                index: i, name: "",
                type: try s.u32(h + 4, what),
                flags: is64 ? try s.u64(h + 8, what) : try s.u32(h + 8, what),
                address: try addr(is64 ? h + 16 : h + 12, what),
                offset: try s.index(try addr(is64 ? h + 24 : h + 16, what), at: h, "\(what) sh_offset"),
                size: try s.index(try addr(is64 ? h + 32 : h + 20, what), at: h, "\(what) sh_size"),
                link: Int(try s.u32(is64 ? h + 40 : h + 24, what)),
                info: Int(try s.u32(is64 ? h + 44 : h + 28, what)),
                entrySize: try s.index(try addr(is64 ? h + 56 : h + 36, what), at: h, "\(what) sh_entsize"),
                headerOffset: h)
            sections.append(sec)
        }
        var image = FirmwareImage()
        // Section names; a damaged string table leaves sections numbered rather than failing the file.
        var names: ArraySlice<UInt8> = []
        if shstrndx < sections.count, sections[shstrndx].type != shtNobits {
            let st = sections[shstrndx]
            do { names = try s.slice(st.offset, st.size, "the section name table") } catch let e as FirmwareFormatError {
                image.diagnostics.append(Diagnostic(.warning, "section names unreadable: \(e.message)", at: SourceLocation(offset: st.headerOffset)))
            }
        }
        for i in sections.indices {
            let n = Int(try s.u32(sections[i].headerOffset, "section header \(i) sh_name"))
            sections[i].name = cString(names, n) ?? "section \(i)"
        }

        // Initialized, loaded sections become regions.
        var regionOf: [Int: Int] = [:]
        for sec in sections where sec.type != shtNobits && sec.type != 0 && sec.flags & shfAlloc != 0 && sec.size > 0 {
            if sec.flags & shfCompressed != 0 {
                image.diagnostics.append(Diagnostic(.warning, "section \(sec.name) is compressed (SHF_COMPRESSED); not searched", at: SourceLocation(offset: sec.headerOffset)))
                continue
            }
            guard let data = try? s.slice(sec.offset, sec.size, "") else {
                image.diagnostics.append(Diagnostic(.error, "section \(sec.name) claims \(sec.size) bytes at file offset \(sec.offset), past the end of the file (\(bytes.count) bytes): lying section size; section skipped", at: SourceLocation(offset: sec.headerOffset)))
                continue
            }
            regionOf[sec.index] = image.regions.count
            image.regions.append(FirmwareImage.Region(name: sec.name, address: sec.address, bytes: Array(data),
                                                      pieces: [.init(start: 0, fileOffset: sec.offset, line: nil)]))
        }

        // Symbols: objects (and untyped data labels) with a size, located in a region.
        for tab in sections where tab.type == shtSymtab {
            let entry = is64 ? 24 : 16
            guard tab.entrySize == 0 || tab.entrySize >= entry else {
                image.diagnostics.append(Diagnostic(.warning, "symbol table \(tab.name) has entries of \(tab.entrySize) bytes (expected \(entry)); symbols not read", at: SourceLocation(offset: tab.headerOffset)))
                continue
            }
            let step = max(tab.entrySize, entry)
            guard let _ = try? s.end(tab.offset, tab.size, ""), tab.link < sections.count,
                  let strs = try? s.slice(sections[tab.link].offset, sections[tab.link].size, "") else {
                image.diagnostics.append(Diagnostic(.warning, "symbol table \(tab.name) or its string table lies past the end of the file; symbols not read", at: SourceLocation(offset: tab.headerOffset)))
                continue
            }
            var at = tab.offset
            while at + step <= tab.offset + tab.size {
                let nameIndex = Int(try s.u32(at, "symbol"))
                let info = try s.u8(is64 ? at + 4 : at + 12, "symbol")
                let shndx = try s.u16(is64 ? at + 6 : at + 14, "symbol")
                let value = try addr(is64 ? at + 8 : at + 4, "symbol")
                let size = try addr(is64 ? at + 16 : at + 8, "symbol")
                at += step
                let stype = info & 0xF
                guard stype == 1 || stype == 0, size > 0, size < (1 << 31), let name = cString(strs, nameIndex), !name.isEmpty,
                      shndx > 0, shndx < sections.count else { continue }
                let sec = sections[shndx]
                if sec.type == shtNobits { image.uninitializedSymbols[name] = sec.name; continue }
                guard let r = regionOf[shndx] else { continue }
                // In an object, st_value is an offset into the section; in a linked image, an address.
                let base: UInt64 = type == 1 ? 0 : sec.address
                guard value >= base, value - base < UInt64(sec.size) else { continue }
                let off = Int(value - base)
                image.symbols.append(.init(name: name, region: r, offset: off, size: min(Int(size), sec.size - off)))
            }
        }

        // Relocation targets: bytes of a data section the linker still writes (pointers, addresses).
        for rel in sections where rel.type == shtRel || rel.type == shtRela {
            guard let r = regionOf[rel.info] else { continue }
            let entry = (rel.type == shtRela ? 3 : 2) * word
            let step = max(rel.entrySize, entry)
            guard (try? s.end(rel.offset, rel.size, "")) != nil else {
                image.diagnostics.append(Diagnostic(.warning, "relocation section \(rel.name) lies past the end of the file; relocations not read", at: SourceLocation(offset: rel.headerOffset)))
                continue
            }
            var at = rel.offset
            while at + step <= rel.offset + rel.size {
                let o = try addr(at, "relocation")
                at += step
                // r_offset is section-relative in an object, an address in a linked image.
                let base: UInt64 = type == 1 ? 0 : image.regions[r].address
                if o >= base, o - base < UInt64(image.regions[r].bytes.count) { image.regions[r].relocated.append(Int(o - base)) }
            }
            image.regions[r].relocated.sort()
        }
        return (image, summary)
    }

    static func cString(_ table: ArraySlice<UInt8>, _ index: Int) -> String? {
        guard index >= 0, index < table.count else { return nil }
        let start = table.startIndex + index
        let end = table[start...].firstIndex(of: 0) ?? table.endIndex
        return String(decoding: table[start..<end], as: UTF8.self)
    }
}
