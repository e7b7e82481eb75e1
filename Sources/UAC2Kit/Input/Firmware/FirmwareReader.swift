/// Firmware images as inputs: ELF executables and objects, Intel HEX, UF2 and raw .bin. Descriptors
/// are read by symbol (`--symbol desc_configuration`) or found by scanning the image's initialized
/// memory; every set found becomes one device of the result, labelled with its symbols or addresses.
public enum FirmwareReader {
    /// `symbolLines` (source read through --cc) gives each array's definition line: descriptors are
    /// located there instead of in a temporary object.
    public static func read(_ bytes: [UInt8], name: String, format: InputFormat, symbols: [String] = [],
                            symbolLines: [String: Int]? = nil) -> DecodedInput {
        var image: FirmwareImage
        var summary: String
        switch format {
        case .elf:
            do { (image, summary) = try ELFFile.read(bytes) } catch let e as FirmwareFormatError {
                return DecodedInput(name: name, format: format, devices: [], diagnostics: [e.diagnostic])
            } catch {
                return DecodedInput(name: name, format: format, devices: [], diagnostics: [Diagnostic(.error, "\(error)", at: SourceLocation(offset: 0))])
            }
        case .ihex:
            image = IntelHexFile.read(bytes)
            summary = "Intel HEX image"
        case .uf2:
            image = UF2File.read(bytes)
            summary = "UF2 image"
        default:
            image = FirmwareImage()
            if !bytes.isEmpty {
                image.regions = [.init(name: "bin", address: 0, bytes: bytes, pieces: [.init(start: 0, fileOffset: 0, line: nil)])]
            }
            summary = "raw firmware image"
        }
        var diagnostics = image.diagnostics
        let total = image.regions.reduce(0) { $0 + $1.bytes.count }
        var parts: [FirmwarePart] = []
        if symbols.isEmpty {
            for (ri, r) in image.regions.enumerated() {
                for h in DescriptorScanner.scan(r.bytes) {
                    let sym = image.symbol(covering: h.start, in: ri)
                    if let total = h.declaredLength {
                        diagnostics.append(Diagnostic(.error, "the \(h.kind.rawValue) at \(label(image, ri, h.start, sym)) declares wTotalLength \(total), but the image's data ends \(h.length) bytes into it: the image is cut short (a missing record or block?)", at: r.location(of: r.bytes.count - 1)))
                    }
                    parts.append(FirmwarePart(kind: h.kind, region: ri, start: h.start, length: h.length,
                                              label: label(image, ri, h.start, sym), symbol: sym?.name))
                }
            }
        } else if format != .elf {
            diagnostics.append(Diagnostic(.error, "--symbol needs an ELF file: \(summary)s carry no symbols; leave --symbol out to scan the image", at: SourceLocation(offset: 0)))
        } else {
            for wanted in symbols {
                guard let sym = image.symbols.first(where: { $0.name == wanted }) else {
                    diagnostics.append(symbolError(wanted, image))
                    continue
                }
                let b = image.regions[sym.region].bytes
                let kind: DescriptorScanner.Kind? = sym.size > 1 ? [0x01: .device, 0x02: .configuration, 0x07: .otherSpeed, 0x06: .qualifier, 0x0F: .bos][b[sym.offset + 1]] : nil
                parts.append(FirmwarePart(kind: kind, region: sym.region, start: sym.offset, length: sym.size,
                                          label: label(image, sym.region, sym.offset, sym), symbol: sym.name))
            }
        }
        let sets = FirmwareDescriptorSets.group(parts, image: image)
        if sets.isEmpty && symbols.isEmpty {
            let searched = image.regions.map(\.name)
            let list = Array(Set(searched)).sorted().prefix(8).joined(separator: ", ")
            diagnostics.append(Diagnostic(.error, "no USB descriptors found in this \(summary) (\(total) bytes of initialized data searched\(list.isEmpty ? "" : " in " + list)): no device, configuration, qualifier or BOS descriptor with consistent lengths. If the descriptors are built at run time, name the array with --symbol or check the source with --cc", at: SourceLocation(offset: 0)))
        }
        var builder = ModelBuilder()
        for d in diagnostics { builder.note(d) }
        if !sets.isEmpty {
            builder.note(Diagnostic(.note, "\(summary): \(sets.count) descriptor set(s) found" + (symbols.isEmpty ? " by scanning \(total) bytes" : " by symbol")))
        }
        for set in sets {
            builder.startDevice(label: set.label)
            if let (speed, why) = set.speed {
                builder.setSpeed(SpeedEvidence(.configurationSets, speed, reason: "the firmware names this configuration \(why)"))
            } else if set.variants > 1 {
                // One configuration per speed, neither named: the shared qualifier says the device is
                // high-speed capable, not which of the two this is.
                builder.setSpeed(SpeedEvidence(.configurationSets, speeds: [.full, .high],
                                               reason: "the firmware holds \(set.variants) configurations with the same bConfigurationValue, one per speed, and no name says which this is"))
            }
            for p in set.parts {
                let region = image.regions[p.region]
                let end = min(region.bytes.count, p.start + p.length)
                if let lines = symbolLines {
                    let at = SourceLocation(line: p.symbol.flatMap { lines[$0] } ?? 1)
                    RawDescriptorReader.feed(Array(region.bytes[p.start..<end]), into: &builder, locate: { _ in at })
                } else {
                    RawDescriptorReader.feed(Array(region.bytes[p.start..<end]), into: &builder,
                                             locate: { region.location(of: p.start + $0) })
                }
                if let r = region.relocated.first(where: { $0 >= p.start && $0 < end }) {
                    builder.note(Diagnostic(.warning, "\(p.symbol ?? p.label) has bytes the linker patches (a relocation at \(region.name)+0x\(String(r, radix: 16))): this object holds placeholders there; check the linked image instead", at: region.location(of: r)))
                }
            }
        }
        return DecodedInput(name: name, format: format, devices: builder.devices, diagnostics: builder.diagnostics)
    }

    static func label(_ image: FirmwareImage, _ ri: Int, _ offset: Int, _ sym: FirmwareImage.Symbol?) -> String {
        let r = image.regions[ri]
        let address = r.address + UInt64(offset)
        var where_ = r.address == 0 && r.name.hasPrefix(".") ? "\(r.name)+0x\(String(offset, radix: 16))" : "\(r.name), 0x\(hexN(address, digits: 8))"
        if r.name == "bin" { where_ = "byte 0x\(String(offset, radix: 16)) of the .bin" }
        guard let s = sym else { return r.name == "bin" ? where_ : "0x\(hexN(address, digits: 8)) (\(r.name))" }
        let inside = offset - s.offset
        return "\(s.name)\(inside > 0 ? "+\(inside)" : "") (\(where_))"
    }

    static func symbolError(_ wanted: String, _ image: FirmwareImage) -> Diagnostic {
        if let sec = image.uninitializedSymbols[wanted] {
            return Diagnostic(.error, "symbol \(wanted) is in \(sec): the firmware fills it at run time, so the image holds no bytes for it", at: SourceLocation(offset: 0))
        }
        let near = image.symbols.map(\.name).filter { n in
            let l = n.lowercased()
            return l.contains("desc") || l.contains("config") || l.contains("cfg") || l.contains(wanted.lowercased())
        }
        let shown = Array(Set(near)).sorted().prefix(12).joined(separator: ", ")
        return Diagnostic(.error, "no data symbol \(wanted) in this ELF file" + (shown.isEmpty ? " (it has no data symbols that look like descriptors; is it stripped?)" : "; symbols that look like descriptors: \(shown)"), at: SourceLocation(offset: 0))
    }
}
