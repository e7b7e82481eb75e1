import Testing
@testable import UAC2Kit

/// The minimum lengths the layout rows give, against the numbers the spec tables and Linux's
/// sound/usb/validate.c state (typed here independently of the rows), and UAC-LEN-001 end to end.
@Suite struct LengthRuleTests {
    /// A descriptor of `layout` with the given field values (counts sized to match), bLength computed.
    static func descriptor(_ layout: DescriptorLayout, _ values: [String: UInt64] = [:], arrays: [String: Int] = [:]) -> Descriptor {
        var v: [String: [UInt64]] = ["bDescriptorType": [0x24], "bDescriptorSubtype": [1]]
        for (k, x) in values { v[k] = [x] }
        for (k, n) in arrays { v[k] = Array(repeating: 1, count: n) }
        return Descriptor(layout: layout, bytes: layout.encode(v), location: SourceLocation(offset: 0))
    }

    static let ac1 = AudioControlLayouts.uac1, ac2 = AudioControlLayouts.uac2, ac3 = AudioControlLayouts.uac3
    static let asl = AudioStreamingLayouts.self

    /// (layout, field values, arrays, minimum the spec gives for those values).
    static let cases: [(DescriptorLayout, [String: UInt64], [String: Int], Int)] = [
        // Audio 1.0 Tables 4-2 .. 4-15, Audio Data Formats 1.0 Table 2-1
        (ac1[0x01]!, ["bInCollection": 2], ["baInterfaceNr": 2], 10),
        (ac1[0x02]!, [:], [:], 12), (ac1[0x03]!, [:], [:], 9),
        (ac1[0x04]!, ["bNrInPins": 2], ["baSourceID": 2], 12),
        (ac1[0x05]!, ["bNrInPins": 3], ["baSourceID": 3], 9),
        (ac1[0x06]!, ["bControlSize": 2], [:], 9),                       // 7 + (0 + 1) × 2: the master entry
        (ac1[0x07]!, ["bNrInPins": 1, "bControlSize": 2, "wProcessType": 3], ["baSourceID": 1, "bmControls": 2], 16),
        (ac1[0x07]!, ["bNrInPins": 1, "bControlSize": 1, "wProcessType": 1, "bNrModes": 2], ["baSourceID": 1, "bmControls": 1, "waModes": 2], 20),
        (ac1[0x08]!, ["bNrInPins": 2, "bControlSize": 1], ["baSourceID": 2, "bmControls": 1], 16),
        (asl.uac1General, [:], [:], 7), (asl.uac1EndpointGeneral, [:], [:], 7),
        (asl.uac1TypeI, ["bSamFreqType": 2], [:], 14), (asl.uac1TypeI, ["bSamFreqType": 0], [:], 14),
        (asl.uac1TypeI, ["bSamFreqType": 3], [:], 17), (asl.uac1TypeII, ["bSamFreqType": 1], [:], 12),
        (asl.uac1TypeIII, ["bSamFreqType": 1], [:], 11),
        // Audio 2.0 Tables 4-5 .. 4-20, Audio Data Formats 2.0 §2.3
        (ac2[0x01]!, [:], [:], 9), (ac2[0x02]!, [:], [:], 17), (ac2[0x03]!, [:], [:], 12),
        (ac2[0x04]!, ["bNrInPins": 2], ["baSourceID": 2], 15),
        (ac2[0x05]!, ["bNrInPins": 2], ["baSourceID": 2], 9),
        (ac2[0x06]!, [:], [:], 10), (ac2[0x07]!, [:], [:], 12),
        (ac2[0x08]!, ["bNrInPins": 2, "wProcessType": 3], ["baSourceID": 2], 18),
        (ac2[0x08]!, ["bNrInPins": 1, "wProcessType": 2, "bNrModes": 2], ["baSourceID": 1, "daModes": 2], 26),
        (ac2[0x09]!, ["bNrInPins": 1], ["baSourceID": 1], 16),
        (ac2[0x0A]!, [:], [:], 8), (ac2[0x0B]!, ["bNrInPins": 2], ["baCSourceID": 2], 9), (ac2[0x0C]!, [:], [:], 7),
        (ac2[0x0D]!, [:], [:], 8),
        (asl.uac2General, [:], [:], 16), (asl.uac2TypeI, [:], [:], 6), (asl.uac2TypeII, [:], [:], 8),
        (asl.uac2TypeIII, [:], [:], 6), (asl.uac2TypeIV, [:], [:], 4), (asl.uac2EndpointGeneral, [:], [:], 8),
        // UAC3: the struct sizes and validate.c sums of Linux (audio-v3.h, validate.c @17eb881)
        (ac3[0x01]!, [:], [:], 10), (ac3[0x02]!, [:], [:], 20), (ac3[0x03]!, [:], [:], 19),
        (ac3[0x05]!, ["bNrInPins": 2], ["baSourceID": 2], 9),            // 5 + p + wClusterDescrID
        (ac3[0x06]!, ["bNrInPins": 2], ["baSourceID": 2], 13),           // 5 + p + 4 + 2
        (ac3[0x07]!, [:], [:], 11),                                      // 5 + 4 + 2
        (ac3[0x08]!, [:], [:], 7),
        (ac3[0x09]!, ["bNrInPins": 1], ["baSourceID": 1], 14),           // 7 + p + 2 + 4
        (ac3[0x0A]!, ["bNrInPins": 1], ["baSourceID": 1], 16),           // 7 + p + 6 + 2
        (ac3[0x0B]!, [:], [:], 12), (ac3[0x0C]!, ["bNrInPins": 2], ["baCSourceID": 2], 13), (ac3[0x0D]!, [:], [:], 11),
        (ac3[0x0E]!, [:], [:], 9),
        (ac3[0x10]!, ["bNrEntities": 3], ["baEntityID": 3], 14),         // 9 + n + wPDomainDescrStr
        (asl.uac3General, [:], [:], 23), (asl.uac3ValidFreqRange, [:], [:], 11), (asl.uac3EndpointGeneral, [:], [:], 10),
    ]

    @Test func rowMinimumsAreTheSpecNumbers() {
        for (layout, values, arrays, want) in Self.cases {
            #expect(layout.length != nil, "\(layout.id) has no length rule")
            let d = Self.descriptor(layout, values, arrays: arrays)
            #expect(layout.minimumLength(of: d) == want, "\(layout.id) \(values): \(layout.minimumLength(of: d)), spec \(want)")
        }
    }

    /// Every class-specific audio layout has a rule, except those that decode a descriptor only in part on
    /// purpose (encoder/decoder, extended format types, unknown format types, UAC1 FORMAT_SPECIFIC) and the
    /// two UAC3 ones that are High Capability descriptors (fetched by request, never in a configuration).
    @Test func everyAudioLayoutHasARuleOrAReason() {
        var layouts = Array(Self.ac1.values) + Array(Self.ac2.values) + Array(Self.ac3.values)
        for v in AudioClassVersion.allCases {
            for sub: UInt8 in 1...4 {
                for ft: UInt8 in [1, 2, 3, 4, 0x81, 0x82, 0x83, 9] {
                    if let l = AudioStreamingLayouts.interfaceLayout(version: v, subtype: sub, formatType: ft) { layouts.append(l) }
                }
            }
            if let l = AudioStreamingLayouts.endpointLayout(version: v, subtype: 1) { layouts.append(l) }
        }
        let without = Set(layouts.filter { $0.length == nil }.map(\.id))
        let byDesign: Set<String> = ["UAC1_FORMAT_SPECIFIC", "UAC2_EXT_FORMAT_TYPE_I", "UAC2_EXT_FORMAT_TYPE_II",
                                     "UAC2_EXT_FORMAT_TYPE_III", "UAC2_FORMAT_TYPE", "UAC2_ENCODER", "UAC2_DECODER",
                                     "UAC3_EXTENDED_TERMINAL", "UAC3_CONNECTORS"]
        #expect(without.isSubset(of: byDesign), "layouts without a length rule: \(without.subtracting(byDesign).sorted())")
        let uac3 = Set(layouts.filter { $0.id.hasPrefix("UAC3_") && $0.length != nil }.map(\.id))
        #expect(uac3.count == 17, "\(uac3.sorted())")
    }

    /// A UAC2 Mixer Unit one byte short of the spec still passes validate.c (validate_mixer_unit leaves out
    /// bNrChannels); two bytes short it does not.
    @Test func linuxLineFollowsValidateC() {
        let rule = Self.ac2[0x04]!.length!
        let accepted = rule.linux.line(bLength: 14, minimum: 15, [:])
        #expect(accepted.contains("requires only 14 bytes") && accepted.contains("validate_mixer_unit") && accepted.contains("accepts it"), "\(accepted)")
        let rejected = rule.linux.line(bLength: 13, minimum: 15, [:])
        #expect(rejected.contains("requires at least 14 bytes") && rejected.contains("ignored"), "\(rejected)")
        let it = Self.ac2[0x02]!.length!.linux.line(bLength: 16, minimum: 17, [:])
        #expect(it.contains("requires at least 17 bytes"), "\(it)")
    }

    /// UAC-LEN-001 on a UAC3 function: a 11-byte Clock Source (Linux: struct uac3_clock_source_descriptor, 12).
    @Test func uac3ClockSourceTooShort() {
        var b = DescriptorBuilder()
        b.device()
        b.configuration(interfaces: 1)
        b.interface(0, endpoints: 0, subclass: 1, proto: 0x30)
        b.add(Self.ac3[0x01]!, DescriptorBuilder.v(["bCategory": 0, "wTotalLength": 0, "bmControls": 0]))
        b.add(Self.ac3[0x0B]!, DescriptorBuilder.v(["bClockID": 9, "bmAttributes": 1, "bmControls": 0, "bReferenceTerminal": 0,
                                                    "wClockSourceStr": 0]))
        b.entries[b.entries.count - 1].cut = 11
        b.set(at: b.entries.count - 1, "bLength", [11])
        let found = b.check().findings.filter { $0.ruleID == "UAC-LEN-001" }
        #expect(found.count == 1, "\(found.map(\.message))")
        let text = found.first.map { $0.message + " " + $0.hosts.map(\.text).joined(separator: " ") } ?? ""
        #expect(text.contains("UAC3 CLOCK_SOURCE") && text.contains("bLength 11") && text.contains("at least 12"), "\(text)")
        #expect(text.contains("requires at least 12 bytes"), "\(text)")
    }
}
