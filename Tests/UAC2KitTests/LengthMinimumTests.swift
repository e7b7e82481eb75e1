import Testing
@testable import UAC2Kit

/// UAC-LEN-001 at its boundary for every class-specific subtype with a length rule: a descriptor of the
/// minimum length passes, one byte less fires with that minimum. The minimums are the spec tables'
/// figures (Audio 1.0 §4.3–4.6, Audio 2.0 §4.7–4.10, Audio Data Formats 1.0 §2 / 2.0 §2.3) and, where
/// Linux checks them, sound/usb/validate.c's rows as ../shared/reference/usb-audio-facts.md lists them
/// (HEADER ≥ 9, INPUT_TERMINAL ≥ 17, OUTPUT_TERMINAL ≥ 12, FEATURE_UNIT ≥ 10, CLOCK_SOURCE ≥ 8,
/// CLOCK_MULTIPLIER ≥ 7, v2 FORMAT_TYPE ≥ 6, v2 CS endpoint ≥ 8, v1 CS endpoint ≥ 7) — written here a
/// second time on purpose, from those sources, not read from the table under test.
struct LengthCase: Sendable, CustomTestStringConvertible {
    let id: String
    /// The spec figure for the values this case builds.
    let minimum: Int
    /// The bytes the built descriptor has before it is cut (at least `minimum`).
    var built: Int? = nil
    let device: @Sendable () -> DescriptorBuilder
    var n: Int = 0
    /// Words the Linux line of the finding must contain.
    var linux: String? = nil
    var testDescription: String { "\(id) ≥ \(minimum)" }
}

extension DescriptorBuilder {
    /// `b` with one more AudioControl descriptor, placed before the first input terminal.
    func insertingAC(_ layout: DescriptorLayout, _ values: [String: [UInt64]]) -> DescriptorBuilder {
        with { b in
            let at = b.index("UAC2_INPUT_TERMINAL") ?? b.index("UAC1_INPUT_TERMINAL")!
            b.insert(layout, values, at: at)
        }
    }

    /// `b` with an extra AudioStreaming descriptor right after the first Type I format descriptor.
    func insertingAS(_ layout: DescriptorLayout, _ values: [String: [UInt64]]) -> DescriptorBuilder {
        with { b in
            let at = b.index("UAC2_FORMAT_TYPE_I") ?? b.index("UAC1_FORMAT_TYPE_I")!
            b.insert(layout, values, at: at + 1)
        }
    }

    /// The n-th `id` descriptor cut to `length` bytes, bLength saying so.
    func cutting(_ id: String, _ n: Int = 0, to length: Int) -> DescriptorBuilder {
        with { b in
            let i = b.index(id, n)!
            b.set(at: i, "bLength", [UInt64(length)])
            b.entries[i].cut = length
        }
    }
}

/// `base` with an array field (source IDs, controls) set.
private func pins(_ base: [String: [UInt64]], _ field: String, _ ids: [UInt64]) -> [String: [UInt64]] {
    var d = base
    d[field] = ids
    return d
}

private func v(_ pairs: KeyValuePairs<String, UInt64>) -> [String: [UInt64]] { DescriptorBuilder.v(pairs) }

let lengthCases: [LengthCase] = {
    typealias B = DescriptorBuilder
    return [
        // UAC2 AudioControl (Audio 2.0 Tables 4-5 … 4-14 and §4.7.2.10–12)
        LengthCase(id: "UAC2_HEADER", minimum: 9, device: { B.hs }, linux: "validate.c requires at least 9 bytes"),
        LengthCase(id: "UAC2_INPUT_TERMINAL", minimum: 17, device: { B.hs }, linux: "validate.c requires at least 17 bytes"),
        LengthCase(id: "UAC2_OUTPUT_TERMINAL", minimum: 12, device: { B.hs }),
        LengthCase(id: "UAC2_CLOCK_SOURCE", minimum: 8, device: { B.hs }),
        // 6 + (2 + 1) × 4 = 18 bytes built; Linux's row is header + master control + iFeature = 10.
        LengthCase(id: "UAC2_FEATURE_UNIT", minimum: 10, built: 18, device: { B.hs }),
        LengthCase(id: "UAC2_CLOCK_MULTIPLIER", minimum: 7, device: {
            B.hs.insertingAC(B.ac2(0x0C), v(["bClockID": 11, "bCSourceID": 10, "bmControls": 0, "iClockMultiplier": 0]))
        }),
        LengthCase(id: "UAC2_SAMPLE_RATE_CONVERTER", minimum: 8, device: {
            B.hs.insertingAC(B.ac2(0x0D), v(["bUnitID": 12, "bSourceID": 1, "bCSourceInID": 10, "bCSourceOutID": 10, "iSRC": 0]))
        }, linux: "Descriptor too short"),
        // 8 + (0 + 1) × 4: one (master) control.
        LengthCase(id: "UAC2_EFFECT_UNIT", minimum: 12, device: {
            B.hs.insertingAC(B.ac2(0x07), pins(v(["bUnitID": 13, "wEffectType": 1, "bSourceID": 1, "iEffects": 0]), "bmaControls", [0]))
        }),
        // 7 + p, p = 2.
        LengthCase(id: "UAC2_CLOCK_SELECTOR", minimum: 9, device: {
            B.hs.insertingAC(B.ac2(0x0B), pins(v(["bClockID": 11, "bNrInPins": 2, "bmControls": 0, "iClockSelector": 0]), "baCSourceID", [10, 10]))
        }),
        LengthCase(id: "UAC2_SELECTOR_UNIT", minimum: 9, device: {
            B.hs.insertingAC(B.ac2(0x05), pins(v(["bUnitID": 14, "bNrInPins": 2, "bmControls": 0, "iSelector": 0]), "baSourceID", [1, 4]))
        }),
        // 13 + p (+ bmMixerControls), p = 2, one bitmap byte: 16 built.
        LengthCase(id: "UAC2_MIXER_UNIT", minimum: 15, built: 16, device: {
            var m = pins(v(["bUnitID": 15, "bNrInPins": 2, "bNrChannels": 1, "bmChannelConfig": 0, "iChannelNames": 0,
                            "bmControls": 0, "iMixer": 0]), "baSourceID", [1, 4])
            m["bmMixerControls"] = [0xF0]
            return B.hs.insertingAC(B.ac2(0x04), m)
        }),
        // 16 + p, p = 2 (a process type without modes).
        LengthCase(id: "UAC2_PROCESSING_UNIT", minimum: 18, device: {
            B.hs.insertingAC(B.ac2(0x08), pins(v(["bUnitID": 16, "wProcessType": 3, "bNrInPins": 2, "bNrChannels": 2,
                                                   "bmChannelConfig": 3, "iChannelNames": 0, "bmControls": 0, "iProcessing": 0]),
                                                "baSourceID", [1, 4]))
        }),
        // Up/down-mix: + 1 + 4 × bNrModes, p = 1, 2 modes: 16 + 1 + 1 + 8 = 26.
        LengthCase(id: "UAC2_PROCESSING_UNIT", minimum: 26, device: {
            var p = pins(v(["bUnitID": 16, "wProcessType": 1, "bNrInPins": 1, "bNrChannels": 2, "bmChannelConfig": 3,
                            "iChannelNames": 0, "bmControls": 0, "iProcessing": 0, "bNrModes": 2]), "baSourceID", [1])
            p["daModes"] = [3, 0x3F]
            return B.hs.insertingAC(B.ac2(0x08), p)
        }),
        // 15 + p, p = 2.
        LengthCase(id: "UAC2_EXTENSION_UNIT", minimum: 17, device: {
            B.hs.insertingAC(B.ac2(0x09), pins(v(["bUnitID": 17, "wExtensionCode": 0x1234, "bNrInPins": 2, "bNrChannels": 2,
                                                   "bmChannelConfig": 3, "iChannelNames": 0, "bmControls": 0, "iExtension": 0]),
                                                "baSourceID", [1, 4]))
        }),
        // UAC2 AudioStreaming (Audio 2.0 Table 4-27, §4.10.1.2; Audio Data Formats 2.0 §2.3)
        LengthCase(id: "UAC2_AS_GENERAL", minimum: 16, device: { B.hs }, linux: "invalid UAC_AS_GENERAL desc"),
        LengthCase(id: "UAC2_FORMAT_TYPE_I", minimum: 6, device: { B.hs }, linux: "invalid UAC_FORMAT_TYPE desc"),
        LengthCase(id: "UAC2_FORMAT_TYPE_II", minimum: 8, device: {
            B.hs.insertingAS(AudioStreamingLayouts.uac2TypeII, v(["bFormatType": 2, "wMaxBitRate": 384, "wSlotsPerFrame": 1536]))
        }),
        LengthCase(id: "UAC2_FORMAT_TYPE_III", minimum: 6, device: {
            B.hs.insertingAS(AudioStreamingLayouts.uac2TypeIII, v(["bFormatType": 3, "bSubslotSize": 2, "bBitResolution": 16]))
        }),
        // Type IV (4 bytes) is left out: cut to 3 bytes it loses bFormatType, so no reader can tell it is Type IV.
        LengthCase(id: "UAC2_EP_GENERAL", minimum: 8, device: { B.hs }, linux: "no or invalid class specific endpoint descriptor"),
        // UAC1 AudioControl (Audio 1.0 Tables 4-2 … 4-15)
        // 8 + bInCollection, one interface.
        LengthCase(id: "UAC1_HEADER", minimum: 9, device: { B.uac1() }),
        LengthCase(id: "UAC1_INPUT_TERMINAL", minimum: 12, device: { B.uac1() }),
        LengthCase(id: "UAC1_OUTPUT_TERMINAL", minimum: 9, device: { B.uac1() }),
        // 7 + (ch + 1) × bControlSize is 10 for stereo; the rule asks for the master control: 7 + 1.
        LengthCase(id: "UAC1_FEATURE_UNIT", minimum: 8, built: 10, device: { B.uac1() }),
        // 6 + p, p = 2.
        LengthCase(id: "UAC1_SELECTOR_UNIT", minimum: 8, device: {
            B.uac1().insertingAC(B.ac1(0x05), pins(v(["bUnitID": 4, "bNrInPins": 2, "iSelector": 0]), "baSourceID", [1, 1]))
        }),
        // 10 + p + N, p = 2, one control byte: 13 built; the rule asks for 10 + p.
        LengthCase(id: "UAC1_MIXER_UNIT", minimum: 12, built: 13, device: {
            var m = pins(v(["bUnitID": 5, "bNrInPins": 2, "bNrChannels": 1, "wChannelConfig": 0, "iChannelNames": 0, "iMixer": 0]),
                         "baSourceID", [1, 1])
            m["bmControls"] = [0x80]
            return B.uac1().insertingAC(B.ac1(0x04), m)
        }),
        // 13 + p + n, p = 2, bControlSize 1.
        LengthCase(id: "UAC1_PROCESSING_UNIT", minimum: 16, device: {
            var p = pins(v(["bUnitID": 6, "wProcessType": 3, "bNrInPins": 2, "bNrChannels": 2, "wChannelConfig": 3,
                            "iChannelNames": 0, "bControlSize": 1, "iProcessing": 0]), "baSourceID", [1, 1])
            p["bmControls"] = [1]
            return B.uac1().insertingAC(B.ac1(0x07), p)
        }),
        LengthCase(id: "UAC1_EXTENSION_UNIT", minimum: 16, device: {
            var x = pins(v(["bUnitID": 7, "wExtensionCode": 0x1234, "bNrInPins": 2, "bNrChannels": 2, "wChannelConfig": 3,
                            "iChannelNames": 0, "bControlSize": 1, "iExtension": 0]), "baSourceID", [1, 1])
            x["bmControls"] = [1]
            return B.uac1().insertingAC(B.ac1(0x08), x)
        }),
        // UAC1 AudioStreaming (Audio 1.0 Tables 4-19, 4-21; Audio Data Formats 1.0 Table 2-1)
        LengthCase(id: "UAC1_AS_GENERAL", minimum: 7, device: { B.uac1() }, linux: "invalid UAC_AS_GENERAL desc"),
        LengthCase(id: "UAC1_EP_GENERAL", minimum: 7, device: { B.uac1() }, linux: "no or invalid class specific endpoint descriptor"),
        // 8 + 3 × bSamFreqType: one rate (48 kHz) = 11, three = 17, a continuous range (type 0) = 8 + 6.
        LengthCase(id: "UAC1_FORMAT_TYPE_I", minimum: 11, device: { B.uac1() }, linux: "invalid UAC_FORMAT_TYPE desc"),
        LengthCase(id: "UAC1_FORMAT_TYPE_I", minimum: 17, device: {
            B.uac1().with { $0.set("UAC1_FORMAT_TYPE_I", 0, "bSamFreqType", [3]); $0.set("UAC1_FORMAT_TYPE_I", 0, "tSamFreq", [44100, 48000, 96000]) }
        }),
        LengthCase(id: "UAC1_FORMAT_TYPE_I", minimum: 14, device: {
            B.uac1().with { $0.set("UAC1_FORMAT_TYPE_I", 0, "bSamFreqType", [0]); $0.set("UAC1_FORMAT_TYPE_I", 0, "tSamFreq", [8000, 48000]) }
        }),
        // Type II: 9 + 3 × bSamFreqType (Audio Data Formats 1.0 §2.3.5); Type III as Type I (§2.4.1).
        LengthCase(id: "UAC1_FORMAT_TYPE_II", minimum: 12, device: {
            var f = v(["bFormatType": 2, "wMaxBitRate": 384, "wSamplesPerFrame": 1152, "bSamFreqType": 1])
            f["tSamFreq"] = [48000]
            return B.uac1().insertingAS(AudioStreamingLayouts.uac1TypeII, f)
        }),
        LengthCase(id: "UAC1_FORMAT_TYPE_II", minimum: 15, device: {
            var f = v(["bFormatType": 2, "wMaxBitRate": 384, "wSamplesPerFrame": 1152, "bSamFreqType": 0])
            f["tSamFreq"] = [32000, 48000]
            return B.uac1().insertingAS(AudioStreamingLayouts.uac1TypeII, f)
        }),
        LengthCase(id: "UAC1_FORMAT_TYPE_III", minimum: 11, device: {
            var f = v(["bFormatType": 3, "bNrChannels": 2, "bSubframeSize": 2, "bBitResolution": 16, "bSamFreqType": 1])
            f["tSamFreq"] = [48000]
            return B.uac1().insertingAS(AudioStreamingLayouts.uac1TypeIII, f)
        }),
        LengthCase(id: "UAC1_FORMAT_TYPE_III", minimum: 14, device: {
            var f = v(["bFormatType": 3, "bNrChannels": 2, "bSubframeSize": 2, "bBitResolution": 16, "bSamFreqType": 0])
            f["tSamFreq"] = [32000, 48000]
            return B.uac1().insertingAS(AudioStreamingLayouts.uac1TypeIII, f)
        }),
    ]
}()

@Suite struct LengthMinimumTests {
    func tooShort(_ b: DescriptorBuilder) -> [Finding] {
        b.check().findings.filter { $0.ruleID == "UAC-LEN-001" }
    }

    @Test(arguments: lengthCases)
    func minimumPassesAndOneByteLessFires(_ c: LengthCase) throws {
        let base = c.device()
        let i = try #require(base.index(c.id, c.n), "\(c.id) not in the built device")
        // The built descriptor is the spec's length for these values (the layout encodes every field).
        #expect(base.encoded(base.entries[i]).count == (c.built ?? c.minimum))
        #expect(base.decode().devices.first?.configurations.first != nil)
        // Built to the spec, the descriptor gets no length finding of any kind (LEN-001 … LEN-004).
        let lengthFindings = base.check().findings.filter { $0.ruleID.hasPrefix("UAC-LEN-") }
        #expect(lengthFindings.isEmpty, "\(lengthFindings.map { "\($0.ruleID): \($0.message)" })")

        let atMinimum = tooShort(base.cutting(c.id, c.n, to: c.minimum))
        #expect(atMinimum.isEmpty, "bLength \(c.minimum) is enough for \(c.id): \(atMinimum.map(\.message))")

        let short = tooShort(base.cutting(c.id, c.n, to: c.minimum - 1))
        #expect(short.count == 1, "\(short.map(\.message))")
        let f = try #require(short.first)
        #expect(f.values["bLength"] == "\(c.minimum - 1)")
        #expect(f.values["minimum"] == "\(c.minimum)")
        #expect(f.message.contains("has bLength \(c.minimum - 1); this subtype needs at least \(c.minimum) bytes"))
        if let linux = c.linux {
            let line = f.hosts.first { $0.text.contains(linux) }
            #expect(line != nil, "Linux line of \(c.id) lacks '\(linux)': \(f.hosts.map(\.text))")
        }
    }

    /// A Processing Unit cut to 5 bytes has no wProcessType: the minimum is the plain 16 + 0 pins, not
    /// the up/down-mix one.
    @Test func processingUnitWithoutProcessType() throws {
        let b = DescriptorBuilder.hs.insertingAC(DescriptorBuilder.ac2(0x08), pins(v(["bUnitID": 16, "wProcessType": 1, "bNrInPins": 0,
            "bNrChannels": 2, "bmChannelConfig": 3, "iChannelNames": 0, "bmControls": 0, "iProcessing": 0, "bNrModes": 0]), "baSourceID", []))
        let f = try #require(tooShort(b.cutting("UAC2_PROCESSING_UNIT", to: 5)).first)
        #expect(f.values["minimum"] == "16")
    }
}

/// UAC-LEN-002 stays quiet on descriptors whose layout decodes only a head on purpose: an unknown
/// subtype keeps its bytes undecoded, a Decoder Descriptor (Audio 2.0 §4.9.4) and an unknown format
/// type are decoded as far as their fixed head. A known layout with one byte too many is junk.
@Suite struct PartialLayoutJunkTests {
    func junk(_ b: DescriptorBuilder) -> [Finding] { b.check().findings.filter { $0.ruleID == "UAC-LEN-002" } }

    @Test func undecodedTailsAreNotJunk() throws {
        typealias B = DescriptorBuilder
        let src = v(["bUnitID": 12, "bSourceID": 1, "bCSourceInID": 10, "bCSourceOutID": 10, "iSRC": 0])
        // AudioControl subtype 0x0F is not defined by Audio 2.0: 8 bytes kept as they are.
        var unknown = src
        unknown["bDescriptorSubtype"] = [0x0F]
        let u = B.hs.insertingAC(B.ac2(0x0D), unknown)
        #expect(u.decode().devices.first?.configurations.first?.altSettings.first?.classSpecific.contains { $0.layout.id == "UNKNOWN_CS" } == true)
        #expect(junk(u).isEmpty, "\(junk(u).map(\.message))")
        // Decoder (AS subtype 0x04) and a format type Audio Data Formats 2.0 does not define (0x7F).
        let dec = B.hs.with { b in
            b.insert(AudioStreamingLayouts.uac2Decoder, ["bDescriptorType": [0x24], "bDescriptorSubtype": [0x04], "bDecoderID": [1], "bDecoder": [2]],
                     at: b.index("UAC2_FORMAT_TYPE_I")! + 1)
            b.entries[b.index("UAC2_DECODER")!].extra = [0, 0, 0, 0, 0, 0, 0]
        }
        #expect(dec.index("UAC2_DECODER") != nil)
        #expect(junk(dec).isEmpty, "\(junk(dec).map(\.message))")
        let fmt = B.hs.with { b in
            b.insert(AudioStreamingLayouts.uac2FormatUnknown, ["bDescriptorType": [0x24], "bDescriptorSubtype": [0x02], "bFormatType": [0x7F]],
                     at: b.index("UAC2_FORMAT_TYPE_I")! + 1)
            b.entries[b.index("UAC2_FORMAT_TYPE")!].extra = [1, 2, 3]
        }
        #expect(junk(fmt).isEmpty, "\(junk(fmt).map(\.message))")
        // The Sample Rate Converter itself with one byte after iSRC: junk, 8 bytes used of 9.
        let extra = B.hs.with { b in
            b.insert(B.ac2(0x0D), src, at: b.index("UAC2_INPUT_TERMINAL")!)
            b.entries[b.index("UAC2_SAMPLE_RATE_CONVERTER")!].extra = [0]
        }
        let j = try #require(junk(extra).first)
        #expect(junk(extra).count == 1 && j.values["used"] == "8" && j.values["extra"] == "1")
    }
}
