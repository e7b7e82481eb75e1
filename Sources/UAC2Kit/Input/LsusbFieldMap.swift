/// From lsusb's printed fields to our layout tables' field values. Most names are the spec's on both sides;
/// the exceptions below are the places where lsusb prints a field under another name, in other units, or
/// splits/joins fields differently from the wire layout.
public enum LsusbFieldMap {
    public struct Mapped: Sendable {
        /// Values by our field name, ready for `DescriptorLayout.encode`.
        public var values: [String: [UInt64]] = [:]
        /// Our field names that came from a printed value (the rest were not printed).
        public var printed: Set<String> = []
        /// Printed fields that went into no field of the table.
        public var unused: [LsusbField] = []
        /// Fields printed as a name where a number was expected: kept as 0.
        public var notNumbers: [LsusbField] = []
        /// Values too large for their field's width.
        public var overflow: [LsusbField] = []
        /// Other losses, with the line they concern.
        public var notes: [(String, Int)] = []
    }

    /// usbutils up to 009 printed the UAC2 extension unit with its fields one byte late (lsusb.c read
    /// bmChannelConfig from offset 9+p instead of 8+p), under UAC1 names. Shifting back recovers every byte
    /// except the lowest of bmChannelConfig, which that printer never showed.
    static func unshiftOldExtensionUnit(_ fields: [LsusbField], into m: inout Mapped) -> [LsusbField] {
        guard let cfg = fields.first(where: { $0.name == "wChannelConfig" }) else { return fields }
        var out: [LsusbField] = []
        for var f in fields {
            switch f.name {
            case "wChannelConfig":
                let v = f.value ?? 0
                var a = f
                a.name = "bmChannelConfig"
                a.value = (v & 0xFF_FFFF) << 8
                var b = f
                b.name = "iChannelNames"
                b.value = v >> 24
                b.rest = ""
                out += [a, b]
            case "iChannelNames": f.name = "bmControls"; f.rest = ""; out.append(f)
            case "bmControls": f.name = "iExtension"; out.append(f)
            case "iExtension":
                m.notes.append(("UAC2_EXTENSION_UNIT: this usbutils printed the byte after the descriptor as iExtension (\(f.token)); ignored", f.line))
            default: out.append(f)
            }
        }
        m.notes.append(("UAC2_EXTENSION_UNIT printed by usbutils <= 009 (fields one byte late): realigned; the lowest byte of bmChannelConfig was never printed, kept as 0", cfg.line))
        return out
    }

    /// Old usbutils printed a UAC1 Feature Unit with bControlSize > 1 one byte per line, repeating the index
    /// (`bmaControls( 1) 0x02` then `bmaControls( 1) 0x00`): join each run of bControlSize lines with one index
    /// into the little-endian value current lsusb prints (Stanton ScratchAmp, alsa-devel 2024).
    static func joinOldFeatureUnitBytes(_ fields: [LsusbField]) -> [LsusbField] {
        guard let n = fields.first(where: { $0.name == "bControlSize" })?.value, n > 1, n <= 8 else { return fields }
        let size = Int(n)
        let controls = fields.filter { $0.name == "bmaControls" }
        guard controls.count % size == 0, !controls.isEmpty else { return fields }
        // Only when every index appears exactly bControlSize times in a row, each line holding one byte.
        var runs: [[LsusbField]] = []
        for f in controls {
            if let last = runs.last, last.count < size, last[0].index == f.index { runs[runs.count - 1].append(f) } else { runs.append([f]) }
        }
        guard runs.allSatisfy({ $0.count == size && $0.allSatisfy { ($0.value ?? 0x100) <= 0xFF } }) else { return fields }
        var out: [LsusbField] = []
        var run = 0
        for f in fields {
            guard f.name == "bmaControls" else { out.append(f); continue }
            guard let r = runs.indices.contains(run) ? runs[run] : nil, r[0].line == f.line else { continue }
            var joined = r[0]
            joined.value = r.enumerated().reduce(0) { $0 | (($1.element.value ?? 0) << (8 * UInt64($1.offset))) }
            joined.token = String(format: "0x%0\(2 * size)x", joined.value!)
            out.append(joined)
            run += 1
        }
        return out
    }

    /// MaxPower is printed in mA: units of 2 mA, or 8 mA when bcdUSB >= 3.00 (lsusb.c dump_config()).
    public static func maxPowerUnit(bcdUSB: Int?) -> UInt64 { (bcdUSB ?? 0) >= 0x0300 ? 8 : 2 }

    public static func map(_ fields: [LsusbField], to layout: DescriptorLayout, bcdUSB: Int?) -> Mapped {
        var m = Mapped()
        var specs = layout.fields
        var widths: [String: Int] = [:]
        let rename = layout.lsusbNames
        // Variant tails (processing-unit modes, capability bodies) are chosen by a printed field.
        if let sel = layout.variantSelector {
            let printedSel = fields.first { (rename[$0.name] ?? $0.name) == sel }?.value
            if let key = printedSel, let extra = layout.variants[key] { specs += extra }
        }
        let byName = Dictionary(specs.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for s in specs {
            if case .bytes(let w) = s.width { widths[s.name] = w }
        }
        func width(_ spec: FieldSpec) -> Int {
            switch spec.width {
            case .bytes(let w): return w
            case .field(let n): return Int(clamping: m.values[n]?.first ?? 1)
            }
        }
        func put(_ name: String, _ v: UInt64, _ f: LsusbField, array: Bool) {
            guard let spec = byName[name] else { m.unused.append(f); return }
            let w = width(spec)
            var v = v
            if w < 8, v >> (8 * UInt64(max(w, 0))) != 0 {
                // Reported, then cut to the field's width so that no absurd value reaches the encoder.
                m.overflow.append(f)
                v &= (UInt64(1) << (8 * UInt64(max(w, 0)))) &- 1
            }
            if array || spec.isArray { m.values[name, default: []].append(v) } else if m.values[name] == nil { m.values[name] = [v] }
            m.printed.insert(name)
        }

        var seenHeaderType = false
        var pairs: [Int: (UInt64?, UInt64?, LsusbField)] = [:]
        var hidType: UInt64?
        let oldMixer = layout.id == "UAC2_MIXER_UNIT" && fields.contains { $0.name == "bNrPins" }
        var fields = layout.id == "UAC2_EXTENSION_UNIT" ? unshiftOldExtensionUnit(fields, into: &m) : fields
        if layout.id == "UAC1_FEATURE_UNIT" { fields = joinOldFeatureUnitBytes(fields) }
        for f in fields {
            if f.name == LsusbField.bareHex {
                if oldMixer, let bytes = LsusbTextScanner.hexBytes(f.token) {
                    for b in bytes { put("bmMixerControls", UInt64(b), f, array: true) }
                } else {
                    m.unused.append(f)
                }
                continue
            }
            if oldMixer, f.name == "bmControls" {
                // usbutils up to 009 print this one as "%02x" without the 0x.
                if let v = UInt64(f.token, radix: 16) { put("bmControls", v, f, array: false) } else { m.notNumbers.append(f) }
                continue
            }
            var name = rename[f.name] ?? f.name
            if name == "bDescriptorType" {
                if seenHeaderType, layout.id == "HID" {
                    hidType = f.value ?? 0
                    continue
                }
                seenHeaderType = true
            }
            if name == "wDescriptorLength", layout.id == "HID" {
                put("bDescriptorType/wDescriptorLength", (hidType ?? 0) | (f.value ?? 0) << 8, f, array: true)
                hidType = nil
                continue
            }
            guard let v = f.value else {
                if let bytes = LsusbTextScanner.guidBytes(f.token), let spec = byName[name], spec.isArray {
                    for b in bytes { put(name, UInt64(b), f, array: true) }
                    continue
                }
                if byName[name] != nil { m.notNumbers.append(f); m.printed.insert(name) } else { m.unused.append(f) }
                continue
            }
            switch (layout.id, name) {
            case ("CONFIGURATION", "MaxPower"), ("OTHER_SPEED_CONFIGURATION", "MaxPower"):
                let unit = maxPowerUnit(bcdUSB: bcdUSB)
                if v % unit != 0 { m.overflow.append(f) }
                put("bMaxPower", v / unit, f, array: false)
                continue
            case (_, "baSourceID") where layout.id == "MIDI_MIDI_OUT_JACK" || layout.id == "MIDI_ELEMENT",
                 (_, "BaSourcePin") where layout.id == "MIDI_MIDI_OUT_JACK" || layout.id == "MIDI_ELEMENT":
                let i = f.index ?? pairs.count
                var p = pairs[i] ?? (nil, nil, f)
                if name == "baSourceID" { p.0 = v } else { p.1 = v }
                pairs[i] = p
                if let id = p.0, let pin = p.1 {
                    if id > 0xFF || pin > 0xFF { m.overflow.append(f) }
                    put("baSourceID/BaSourcePin", (id & 0xFF) | (pin & 0xFF) << 8, f, array: true)
                    pairs[i] = nil
                }
                continue
            case ("UAC3_SAMPLE_RATE_CONVERTER", "bmControls"):
                // lsusb's 4-byte "bmControls" holds bCSourceInID, bCSourceOutID and wSRCDescrStr.
                put("bCSourceInID", v & 0xFF, f, array: false)
                put("bCSourceOutID", (v >> 8) & 0xFF, f, array: false)
                put("wSRCDescrStr", (v >> 16) & 0xFFFF, f, array: false)
                continue
            case ("UAC3_POWER_DOMAIN", "waRecoveryTime"):
                put("waRecoveryTime\(f.index ?? 1)", v, f, array: false)
                continue
            case ("UAC2_ENCODER", "wFormatTag"):
                // usbutils decodes every AS subtype 3 as UAC1 FORMAT_SPECIFIC: its "wFormatTag" is bEncoderID and
                // bEncoder, and the hex dump after it starts again at bEncoder.
                put("bEncoderID", v & 0xFF, f, array: false)
                continue
            case ("MIDI_ELEMENT", "bmElementCaps"):
                // Printed as one number of bElCapsSize bytes; the table holds them one byte each.
                let n = Int(clamping: m.values["bElCapsSize"]?.first ?? 0)
                for i in 0..<min(n, 8) { put("bmElementCaps", (v >> (8 * UInt64(i))) & 0xFF, f, array: true) }
                continue
            default: break
            }
            if name == "tLowerSamFreq" || name == "tUpperSamFreq" { name = "tSamFreq" }
            put(name, v, f, array: f.index != nil)
        }
        // A source ID without its pin (or the reverse): the text was cut between the two lines.
        for (_, p) in pairs.sorted(by: { $0.key < $1.key }) { m.notNumbers.append(p.2) }
        return m
    }

    /// Widths by USB naming convention, for descriptors none of our tables describe (video class, vendor
    /// descriptors lsusb knows): used only when they add up to bLength exactly.
    static func conventionalWidth(_ f: LsusbField, controlSize: Int?) -> Int? {
        let n = f.name
        func has(_ p: String) -> Bool {
            guard n.hasPrefix(p), let next = n.dropFirst(p.count).unicodeScalars.first else { return false }
            return next.value >= 0x41 && next.value <= 0x5A || next.value >= 0x30 && next.value <= 0x39
        }
        if has("bcd") { return 2 }
        if has("guid") { return 16 }
        if has("dw") { return 4 }
        if has("bma") { return controlSize }
        if has("bm") {
            if n == "bmControls", f.index == nil, let c = controlSize { return c }
            return 1
        }
        if has("id") { return 2 }
        if has("wa") || has("w") { return 2 }
        if has("ba") || has("b") || has("i") { return 1 }
        if has("t") { return 3 }
        if has("d") { return 4 }
        return nil
    }
}
