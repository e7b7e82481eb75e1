/// bmControls pairs and the clock source's controls.
enum ControlChecks {
    /// TN3190: Apple shows Volume and Mute, not Input Gain ("Use Volume control instead"); the
    /// Windows driver's request table has no Input Gain either. UAC2 pairs: Volume bits 3..2, Input Gain 21..20.
    @Sendable static func inputGainWithoutVolume(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for f in s.functions where f.version == .uac2 {
                for e in f.entities where e.kind == .featureUnit {
                    let controls = e.descriptor.values("bmaControls").map { UInt64($0) }
                    let gain = controls.indices.filter { (controls[$0] >> 20) & 3 != 0 }
                    guard let first = gain.first, !controls.contains(where: { ($0 >> 2) & 3 != 0 }) else { continue }
                    let names = gain.map { $0 == 0 ? "master" : "channel \($0)" }
                    out.append(ci.finding(s.loc(e), [
                        "id": "\(e.id)", "channels": names.joined(separator: ", "), "first": "\(first)",
                        "fixed": hexN(controls[first] | 0x0C, digits: 8)]))
                }
            }
        }
        return out
    }

    /// TN3190 "Terminal Connector Control": macOS keeps a terminal unselectable while its Connector
    /// Control says nothing is connected. Linux (mixer.c) makes jack controls only for terminals that
    /// are not USB (0x01xx), so streaming terminals are left out here too.
    @Sendable static func connectorControls(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for f in s.functions where f.version == .uac2 {
                for e in f.entities where e.kind == .inputTerminal || e.kind == .outputTerminal {
                    guard let t = e.terminalType, t & 0xFF00 != 0x0100, let v = e.descriptor["bmControls"] else { continue }
                    let pair = (v >> 2) & 3
                    guard pair != 0 else { continue }
                    let isInput = e.kind == .inputTerminal
                    out.append(ci.finding(s.loc(e), [
                        "entity": e.label, "value": RuleText.hex(v, 4),
                        "access": pair == 1 ? "read-only" : pair == 3 ? "host programmable" : "0b10, an illegal pair",
                        "direction": isInput ? "input" : "output", "jack": isInput ? "Input" : "Output",
                        "fixed": RuleText.hex(v & ~0xC, 4)]))
                }
            }
        }
        return out
    }

    static func spec(_ layout: DescriptorLayout, _ name: String) -> FieldSpec? {
        layout.fields.first { $0.name == name } ?? layout.variants.values.flatMap { $0 }.first { $0.name == name }
    }

    @Sendable static func illegalPairs(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for (d, alt) in LengthChecks.classDescriptors(s) {
                let subject = AudioEntity(d)?.label
                    ?? "\(d.layout.subtype ?? d.layout.id) of interface \(alt.interfaceNumber) alt \(alt.alternateSetting)"
                for f in d.fields {
                    guard let sp = spec(d.layout, f.name), case .controls(let names) = sp.display else { continue }
                    for (i, v) in f.values.enumerated() {
                        for (p, control) in names.enumerated() where (v >> (2 * UInt64(p))) & 3 == 2 {
                            let fieldName = f.isArray ? "\(f.name)(\(i))" : f.name
                            let fixed = (v & ~(UInt64(3) << (2 * UInt64(p)))) | (UInt64(1) << (2 * UInt64(p)))
                            out.append(ci.finding(LengthChecks.loc(s, d, alt), [
                                "subject": subject, "field": fieldName, "value": hexN(v, digits: f.width * 2),
                                "control": control, "bits": "\(2 * p + 1)..\(2 * p)", "fixed": hexN(fixed, digits: f.width * 2)]))
                        }
                    }
                }
            }
        }
        return out
    }

    static func clockSources(_ s: ConfigScope) -> [AudioEntity] {
        s.functions.filter { $0.version == .uac2 }.flatMap(\.entities).filter { $0.kind == .clockSource }
    }

    static let clockTypes = ["an external clock", "an internal fixed clock", "an internal variable clock", "an internal programmable clock"]

    @Sendable static func readOnlyFrequency(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for e in clockSources(s) {
                guard let attr = e.descriptor["bmAttributes"], let v = e.descriptor["bmControls"] else { continue }
                guard attr & 3 >= 2, v & 3 == 1 else { continue }
                out.append(ci.finding(s.loc(e), [
                    "id": "\(e.id)", "clockType": clockTypes[attr & 3], "access": "read-only (0b01)",
                    "value": RuleText.hex(v), "fixed": RuleText.hex((v & ~3) | 3)]))
            }
        }
        return out
    }

    @Sendable static func writableValidity(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for e in clockSources(s) {
                guard let v = e.descriptor["bmControls"], (v >> 2) & 3 == 3 else { continue }
                out.append(ci.finding(s.loc(e), [
                    "id": "\(e.id)", "value": RuleText.hex(v), "fixed": RuleText.hex((v & ~0xC) | 0x4)]))
            }
        }
        return out
    }

    @Sendable static func noFrequencyControl(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for e in clockSources(s) {
                guard let v = e.descriptor["bmControls"], v & 3 == 0 else { continue }
                out.append(ci.finding(s.loc(e), [
                    "id": "\(e.id)", "value": RuleText.hex(v), "fixed": RuleText.hex(v | 1)]))
            }
        }
        return out
    }
}
