/// AudioControl interface descriptors of UAC1 (Audio 1.0 §4.3.2), UAC2 (Audio 2.0 §4.7) and UAC3 (§4.5).
public enum AudioControlLayouts {
    static let itControls = ["Copy Protect", "Connector", "Overload", "Cluster", "Underflow", "Overflow"]
    static let otControls = ["Copy Protect", "Connector", "Overload", "Underflow", "Overflow"]
    static let featureControls = ["Mute", "Volume", "Bass", "Mid", "Treble", "Graphic Equalizer", "Automatic Gain",
                                  "Delay", "Bass Boost", "Loudness", "Input Gain", "Input Gain Pad", "Phase Inverter",
                                  "Underflow", "Overflow"]
    static let uac1FeatureControls = ["Mute", "Volume", "Bass", "Mid", "Treble", "Graphic Equalizer", "Automatic Gain",
                                      "Delay", "Bass Boost", "Loudness"]

    static func ac(_ v: String, _ sub: String, _ fields: [FieldSpec], selector: String? = nil,
                   variants: [UInt64: [FieldSpec]] = [:], length: LengthRule? = nil,
                   lsusbNames: [String: String] = [:]) -> DescriptorLayout {
        DescriptorLayout(id: "\(v)_\(sub)", title: "AudioControl Interface Descriptor", subtype: sub,
                         fields: csHeader + fields, variantSelector: selector, variants: variants, length: length,
                         lsusbNames: lsusbNames)
    }

    // MARK: UAC1
    public static let uac1: [UInt8: DescriptorLayout] = [
        0x01: ac("UAC1", "HEADER", [.u16("bcdADC", .bcd), .u16("wTotalLength"), .u8("bInCollection"),
                                    .array("baInterfaceNr", count: .field("bInCollection"))],
                 length: .init("Audio 1.0 §4.3.2 (Table 4-2)", formula: "8 + bInCollection", linux: .validated("FUNC(UAC_VERSION_1, UAC_HEADER, validate_uac1_header)"))),
        0x02: ac("UAC1", "INPUT_TERMINAL", [.u8("bTerminalID", .entityID), .u16("wTerminalType", .names(.terminalType)),
                                            .u8("bAssocTerminal", .entityID), .u8("bNrChannels"),
                                            .u16("wChannelConfig", .uac1ChannelConfig), .u8("iChannelNames", .stringIndex),
                                            .u8("iTerminal", .stringIndex)],
                 length: .init("Audio 1.0 §4.3.2.1 (Table 4-3)", linux: .validated("FIXED(UAC_VERSION_1, UAC_INPUT_TERMINAL, struct uac_input_terminal_descriptor)"))),
        0x03: ac("UAC1", "OUTPUT_TERMINAL", [.u8("bTerminalID", .entityID), .u16("wTerminalType", .names(.terminalType)),
                                             .u8("bAssocTerminal", .entityID), .u8("bSourceID", .entityID),
                                             .u8("iTerminal", .stringIndex)],
                 length: .init("Audio 1.0 §4.3.2.2 (Table 4-4)", linux: .validated("FIXED(UAC_VERSION_1, UAC_OUTPUT_TERMINAL, struct uac1_output_terminal_descriptor)"))),
        0x04: ac("UAC1", "MIXER_UNIT", [.u8("bUnitID", .entityID), .u8("bNrInPins"),
                                        .array("baSourceID", count: .field("bNrInPins"), .entityID), .u8("bNrChannels"),
                                        .u16("wChannelConfig", .uac1ChannelConfig), .u8("iChannelNames", .stringIndex),
                                        .array("bmControls", count: .remaining(reserve: 1), .hex), .u8("iMixer", .stringIndex)],
                 length: .init("Audio 1.0 §4.3.2.3 (Table 4-5)", formula: "10 + bNrInPins + bmControls bytes",
                         linux: .validated("FUNC(UAC_VERSION_1, UAC_MIXER_UNIT, validate_mixer_unit)", short: 1))),
        0x05: ac("UAC1", "SELECTOR_UNIT", [.u8("bUnitID", .entityID), .u8("bNrInPins"),
                                           .array("baSourceID", count: .field("bNrInPins"), .entityID),
                                           .u8("iSelector", .stringIndex)],
                 length: .init("Audio 1.0 §4.3.2.4 (Table 4-6)", formula: "6 + bNrInPins", linux: .validated("FUNC(UAC_VERSION_1, UAC_SELECTOR_UNIT, validate_selector_unit)")),
                 lsusbNames: ["baSource": "baSourceID"]),
        0x06: ac("UAC1", "FEATURE_UNIT", [.u8("bUnitID", .entityID), .u8("bSourceID", .entityID), .u8("bControlSize"),
                                          FieldSpec("bmaControls", width: .field("bControlSize"), count: .remaining(reserve: 1),
                                                    display: .bitmap(uac1FeatureControls)),
                                          .u8("iFeature", .stringIndex)],
                 length: .init("Audio 1.0 §4.3.2.5 (Table 4-7)", formula: "7 + (channels + 1) × bControlSize", atLeast: ["bmaControls": 1],
                         linux: .validated("FUNC(UAC_VERSION_1, UAC_FEATURE_UNIT, validate_uac1_feature_unit)"))),
        0x07: ac("UAC1", "PROCESSING_UNIT", [.u8("bUnitID", .entityID), .u16("wProcessType", .names(.uac1ProcessType)),
                                             .u8("bNrInPins"), .array("baSourceID", count: .field("bNrInPins"), .entityID),
                                             .u8("bNrChannels"), .u16("wChannelConfig", .uac1ChannelConfig),
                                             .u8("iChannelNames", .stringIndex), .u8("bControlSize"),
                                             .array("bmControls", count: .field("bControlSize"), .hex),
                                             .u8("iProcessing", .stringIndex)],
                 selector: "wProcessType", variants: [
                    1: [.u8("bNrModes"), .array("waModes", width: 2, count: .field("bNrModes"), .uac1ChannelConfig)],
                    2: [.u8("bNrModes"), .array("waModes", width: 2, count: .field("bNrModes"), .uac1ChannelConfig)],
                 ],
                 length: .init("Audio 1.0 §4.3.2.6 (Table 4-8)", formula: "13 + bNrInPins + bControlSize (+ 1 + 2 × bNrModes for up/down-mix and Dolby Prologic)",
                         linux: .validated("FUNC(UAC_VERSION_1, UAC1_PROCESSING_UNIT, validate_processing_unit)")),
                 lsusbNames: ["bNrPins": "bNrInPins"]),
        0x08: ac("UAC1", "EXTENSION_UNIT", [.u8("bUnitID", .entityID), .u16("wExtensionCode", .hex), .u8("bNrInPins"),
                                            .array("baSourceID", count: .field("bNrInPins"), .entityID), .u8("bNrChannels"),
                                            .u16("wChannelConfig", .uac1ChannelConfig), .u8("iChannelNames", .stringIndex),
                                            .u8("bControlSize"), .array("bmControls", count: .field("bControlSize"), .hex),
                                            .u8("iExtension", .stringIndex)],
                 length: .init("Audio 1.0 §4.3.2.7 (Table 4-15)", formula: "13 + bNrInPins + bControlSize",
                         linux: .validated("FUNC(UAC_VERSION_1, UAC1_EXTENSION_UNIT, validate_processing_unit)")),
                 lsusbNames: ["bNrPins": "bNrInPins"]),
    ]

    // MARK: UAC2
    public static let uac2: [UInt8: DescriptorLayout] = [
        0x01: ac("UAC2", "HEADER", [.u16("bcdADC", .bcd), .u8("bCategory", .names(.uac2Category)), .u16("wTotalLength"),
                                    .u8("bmControls", .controls(["Latency"]))],
                 length: .init("Audio 2.0 §4.7.2 (Table 4-5)", linux: .validated("FIXED(UAC_VERSION_2, UAC_HEADER, struct uac2_ac_header_descriptor)")),
                 lsusbNames: ["bmControl": "bmControls"]),
        0x02: ac("UAC2", "INPUT_TERMINAL", [.u8("bTerminalID", .entityID), .u16("wTerminalType", .names(.terminalType)),
                                            .u8("bAssocTerminal", .entityID), .u8("bCSourceID", .entityID), .u8("bNrChannels"),
                                            .u32("bmChannelConfig", .channelConfig), .u8("iChannelNames", .stringIndex),
                                            .u16("bmControls", .controls(itControls)), .u8("iTerminal", .stringIndex)],
                 length: .init("Audio 2.0 §4.7.2.4 (Table 4-9)", linux: .validated("FIXED(UAC_VERSION_2, UAC_INPUT_TERMINAL, struct uac2_input_terminal_descriptor)"))),
        0x03: ac("UAC2", "OUTPUT_TERMINAL", [.u8("bTerminalID", .entityID), .u16("wTerminalType", .names(.terminalType)),
                                             .u8("bAssocTerminal", .entityID), .u8("bSourceID", .entityID),
                                             .u8("bCSourceID", .entityID), .u16("bmControls", .controls(otControls)),
                                             .u8("iTerminal", .stringIndex)],
                 length: .init("Audio 2.0 §4.7.2.5 (Table 4-10)", linux: .validated("FIXED(UAC_VERSION_2, UAC_OUTPUT_TERMINAL, struct uac2_output_terminal_descriptor)"))),
        0x04: ac("UAC2", "MIXER_UNIT", [.u8("bUnitID", .entityID), .u8("bNrInPins"),
                                        .array("baSourceID", count: .field("bNrInPins"), .entityID), .u8("bNrChannels"),
                                        .u32("bmChannelConfig", .channelConfig), .u8("iChannelNames", .stringIndex),
                                        .array("bmMixerControls", count: .remaining(reserve: 2), .hex),
                                        .u8("bmControls", .controls(["Cluster", "Underflow", "Overflow"])),
                                        .u8("iMixer", .stringIndex)],
                 length: .init("Audio 2.0 §4.7.2.6 (Table 4-11)", formula: "13 + bNrInPins + bmMixerControls bytes",
                         linux: .validated("FUNC(UAC_VERSION_2, UAC_MIXER_UNIT, validate_mixer_unit)", short: 1)),
                 lsusbNames: ["bNrPins": "bNrInPins"]),
        0x05: ac("UAC2", "SELECTOR_UNIT", [.u8("bUnitID", .entityID), .u8("bNrInPins"),
                                           .array("baSourceID", count: .field("bNrInPins"), .entityID),
                                           .u8("bmControls", .controls(["Selector"])), .u8("iSelector", .stringIndex)],
                 length: .init("Audio 2.0 §4.7.2.7 (Table 4-12)", formula: "7 + bNrInPins", linux: .validated("FUNC(UAC_VERSION_2, UAC_SELECTOR_UNIT, validate_selector_unit)")),
                 lsusbNames: ["baSource": "baSourceID"]),
        0x06: ac("UAC2", "FEATURE_UNIT", [.u8("bUnitID", .entityID), .u8("bSourceID", .entityID),
                                          .array("bmaControls", width: 4, count: .remaining(reserve: 1), .controls(featureControls)),
                                          .u8("iFeature", .stringIndex)],
                 length: .init("Audio 2.0 §4.7.2.8 (Table 4-13)", formula: "6 + (channels + 1) × 4, at least 10", atLeast: ["bmaControls": 1],
                         linux: .validated("FUNC(UAC_VERSION_2, UAC_FEATURE_UNIT, validate_uac2_feature_unit)"))),
        0x07: ac("UAC2", "EFFECT_UNIT", [.u8("bUnitID", .entityID), .u16("wEffectType", .names(.uac2EffectType)),
                                         .u8("bSourceID", .entityID),
                                         .array("bmaControls", width: 4, count: .remaining(reserve: 1), .hex),
                                         .u8("iEffects", .stringIndex)],
                 length: .init("Audio 2.0 §4.7.2.10", formula: "8 + (channels + 1) × 4, at least 12", atLeast: ["bmaControls": 1],
                         linux: .notValidated(LinuxLengthCheck.lsusbShort))),
        0x08: ac("UAC2", "PROCESSING_UNIT", [.u8("bUnitID", .entityID), .u16("wProcessType", .names(.uac2ProcessType)),
                                             .u8("bNrInPins"), .array("baSourceID", count: .field("bNrInPins"), .entityID),
                                             .u8("bNrChannels"), .u32("bmChannelConfig", .channelConfig),
                                             .u8("iChannelNames", .stringIndex),
                                             .u16("bmControls", .controls(["Enable", "Mode Select", "Cluster", "Underflow", "Overflow"])),
                                             .u8("iProcessing", .stringIndex)],
                 selector: "wProcessType", variants: [
                    1: [.u8("bNrModes"), .array("daModes", width: 4, count: .field("bNrModes"), .channelConfig)],
                    2: [.u8("bNrModes"), .array("daModes", width: 4, count: .field("bNrModes"), .channelConfig)],
                 ],
                 length: .init("Audio 2.0 §4.7.2.11", formula: "16 + bNrInPins (+ 1 + 4 × bNrModes for up/down-mix and Dolby Prologic)",
                         linux: .validated("FUNC(UAC_VERSION_2, UAC2_PROCESSING_UNIT_V2, validate_processing_unit)")),
                 lsusbNames: ["bNrPins": "bNrInPins"]),
        0x09: ac("UAC2", "EXTENSION_UNIT", [.u8("bUnitID", .entityID), .u16("wExtensionCode", .hex), .u8("bNrInPins"),
                                            .array("baSourceID", count: .field("bNrInPins"), .entityID), .u8("bNrChannels"),
                                            .u32("bmChannelConfig", .channelConfig), .u8("iChannelNames", .stringIndex),
                                            .u8("bmControls", .controls(["Enable", "Cluster", "Underflow", "Overflow"])),
                                            .u8("iExtension", .stringIndex)],
                 length: .init("Audio 2.0 §4.7.2.12", formula: "15 + bNrInPins", linux: .validated("FUNC(UAC_VERSION_2, UAC2_EXTENSION_UNIT_V2, validate_processing_unit)")),
                 lsusbNames: ["bNrPins": "bNrInPins"]),
        0x0A: ac("UAC2", "CLOCK_SOURCE", [.u8("bClockID", .entityID), .u8("bmAttributes", .hex),
                                          .u8("bmControls", .controls(["Clock Frequency", "Clock Validity"])),
                                          .u8("bAssocTerminal", .entityID), .u8("iClockSource", .stringIndex)],
                 length: .init("Audio 2.0 §4.7.2.1 (Table 4-6)", linux: .validated("FIXED(UAC_VERSION_2, UAC2_CLOCK_SOURCE, struct uac_clock_source_descriptor)"))),
        0x0B: ac("UAC2", "CLOCK_SELECTOR", [.u8("bClockID", .entityID), .u8("bNrInPins"),
                                            .array("baCSourceID", count: .field("bNrInPins"), .entityID),
                                            .u8("bmControls", .controls(["Clock Selector"])), .u8("iClockSelector", .stringIndex)],
                 length: .init("Audio 2.0 §4.7.2.2 (Table 4-7)", formula: "7 + bNrInPins", linux: .validated("FUNC(UAC_VERSION_2, UAC2_CLOCK_SELECTOR, validate_selector_unit)")),
                 lsusbNames: ["bUnitID": "bClockID"]),
        0x0C: ac("UAC2", "CLOCK_MULTIPLIER", [.u8("bClockID", .entityID), .u8("bCSourceID", .entityID),
                                              .u8("bmControls", .controls(["Clock Numerator", "Clock Denominator"])),
                                              .u8("iClockMultiplier", .stringIndex)],
                 length: .init("Audio 2.0 §4.7.2.3 (Table 4-8)", linux: .validated("FIXED(UAC_VERSION_2, UAC2_CLOCK_MULTIPLIER, struct uac_clock_multiplier_descriptor)"))),
        // lsusb decodes this with the clock-multiplier table (lsusb.c); these are the Audio 2.0 Table 4-20 fields.
        0x0D: ac("UAC2", "SAMPLE_RATE_CONVERTER", [.u8("bUnitID", .entityID), .u8("bSourceID", .entityID),
                                                   .u8("bCSourceInID", .entityID), .u8("bCSourceOutID", .entityID),
                                                   .u8("iSRC", .stringIndex)],
                 length: .init("Audio 2.0 §4.7.2.9", linux: .notValidated(LinuxLengthCheck.lsusbShort)),
                 lsusbNames: ["bClockID": "bUnitID", "bCSourceID": "bSourceID", "bmControls": "bCSourceInID",
                                       "iClockMultiplier": "bCSourceOutID"]),
    ]

    // MARK: UAC3 (ids, links and lengths; class-specific strings and clusters are fetched by requests)
    public static let uac3: [UInt8: DescriptorLayout] = [
        0x01: ac("UAC3", "HEADER", [.u8("bCategory", .names(.uac2Category)), .u16("wTotalLength"), .u32("bmControls", .hex)],
                 length: .init("Audio 3.0 §4.5.2", linux: .notValidated(LinuxLengthCheck.uac3Header))),
        0x02: ac("UAC3", "INPUT_TERMINAL", [.u8("bTerminalID", .entityID), .u16("wTerminalType", .names(.terminalType)),
                                            .u8("bAssocTerminal", .entityID), .u8("bCSourceID", .entityID),
                                            .u32("bmControls", .hex), .u16("wClusterDescrID"), .u16("wExTerminalDescrID"),
                                            .u16("wConnectorsDescrID"), .u16("wTerminalDescrStr")],
                 length: .init("Audio 3.0 §4.5.2.1", linux: .validated("FIXED(UAC_VERSION_3, UAC_INPUT_TERMINAL, struct uac3_input_terminal_descriptor)"))),
        0x03: ac("UAC3", "OUTPUT_TERMINAL", [.u8("bTerminalID", .entityID), .u16("wTerminalType", .names(.terminalType)),
                                             .u8("bAssocTerminal", .entityID), .u8("bSourceID", .entityID),
                                             .u8("bCSourceID", .entityID), .u32("bmControls", .hex),
                                             .u16("wExTerminalDescrID"), .u16("wConnectorsDescrID"), .u16("wTerminalDescrStr")],
                 length: .init("Audio 3.0 §4.5.2.2", linux: .validated("FIXED(UAC_VERSION_3, UAC_OUTPUT_TERMINAL, struct uac3_output_terminal_descriptor)"))),
        0x04: ac("UAC3", "EXTENDED_TERMINAL", [.u8("bTerminalID", .entityID)]),
        0x05: ac("UAC3", "MIXER_UNIT", [.u8("bUnitID", .entityID), .u8("bNrInPins"),
                                        .array("baSourceID", count: .field("bNrInPins"), .entityID)],
                 length: .init("Audio 3.0 §4.5.2", formula: "7 + bNrInPins (wClusterDescrID; bmMixerControls and what follows not counted)", undecoded: 2,
                         linux: .validated("FUNC(UAC_VERSION_3, UAC3_MIXER_UNIT, validate_mixer_unit)"))),
        0x06: ac("UAC3", "SELECTOR_UNIT", [.u8("bUnitID", .entityID), .u8("bNrInPins"),
                                           .array("baSourceID", count: .field("bNrInPins"), .entityID),
                                           .u32("bmControls", .hex), .u16("wSelectorDescrStr")],
                 length: .init("Audio 3.0 §4.5.2", formula: "11 + bNrInPins", linux: .validated("FUNC(UAC_VERSION_3, UAC3_SELECTOR_UNIT, validate_selector_unit)"))),
        0x07: ac("UAC3", "FEATURE_UNIT", [.u8("bUnitID", .entityID), .u8("bSourceID", .entityID),
                                          .array("bmaControls", width: 4, count: .remaining(reserve: 2), .hex),
                                          .u16("wFeatureDescrStr")],
                 length: .init("Audio 3.0 §4.5.2.7", formula: "7 + (channels + 1) × 4, at least 11", atLeast: ["bmaControls": 1],
                         linux: .validated("FUNC(UAC_VERSION_3, UAC3_FEATURE_UNIT, validate_uac3_feature_unit)"))),
        0x08: ac("UAC3", "EFFECT_UNIT", [.u8("bUnitID", .entityID), .u16("wEffectType"), .u8("bSourceID", .entityID)],
                 length: .init("Audio 3.0 §4.5.2", formula: "7 bytes (bUnitID, wEffectType, bSourceID; the controls after them not counted)",
                         linux: .notValidated(LinuxLengthCheck.uac3NotImplemented))),
        0x09: ac("UAC3", "PROCESSING_UNIT", [.u8("bUnitID", .entityID), .u16("wProcessingType"), .u8("bNrInPins"),
                                             .array("baSourceID", count: .field("bNrInPins"), .entityID)],
                 length: .init("Audio 3.0 §4.5.2", formula: "13 + bNrInPins (bmControls, wProcessingDescrStr; the process-specific part not counted)", undecoded: 6,
                         linux: .validated("FUNC(UAC_VERSION_3, UAC3_PROCESSING_UNIT, validate_processing_unit)")),
                 lsusbNames: ["wProcessType": "wProcessingType"]),
        0x0A: ac("UAC3", "EXTENSION_UNIT", [.u8("bUnitID", .entityID), .u16("wExtensionCode", .hex), .u8("bNrInPins"),
                                            .array("baSourceID", count: .field("bNrInPins"), .entityID)],
                 length: .init("Audio 3.0 §4.5.2", formula: "15 + bNrInPins (bmControls, wClusterDescrID, wExtensionDescrStr)", undecoded: 8,
                         linux: .validated("FUNC(UAC_VERSION_3, UAC3_EXTENSION_UNIT, validate_processing_unit)"))),
        0x0B: ac("UAC3", "CLOCK_SOURCE", [.u8("bClockID", .entityID), .u8("bmAttributes", .hex), .u32("bmControls", .hex),
                                          .u8("bReferenceTerminal", .entityID), .u16("wClockSourceStr")],
                 length: .init("Audio 3.0 §4.5.2.12", linux: .validated("FIXED(UAC_VERSION_3, UAC3_CLOCK_SOURCE, struct uac3_clock_source_descriptor)"))),
        0x0C: ac("UAC3", "CLOCK_SELECTOR", [.u8("bClockID", .entityID), .u8("bNrInPins"),
                                            .array("baCSourceID", count: .field("bNrInPins"), .entityID),
                                            .u32("bmControls", .hex), .u16("wCSelectorDescrStr")],
                 length: .init("Audio 3.0 §4.5.2.13", formula: "11 + bNrInPins", linux: .validated("FUNC(UAC_VERSION_3, UAC3_CLOCK_SELECTOR, validate_selector_unit)"))),
        0x0D: ac("UAC3", "CLOCK_MULTIPLIER", [.u8("bClockID", .entityID), .u8("bCSourceID", .entityID),
                                              .u32("bmControls", .hex), .u16("wCMultiplierDescrStr")],
                 length: .init("Audio 3.0 §4.5.2.14", linux: .validated("FIXED(UAC_VERSION_3, UAC3_CLOCK_MULTIPLIER, struct uac3_clock_multiplier_descriptor)"))),
        0x0E: ac("UAC3", "SAMPLE_RATE_CONVERTER", [.u8("bUnitID", .entityID), .u8("bSourceID", .entityID),
                                                   .u8("bCSourceInID", .entityID), .u8("bCSourceOutID", .entityID),
                                                   .u16("wSRCDescrStr")],
                 length: .init("Audio 3.0 §4.5.2", linux: .notValidated(LinuxLengthCheck.uac3NotImplemented)),
                 lsusbNames: ["bClockID": "bUnitID", "bCSourceID": "bSourceID"]),
        0x0F: ac("UAC3", "CONNECTORS", [.u8("bEntityID", .entityID)]),
        0x10: ac("UAC3", "POWER_DOMAIN", [.u8("bPowerDomainID", .entityID), .u16("waRecoveryTime1"), .u16("waRecoveryTime2"),
                                          .u8("bNrEntities"), .array("baEntityID", count: .field("bNrEntities"), .entityID),
                                          .u16("wPDomainDescrStr")],
                 length: .init("Audio 3.0 §4.5.2.15", formula: "11 + bNrEntities",
                         linux: .validated("FUNC(UAC_VERSION_3, UAC3_POWER_DOMAIN, validate_uac3_power_domain_unit)"))),
    ]

    public static func layout(version: AudioClassVersion, subtype: UInt8) -> DescriptorLayout? {
        switch version {
        case .uac1: return uac1[subtype]
        case .uac2: return uac2[subtype]
        case .uac3: return uac3[subtype]
        }
    }
}

/// The audio function's class version, from bInterfaceProtocol / bFunctionProtocol.
public enum AudioClassVersion: String, Sendable, Hashable, Codable, CaseIterable {
    case uac1 = "UAC1", uac2 = "UAC2", uac3 = "UAC3"

    public init(protocol p: Int) {
        switch p {
        case 0x20: self = .uac2
        case 0x30: self = .uac3
        default: self = .uac1
        }
    }

    public var interfaceProtocol: UInt8 {
        switch self {
        case .uac1: return 0x00
        case .uac2: return 0x20
        case .uac3: return 0x30
        }
    }
}
