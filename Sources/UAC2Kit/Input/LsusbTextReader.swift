/// `lsusb -v` text, rebuilt into descriptor bytes through the layout tables and fed to the same ModelBuilder
/// as the binary readers, so every input ends in the same model. Whatever lsusb did not print (a reserved
/// byte, a string index shown only as text, a cut-off block) is kept as 0 and reported, never guessed.
public enum LsusbTextReader {
    /// `lsusb -v` of a whole machine is well under 1 MB; beyond this the text is not lsusb output, and reading
    /// it all would hold every line's fields in memory.
    public static let maxInputBytes = 32 << 20

    public static func read(_ bytes: [UInt8], name: String) -> DecodedInput {
        var input = bytes[...]
        var tooLarge = false
        if bytes.count > maxInputBytes {
            let cut = bytes[..<maxInputBytes].lastIndex(of: 0x0A) ?? maxInputBytes
            input = bytes[..<cut]
            tooLarge = true
        }
        let doc = input.withUnsafeBufferPointer { LsusbTextScanner.scan(bytes: $0) }
        var builder = ModelBuilder()
        for d in doc.diagnostics { builder.note(d) }
        if tooLarge {
            builder.note(Diagnostic(.error, "input is \(bytes.count) bytes, more than any lsusb -v output: read only its first \(doc.lineCount) lines (\(input.count) bytes)", at: SourceLocation(line: doc.lineCount)))
        }
        var rebuilt = 0
        for dev in doc.devices where !dev.blocks.isEmpty {
            builder.startDevice(label: dev.label, speed: dev.speed)
            var bcdUSB: Int?
            for block in dev.blocks {
                if block.header.hasPrefix("Device Qualifier") || block.header.hasPrefix("Binary Object Store") {
                    // lsusb prints these after every configuration: they belong to the device, not the last one.
                    builder.inConfiguration = false
                }
                for piece in rebuild(block, context: builder.context, bcdUSB: bcdUSB, diagnostics: { builder.note($0) }) {
                    let d = builder.add(piece.bytes, at: SourceLocation(line: piece.line))
                    rebuilt += 1
                    if d.bDescriptorType == DescriptorType.device { bcdUSB = d["bcdUSB"] }
                    for (index, text) in piece.strings { builder.setString(index, text) }
                }
            }
        }
        noteUnprintedBytes(&builder)
        if rebuilt == 0 {
            let what = bytes.isEmpty ? "empty input" : "no `lsusb -v` descriptor found (expected lines such as `Device Descriptor:` followed by `bLength 18`)"
            builder.note(Diagnostic(.error, what, at: SourceLocation(line: max(1, min(doc.lineCount, 1)))))
        }
        return DecodedInput(name: name, format: .lsusb, devices: builder.devices, diagnostics: builder.diagnostics)
    }

    /// lsusb prints no class-specific endpoint descriptor of a vendor-specific interface and, in older usbutils,
    /// no UVC interrupt endpoint descriptor: the configuration then holds fewer bytes than its wTotalLength.
    /// Say how many, so a reader of the findings knows they judge what was printed.
    static func noteUnprintedBytes(_ builder: inout ModelBuilder) {
        var notes: [Diagnostic] = []
        for (di, dev) in builder.devices.enumerated() {
            for (ci, c) in dev.configurations.enumerated() {
                let held = c.sequence.reduce(0) { $0 + $1.bytes.count }
                guard held < c.wTotalLength else { continue }
                // Nothing printed after this configuration (no qualifier, BOS or other device): the text may have
                // been cut where it was pasted (a bug-tracker comment), so say that first.
                let last = di == builder.devices.count - 1 && ci == dev.configurations.count - 1 && dev.qualifier == nil && dev.bos == nil
                let why = last
                    ? "the input ends after \(held) of its wTotalLength \(c.wTotalLength) bytes: the text is cut short, or lsusb did not print the other \(c.wTotalLength - held)"
                    : "the text holds \(held) of its wTotalLength \(c.wTotalLength) bytes; the other \(c.wTotalLength - held) were never printed (lsusb skips class-specific endpoint descriptors of vendor-specific interfaces and, in the versions these reports come from, UVC class-specific interrupt endpoint descriptors)"
                notes.append(Diagnostic(.warning, "configuration \(c.value): \(why), so they are not judged", at: c.descriptor.location))
            }
        }
        for n in notes { builder.note(n) }
    }

    struct Piece {
        var bytes: [UInt8]
        var line: Int
        var strings: [(Int, String)] = []
    }

    /// One printed block to descriptor bytes (an endpoint block can also carry its SuperSpeed companion).
    static func rebuild(_ block: LsusbBlock, context: DescriptorContext, bcdUSB: Int?,
                        diagnostics note: (Diagnostic) -> Void) -> [Piece] {
        let at = SourceLocation(line: block.line)
        func warn(_ s: String, line: Int? = nil) { note(Diagnostic(.warning, s, at: SourceLocation(line: line ?? block.line))) }
        // A descriptor left out of the model is lost data: an error (exit 65), as a cut blob is.
        func fail(_ s: String, line: Int? = nil) { note(Diagnostic(.error, s, at: SourceLocation(line: line ?? block.line))) }

        if block.isHexLine {
            let b = block.hexBytes
            guard b.count >= 2 else {
                fail("`\(block.header):` line holds \(b.count) byte(s), too few for a descriptor: the descriptor is lost")
                return []
            }
            if b.count != Int(b[0]) {
                warn("`\(block.header):` line holds \(b.count) bytes but its bLength is \(b[0])\(b.count < Int(b[0]) ? " (cut off)" : "")")
            }
            return [Piece(bytes: b, line: block.line)]
        }

        if let cdc = LsusbCDC.layouts[block.header], block.first("bLength") == nil {
            guard let bytes = LsusbCDC.rebuild(block, cdc, warn: warn) else {
                fail("\(block.header) could not be rebuilt (see the note before): the descriptor is lost")
                return []
            }
            return [Piece(bytes: bytes, line: block.line)]
        }
        guard let lengthField = block.first("bLength") else {
            if block.fields.isEmpty && !block.endsInput && LsusbTextScanner.headerTypes[block.header] == nil {
                warn("\(block.header) at line \(block.line) has no fields; not rebuilt")
            } else if block.fields.isEmpty {
                fail("\(block.header) at line \(block.line) has no fields\(block.endsInput ? " (the input ends here)" : ""): the descriptor is lost")
            } else {
                fail("\(block.header) at line \(block.line) has no bLength line, so its bytes cannot be rebuilt: the descriptor\(block.header.hasPrefix("Configuration") ? " (and the configuration it opens)" : "") is lost")
            }
            return []
        }
        guard let bLength = lengthField.value, bLength >= 2, bLength <= 255 else {
            fail("\(block.header): bLength `\(lengthField.token)` is not a descriptor length (2…255): the descriptor is lost", line: lengthField.line)
            return []
        }
        let typeField = block.first("bDescriptorType")
        guard let type = typeField?.value ?? LsusbTextScanner.headerTypes[block.header].map(UInt64.init), type <= 0xFF else {
            fail("\(block.header): no usable bDescriptorType: the descriptor is lost")
            return []
        }
        if typeField == nil { warn("\(block.header): bDescriptorType not printed; taken from the header as \(type)") }

        var fields = block.fields
        var companion: [LsusbField] = []
        if type == UInt64(DescriptorType.endpoint), let i = fields.firstIndex(where: { $0.name == "bMaxBurst" }) {
            companion = Array(fields[i...])
            fields = Array(fields[..<i])
        }

        var probe: [UInt8] = [UInt8(bLength), UInt8(type)]
        if let si = fields.firstIndex(where: { $0.name == "bDescriptorSubtype" }), let st = fields[si].value {
            probe.append(UInt8(truncatingIfNeeded: st))
            if si + 1 < fields.count, let next = fields[si + 1].value { probe.append(UInt8(truncatingIfNeeded: next)) }
        }
        let layout = DescriptorCatalog.layout(for: probe, in: context)
        var bytes: [UInt8]
        if layout.id == StandardLayouts.unknown.id || layout.id == DescriptorCatalog.unknownClassSpecific.id {
            bytes = conventional(fields, bLength: Int(bLength), block: block, warn: warn)
        } else {
            bytes = tabled(fields, layout: layout, bcdUSB: bcdUSB, block: block, warn: warn)
        }
        bytes = reconcile(bytes, bLength: Int(bLength), block: block, layout: layout, warn: warn, fail: fail)

        var strings: [(Int, String)] = []
        for f in fields where f.name.hasPrefix("i") && f.name.count > 1 {
            guard let v = f.value, v > 0, v <= 255, !f.rest.isEmpty, f.rest != "(error)" else { continue }
            let second = f.name.unicodeScalars.dropFirst().first!
            guard second.value >= 0x41 && second.value <= 0x5A else { continue }
            strings.append((Int(v), f.rest))
        }
        var pieces = [Piece(bytes: bytes, line: block.line, strings: strings)]
        _ = at
        if let burst = companion.first {
            pieces.append(Piece(bytes: superSpeedCompanion(companion, warn: warn), line: burst.line))
        }
        return pieces
    }

    /// A descriptor with a table: printed values by field name, encoded by the table.
    static func tabled(_ fields: [LsusbField], layout: DescriptorLayout, bcdUSB: Int?, block: LsusbBlock,
                       warn: (String, Int?) -> Void) -> [UInt8] {
        let m = LsusbFieldMap.map(fields, to: layout, bcdUSB: bcdUSB)
        for f in m.notNumbers {
            warn("\(layout.id).\(f.name) printed as `\(f.token)`, not a number: its value cannot be recovered; kept as 0", f.line)
        }
        for f in m.overflow {
            warn("\(layout.id).\(f.name) value `\(f.token)` does not fit the field (or is not a whole number of its units); kept truncated", f.line)
        }
        for (text, line) in m.notes { warn(text, line) }
        for f in m.unused {
            warn("\(layout.id): lsusb printed \(f.key) = \(f.token), which this descriptor's table has no field for; ignored", f.line)
        }
        let encoded = layout.encode(m.values)
        // Decode our own encoding to find where the printed fields end: fields lsusb did not print at the end of
        // the descriptor are left out (its bytes may follow as hex); unprinted fields in the middle stay 0.
        var probe = encoded
        if !probe.isEmpty { probe[0] = UInt8(clamping: encoded.count) }
        let decoded = LayoutDecoder.decode(layout, probe)
        var end = 0
        for f in decoded.fields where m.printed.contains(f.name) { end = max(end, f.offset + f.width * f.values.count) }
        let gaps = decoded.fields.filter { !m.printed.contains($0.name) && $0.offset < end && !$0.values.isEmpty }
        if !gaps.isEmpty {
            warn("\(layout.id): \(gaps.map(\.name).joined(separator: ", ")) not printed by lsusb; kept as 0", block.line)
        }
        let bytes = Array(encoded.prefix(end)) + block.hexBytes
        if let bLength = block.first("bLength")?.value, !consistent(bytes, bLength: Int(clamping: bLength), layout: layout, m),
           let inOrder = printedInOrder(fields, layout: layout, mapped: m, bLength: Int(clamping: bLength), block: block) {
            warn("\(layout.id): lsusb's printed fields disagree with the descriptor's own length fields (usbutils reads a length field that follows an array at the wrong offset); rebuilt from the printed bytes in order", block.line)
            return inOrder
        }
        return bytes
    }

    /// Whether our table, decoding the rebuilt bytes, finds every printed value where lsusb printed it.
    static func consistent(_ bytes: [UInt8], bLength: Int, layout: DescriptorLayout, _ m: LsusbFieldMap.Mapped) -> Bool {
        var b = bytes
        guard !b.isEmpty else { return true }
        if b.count < bLength { b += [UInt8](repeating: 0, count: bLength - b.count) }
        b[0] = UInt8(clamping: bLength)
        let decoded = LayoutDecoder.decode(layout, Array(b.prefix(bLength)))
        for (name, values) in m.values {
            guard let f = decoded.fields.first(where: { $0.name == name }) else { return false }
            if f.values != values { return false }
        }
        return true
    }

    /// desc-defs.c prints consecutive bytes: the printed values in print order, at our table's widths, then any
    /// junk, are the descriptor. Only for plain tables (no renamed units or merged fields) and only when that
    /// adds up to bLength exactly.
    static func printedInOrder(_ fields: [LsusbField], layout: DescriptorLayout, mapped m: LsusbFieldMap.Mapped,
                               bLength: Int, block: LsusbBlock) -> [UInt8]? {
        let positional = ["SAMPLE_RATE_CONVERTER", "ENCODER", "POWER_DOMAIN"]
        guard m.notes.isEmpty, m.notNumbers.isEmpty, m.unused.isEmpty, layout.id.hasPrefix("UAC"),
              !positional.contains(where: { layout.id.hasSuffix($0) }) else { return nil }
        let rename = layout.lsusbNames
        var specs = layout.fields
        if let sel = layout.variantSelector, let key = m.values[sel]?.first, let extra = layout.variants[key] { specs += extra }
        var out: [UInt8] = []
        for f in fields {
            let name = rename[f.name] ?? f.name
            guard let spec = specs.first(where: { $0.name == name }), let v = f.value else { return nil }
            let w: Int
            switch spec.width {
            case .bytes(let n): w = n
            case .field(let n): w = Int(clamping: fields.first { $0.name == n }?.value ?? 0)
            }
            guard w > 0, w <= 8 else { return nil }
            LayoutEncoder.append(v, width: w, to: &out)
        }
        out += block.hexBytes
        return out.count == bLength ? out : nil
    }

    /// A descriptor none of our tables describe (video class, vendor blocks lsusb decodes): field widths from
    /// the USB naming convention (b=1, w=2, dw=4, bcd=2, guid=16, bm…=bControlSize for control bitmaps).
    static func conventional(_ fields: [LsusbField], bLength: Int, block: LsusbBlock,
                             warn: (String, Int?) -> Void) -> [UInt8] {
        var out: [UInt8] = []
        var controlSize: Int?
        for f in fields {
            if f.name == LsusbField.bareHex {
                out += LsusbTextScanner.hexBytes(f.token) ?? []
                continue
            }
            guard let w = LsusbFieldMap.conventionalWidth(f, controlSize: controlSize), w > 0, w <= 16 else {
                warn("\(block.header): cannot tell the width of \(f.key) (`\(f.token)`), so the bytes after it are unknown; kept as 0", f.line)
                return out
            }
            if w == 16, let g = LsusbTextScanner.guidBytes(f.token) {
                out += g
                continue
            }
            guard let v = f.value, w <= 8 else {
                warn("\(block.header): \(f.key) printed as `\(f.token)`, not a number; kept as 0", f.line)
                out += [UInt8](repeating: 0, count: w)
                continue
            }
            if w < 8, v >> (8 * UInt64(w)) != 0 {
                warn("\(block.header): \(f.key) = \(f.token) does not fit in \(w) byte(s); kept truncated", f.line)
            }
            LayoutEncoder.append(v, width: w, to: &out)
            if f.name == "bControlSize" { controlSize = Int(clamping: v) }
        }
        return out + block.hexBytes
    }

    /// Bytes against the printed bLength: cut-off blocks stay short, gaps are zero-filled, excess is dropped.
    static func reconcile(_ bytes: [UInt8], bLength: Int, block: LsusbBlock, layout: DescriptorLayout,
                          warn: (String, Int?) -> Void, fail: (String, Int?) -> Void) -> [UInt8] {
        var b = bytes
        if b.count > bLength {
            warn("\(block.header): lsusb printed \(b.count) bytes of fields but bLength is \(bLength) (it reads past a short descriptor); kept the first \(bLength)", nil)
            b = Array(b.prefix(bLength))
        } else if b.count < bLength {
            if block.endsInput {
                fail("\(block.header): the input ends inside this descriptor: \(b.count) of bLength \(bLength) bytes recovered", nil)
            } else {
                var filled = b + [UInt8](repeating: 0, count: bLength - b.count)
                filled[0] = UInt8(bLength)
                let names = LayoutDecoder.decode(layout, filled).fields.filter { $0.offset >= b.count }.map(\.name)
                let what = names.isEmpty || layout.id.hasPrefix("UNKNOWN") ? "" : " (\(names.joined(separator: ", ")))"
                if let dash = block.anonymisedLines.first {
                    warn("\(block.header): bytes \(b.count)…\(bLength - 1)\(what) lost: line \(dash) reads `--`, where the publisher's anonymisation (linux-hardware.org hw-probe blanks the line after an empty iSerial) replaced the field; kept as 0", dash)
                } else {
                    warn("\(block.header): bytes \(b.count)…\(bLength - 1)\(what) not printed by lsusb; kept as 0", nil)
                }
                b = filled
            }
        }
        return b
    }

    /// lsusb prints only bMaxBurst and Mult (isochronous) or MaxStreams (bulk) of the companion descriptor.
    static func superSpeedCompanion(_ fields: [LsusbField], warn: (String, Int?) -> Void) -> [UInt8] {
        let line = fields.first?.line
        var attributes: UInt64 = 0
        if let mult = fields.first(where: { $0.name == "Mult" })?.value { attributes = mult & 0x3 }
        if let streams = fields.first(where: { $0.name == "MaxStreams" })?.value, streams > 0 {
            attributes = UInt64(63 - streams.leadingZeroBitCount) & 0x1F
        }
        let burst = fields.first?.value ?? 0
        warn("SuperSpeed Endpoint Companion: lsusb prints only bMaxBurst and Mult/MaxStreams; bLength 6 assumed, wBytesPerInterval and the other bmAttributes bits kept as 0", line)
        return [6, DescriptorType.ssEndpointCompanion, UInt8(truncatingIfNeeded: burst), UInt8(attributes), 0, 0]
    }
}
