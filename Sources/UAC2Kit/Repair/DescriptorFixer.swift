/// `uac2 fix`: repairs what the rules can prove wrong without a design decision, round by round
/// (a fixed count changes a length, a fixed length settles the total) until a round changes nothing.
/// Every change keeps the byte count, so a C array or a hex dump can be edited in place.
public enum DescriptorFixer {
    /// Rounds before giving up; each fix family settles in one or two.
    static let maxRounds = 8

    public static func fix(bytes: [UInt8], name: String, format: InputFormat? = nil,
                           options given: CheckOptions = CheckOptions()) -> FixResult {
        // Each place is fixed on its own: a finding grouped over alts would fix only its first alt.
        var options = given
        options.groupOverAlternates = false
        let f = format ?? InputFormat.detect(bytes)
        let original = DescriptorReader.read(bytes: bytes, name: name, format: f)
        var streams = self.streams(bytes, f, original)
        var changes: [FixChange] = []
        var choices: [FixChoice] = []
        var notes: [String] = []
        var fixed: [DecodedInput] = []
        var settled = true
        // Text that was rebuilt into bytes (lsusb, dumps) is checked as the blob it becomes: lsusb does not
        // print every descriptor, and the blob written must still add up to its own wTotalLength.
        let rebuilt = ![.raw, .hex].contains(f)
        let checkedAs: InputFormat = rebuilt ? .raw : f
        if rebuilt {
            notes.append("\(f.rawValue) input cannot be written back in its own form: the corrected descriptors are written as hex (or raw with --format raw), one device after another.")
            for s in streams { if let sp = s.speed { notes.append("The input states \(RuleText.speedName(sp)) for \(s.label ?? "the device"); hex and raw carry no speed: check the output with --speed \(sp.rawValue).") } }
        }
        for si in streams.indices {
            var s = streams[si]
            var log = ChangeLog(stream: si)
            var repaired = s
            let lengthPatches = LengthRepair.repair(&repaired.bytes)
            // Only a stream that reads to its end is fixed: after a derailed walk every count and total
            // is computed from misread bytes, and "fixing" them would break what was right.
            let walk = decode(repaired, name: name, format: checkedAs)
            let broken = walk.diagnostics.first { $0.severity == .error && !s.diagnostics.contains($0) }
            if broken == nil {
                s = repaired
                for p in lengthPatches { log.record(p, s) }
            } else if let b = broken {
                notes.append("Nothing was changed\(streams.count > 1 ? " in device \(si + 1)" : ""): the descriptor walk stops (\(b)), so the counts and totals after it cannot be trusted. Correct the descriptor there first (its bLength), then run uac2 fix again.")
            }
            var lastOutcomes: [FixOutcome] = []
            var roundsLeft = maxRounds
            while broken == nil {
                let input = decode(s, name: name, format: checkedAs)
                let result = RuleEngine.check(input, options: options)
                let ctx = FixContext(input: input, result: result, options: options, mayBeCut: s.mayBeCut)
                lastOutcomes = result.findings.compactMap { finding in FixRules.table[finding.ruleID].map { $0(ctx, finding) } }
                var changedBytes = false
                for p in lastOutcomes.flatMap(\.patches) where log.apply(p, to: &s, ctx) { changedBytes = true }
                if !changedBytes { break }
                roundsLeft -= 1
                if roundsLeft == 0 { settled = false; break }
            }
            let input = decode(s, name: name, format: checkedAs)
            let result = RuleEngine.check(input, options: options)
            fixed.append(input)
            notes += lastOutcomes.flatMap(\.notes)
            choices += lastOutcomes.flatMap(\.choices)
            for g in result.findings where g.severity != .info {
                let mechanical = FixRules.table[g.ruleID] != nil
                choices.append(FixChoice(ruleID: g.ruleID, severity: g.severity, place: g.location.key,
                                         message: g.message + (mechanical ? " (not fixed: here it needs a decision)" : ""),
                                         options: g.fix))
            }
            var streamChanges = log.changes.sorted { $0.byteOffset < $1.byteOffset }
            for i in streamChanges.indices where rebuilt && streamChanges[i].ruleID == "USB-CH9-002" && streamChanges[i].newValue < streamChanges[i].oldValue {
                let c = streamChanges[i]
                streamChanges[i].why = "Configuration wTotalLength \(c.oldValue), but the \(f.rawValue) text shows \(c.newValue) bytes of it (lsusb skips some class descriptors, e.g. of vendor and video interfaces): the bytes written hold \(c.newValue), so their wTotalLength says \(c.newValue). The device's own \(c.oldValue) may well be right; do not copy this change into firmware."
            }
            changes += streamChanges
            streams[si] = s
        }
        return FixResult(name: name, format: f, original: original, streams: streams, changes: changes,
                         choices: dedupe(choices), notes: Array(uniqueInOrder(notes)), fixed: fixed, settled: settled)
    }

    static func dedupe(_ cs: [FixChoice]) -> [FixChoice] {
        var seen = Set<String>()
        return cs.filter { seen.insert($0.ruleID + "|" + $0.place + "|" + $0.message).inserted }
    }

    /// Raw and hex inputs are one stream of bytes (as the reader walked them); other forms are rebuilt
    /// per device from the model, one stream each, with the speed and strings the input stated.
    static func streams(_ bytes: [UInt8], _ f: InputFormat, _ original: DecodedInput) -> [FixStream] {
        switch f {
        case .raw:
            return [FixStream(bytes: bytes, origins: bytes.indices.map { SourceLocation(offset: $0) })]
        case .hex:
            let ex = HexTextReader.extract(String(decoding: bytes, as: UTF8.self))
            return [FixStream(bytes: ex.bytes, origins: ex.lines.enumerated().map { SourceLocation(offset: $0, line: $1) },
                              diagnostics: ex.diagnostics, mayBeCut: !ex.diagnostics.isEmpty)]
        default:
            // The reader says where a text ends inside a descriptor block; that device may be cut short.
            let cut = original.hasErrors || original.diagnostics.contains { $0.message.contains("the input ends") }
            return original.devices.enumerated().map { i, dev in
                var s = FixStream(bytes: [], origins: [], label: dev.label, speedEvidence: dev.speedEvidence, strings: dev.stringTexts)
                s.mayBeCut = cut && i == original.devices.count - 1
                for d in dev.sequence {
                    s.bytes += d.bytes
                    s.origins += Array(repeating: d.location, count: d.bytes.count)
                }
                return s
            }
        }
    }

    /// Decodes a stream with every descriptor located at its stream offset (the rows find descriptors by it).
    static func decode(_ s: FixStream, name: String, format: InputFormat) -> DecodedInput {
        var b = ModelBuilder()
        for d in s.diagnostics { b.note(d) }
        if s.label != nil || !s.speedEvidence.isEmpty {
            b.startDevice(label: s.label)
            for e in s.speedEvidence.reversed() { b.setSpeed(e) }
            for (i, t) in s.strings { b.setString(i, t) }
        }
        RawDescriptorReader.feed(s.bytes, into: &b)
        return DecodedInput(name: name, format: format, devices: b.devices, diagnostics: b.diagnostics)
    }
}

/// Order-keeping de-duplication (a note repeated per device or round is said once).
func uniqueInOrder(_ xs: [String]) -> [String] {
    var seen = Set<String>()
    return xs.filter { seen.insert($0).inserted }
}

/// The changes of one stream, one per field element: a field changed twice keeps its first old value.
struct ChangeLog {
    let stream: Int
    private(set) var changes: [FixChange] = []

    init(stream: Int) { self.stream = stream }

    mutating func record(_ p: LengthRepair.Patch, _ s: FixStream) {
        let shorter = p.old < p.new
        let standard = p.layout.subtype == nil
        let rule = shorter ? (standard ? "USB-CH9-001" : "UAC-LEN-001") : "USB-READ-001"
        let why = "\(p.layout.title) has bLength \(p.old) but is \(p.new) bytes by definition; with \(p.old) the walk reads the next descriptor from the wrong byte, with \(p.new) it goes on."
        merge(FixChange(ruleID: rule, descriptor: title(p.layout), place: "", source: s.origin(p.offset), field: "bLength",
                        oldValue: UInt64(p.old), newValue: UInt64(p.new), oldText: "\(p.old)", newText: "\(p.new)", why: why,
                        stream: stream, byteOffset: p.offset, width: 1))
    }

    func title(_ l: DescriptorLayout) -> String { l.subtype.map { "\(l.title) (\($0))" } ?? l.title }

    /// Writes one patch into the stream; false when the field is absent or already has the value.
    mutating func apply(_ p: FieldPatch, to s: inout FixStream, _ ctx: FixContext) -> Bool {
        guard let d = ctx.byOffset[p.descriptorOffset], let field = d.field(p.field), field.values.indices.contains(p.index),
              field.width > 0, field.width <= 8 else { return false }
        let old = field.values[p.index]
        let mask: UInt64 = field.width == 8 ? .max : (UInt64(1) << UInt64(8 * field.width)) - 1
        let value = p.value & mask
        guard value != old else { return false }
        let at = p.descriptorOffset + field.offset + p.index * field.width
        guard at >= 0, at + field.width <= s.bytes.count else { return false }
        var bytes = d.bytes
        for b in 0..<field.width {
            let byte = UInt8(truncatingIfNeeded: value >> (8 * UInt64(b)))
            s.bytes[at + b] = byte
            bytes[field.offset + p.index * field.width + b] = byte
        }
        let after = Descriptor(layout: d.layout, bytes: bytes, location: d.location)
        let name = field.isArray ? "\(p.field)(\(p.index))" : p.field
        merge(FixChange(ruleID: p.ruleID, descriptor: title(d.layout), place: p.place, source: s.origin(p.descriptorOffset),
                        field: name, oldValue: old, newValue: value, oldText: Self.text(field, p.index, d),
                        newText: after.field(p.field).map { Self.text($0, p.index, after) } ?? "\(value)", why: p.why,
                        stream: stream, byteOffset: at, width: field.width))
        return true
    }

    static func text(_ f: DescriptorField, _ index: Int, _ d: Descriptor) -> String {
        let one = DescriptorField(name: f.name, offset: f.offset, width: f.width, values: [f.values[index]], isArray: false)
        let t = FieldRenderer.text(one, in: d, RenderContext())
        return t.note.map { "\(t.value) (\($0))" } ?? t.value
    }

    mutating func merge(_ c: FixChange) {
        if let i = changes.firstIndex(where: { $0.byteOffset == c.byteOffset && $0.field == c.field }) {
            var m = changes[i]
            m.newValue = c.newValue
            m.newText = c.newText
            if m.newValue == m.oldValue { changes.remove(at: i) } else { changes[i] = m }
        } else {
            changes.append(c)
        }
    }
}
