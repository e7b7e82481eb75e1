/// Class-specific descriptor lengths: each layout row's minimum (LengthRule), junk after the fields, Feature Unit and pin counts.
enum LengthChecks {
    /// Every audio class-specific descriptor with the alternate setting it belongs to.
    static func classDescriptors(_ s: ConfigScope) -> [(Descriptor, AltSetting)] {
        var out: [(Descriptor, AltSetting)] = []
        for alt in s.config.altSettings where alt.interfaceClass == 1 {
            for d in alt.classSpecific { out.append((d, alt)) }
            for ep in alt.endpoints { for d in ep.classSpecific { out.append((d, alt)) } }
        }
        return out
    }

    static func name(_ d: Descriptor) -> String {
        let sub = d.layout.subtype ?? d.layout.id
        var s = "\(d.layout.id.hasPrefix("UAC1") ? "UAC1" : d.layout.id.hasPrefix("UAC3") ? "UAC3" : "UAC2") \(sub)"
        if let e = AudioEntity(d) { s += " (\(e.label))" }
        return s
    }

    static func loc(_ s: ConfigScope, _ d: Descriptor, _ alt: AltSetting) -> FindingLocation {
        s.loc(d, interface: alt.interfaceNumber, alt: alt.isAudioControl ? nil : alt.alternateSetting,
              entity: AudioEntity(d)?.label)
    }

    @Sendable static func tooShort(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for (d, alt) in classDescriptors(s) {
                // A descriptor cut by the end of the input is the reader's finding (USB-READ-001), not a length bug.
                guard d.bytes.count >= d.bLength, let row = d.layout.length else { continue }
                let minimum = d.layout.minimumLength(of: d)
                guard d.bLength < minimum else { continue }
                var values = ["descriptor": name(d), "bLength": "\(d.bLength)", "minimum": "\(minimum)",
                              "formula": row.formula ?? "\(minimum) bytes",
                              "spec": row.spec, "interface": "\(alt.interfaceNumber)", "alt": "\(alt.alternateSetting)"]
                values["linuxLine"] = row.linux.line(bLength: d.bLength, minimum: minimum, values)
                out.append(ci.finding(loc(s, d, alt), values))
            }
        }
        return out
    }

    /// Layouts that decode only part of their descriptor on purpose; their tails are not junk.
    static func isPartialLayout(_ d: Descriptor) -> Bool {
        let id = d.layout.id
        return id.hasPrefix("UAC3_") || id.hasPrefix("UNKNOWN") || id == "UAC2_DECODER" || id == "UAC2_FORMAT_TYPE"
            || id == "UAC2_ENCODER"
    }

    @Sendable static func junk(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for (d, alt) in classDescriptors(s) where !d.trailing.isEmpty && !d.isTruncated && !isPartialLayout(d) {
                let used = d.bytes.count - d.trailing.count
                out.append(ci.finding(loc(s, d, alt), [
                    "descriptor": name(d), "bLength": "\(d.bLength)", "used": "\(used)", "extra": "\(d.trailing.count)"]))
            }
        }
        return out
    }

    /// Channels leaving an entity: its own cluster, or (for units that pass channels through) its source's.
    static func outputChannels(_ f: AudioFunction, _ id: Int, depth: Int = 0) -> (channels: Int, from: AudioEntity)? {
        guard depth < 32, let e = f.entity(id) else { return nil }
        switch e.kind {
        case .inputTerminal, .mixerUnit, .processingUnit, .extensionUnit:
            guard let n = e.nrChannels else { return nil }
            return (n, e)
        case .featureUnit, .selectorUnit, .effectUnit, .sampleRateConverter:
            guard let src = e.sourceIDs.first else { return nil }
            return outputChannels(f, src, depth: depth + 1)
        default:
            return nil
        }
    }

    @Sendable static func featureUnitLength(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for f in s.functions where f.version != .uac3 {
                for e in f.entities where e.kind == .featureUnit {
                    let d = e.descriptor
                    // A source cluster of 0 channels gives no basis for the length (FMT rules judge that cluster).
                    guard !d.isTruncated, let src = e.sourceIDs.first, let (ch, from) = outputChannels(f, src), ch > 0 else { continue }
                    let width = f.version == .uac1 ? (d["bControlSize"] ?? 0) : 4
                    guard width > 0 else { continue }
                    let fixedPart = f.version == .uac1 ? 7 : 6
                    let expected = fixedPart + (ch + 1) * width
                    guard d.bLength != expected else { continue }
                    let formula = f.version == .uac1 ? "7 + (\(ch) + 1) × \(width)" : "6 + (\(ch) + 1) × 4"
                    out.append(ci.finding(s.loc(e), [
                        "id": "\(e.id)", "bLength": "\(d.bLength)", "entries": "\(d.values("bmaControls").count)",
                        "source": from.label, "ch": "\(ch)", "formula": formula, "expected": "\(expected)",
                        "fixEntries": "\(ch + 1)"]))
                }
            }
        }
        return out
    }

    @Sendable static func pinCounts(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for f in s.functions where f.version != .uac3 {
                for e in f.entities {
                    let d = e.descriptor
                    guard !d.isTruncated, let p = d["bNrInPins"] else { continue }
                    let uac1 = f.version == .uac1
                    var expected: Int?
                    var formula = ""
                    switch e.kind {
                    case .selectorUnit:
                        expected = (uac1 ? 6 : 7) + p
                        formula = "\(uac1 ? 6 : 7) + \(p)"
                    case .clockSelector:
                        expected = 7 + p
                        formula = "7 + \(p)"
                    case .mixerUnit where !uac1:
                        // bmMixerControls: one bit per (input channel, output channel) pair.
                        let ins = e.sourceIDs.map { outputChannels(f, $0)?.channels }
                        if let out = e.nrChannels, !ins.contains(where: { $0 == nil }) {
                            let bits = ins.compactMap { $0 }.reduce(0, +) * out
                            expected = 13 + p + (bits + 7) / 8
                            formula = "13 + \(p) + ⌈\(bits) / 8⌉"
                        }
                    default: break
                    }
                    let pinned: Set<AudioEntityKind> = [.mixerUnit, .selectorUnit, .clockSelector]
                    var problem: String?
                    if p == 0 && pinned.contains(e.kind) {
                        problem = "a \(e.kind == .mixerUnit ? "mixer" : "selector") needs at least one input pin"
                    } else if let x = expected, d.bLength != x, d.bLength >= (d.layout.length == nil ? 0 : d.layout.minimumLength(of: d)) {
                        problem = "with \(p) pin(s) it must be \(formula) = \(x) bytes"
                    }
                    guard let problem else { continue }
                    out.append(ci.finding(s.loc(e), [
                        "entity": e.label, "id": "\(e.id)", "pins": "\(p)", "bLength": "\(d.bLength)", "problem": problem,
                        "expected": expected.map(String.init) ?? "(one byte per pin more)", "formula": formula.isEmpty ? "see the spec table" : formula]))
                }
            }
        }
        return out
    }
}
