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
                   variants: [UInt64: [FieldSpec]] = [:]) -> DescriptorLayout {
        DescriptorLayout(id: "\(v)_\(sub)", title: "AudioControl Interface Descriptor", subtype: sub,
                         fields: csHeader + fields, variantSelector: selector, variants: variants)
    }

    // MARK: UAC1
    public static let uac1: [UInt8: DescriptorLayout] = [
        0x01: ac("UAC1", "HEADER", [.u16("bcdADC", .bcd), .u16("wTotalLength"), .u8("bInCollection"),
                                    .array("baInterfaceNr", count: .field("bInCollection"))]),
        0x02: ac("UAC1", "INPUT_TERMINAL", [.u8("bTerminalID", .entityID), .u16("wTerminalType", .names(.terminalType)),
                                            .u8("bAssocTerminal", .entityID), .u8("bNrChannels"),
                                            .u16("wChannelConfig", .uac1ChannelConfig), .u8("iChannelNames", .stringIndex),
                                            .u8("iTerminal", .stringIndex)]),
        0x03: ac("UAC1", "OUTPUT_TERMINAL", [.u8("bTerminalID", .entityID), .u16("wTerminalType", .names(.terminalType)),
                                             .u8("bAssocTerminal", .entityID), .u8("bSourceID", .entityID),
                                             .u8("iTerminal", .stringIndex)]),
        0x04: ac("UAC1", "MIXER_UNIT", [.u8("bUnitID", .entityID), .u8("bNrInPins"),
                                        .array("baSourceID", count: .field("bNrInPins"), .entityID), .u8("bNrChannels"),
                                        .u16("wChannelConfig", .uac1ChannelConfig), .u8("iChannelNames", .stringIndex),
                                        .array("bmControls", count: .remaining(reserve: 1), .hex), .u8("iMixer", .stringIndex)]),
        0x05: ac("UAC1", "SELECTOR_UNIT", [.u8("bUnitID", .entityID), .u8("bNrInPins"),
                                           .array("baSourceID", count: .field("bNrInPins"), .entityID),
                                           .u8("iSelector", .stringIndex)]),
        0x06: ac("UAC1", "FEATURE_UNIT", [.u8("bUnitID", .entityID), .u8("bSourceID", .entityID), .u8("bControlSize"),
                                          FieldSpec("bmaControls", width: .field("bControlSize"), count: .remaining(reserve: 1),
                                                    display: .bitmap(uac1FeatureControls)),
                                          .u8("iFeature", .stringIndex)]),
        0x07: ac("UAC1", "PROCESSING_UNIT", [.u8("bUnitID", .entityID), .u16("wProcessType", .names(.uac1ProcessType)),
                                             .u8("bNrInPins"), .array("baSourceID", count: .field("bNrInPins"), .entityID),
                                             .u8("bNrChannels"), .u16("wChannelConfig", .uac1ChannelConfig),
                                             .u8("iChannelNames", .stringIndex), .u8("bControlSize"),
                                             .array("bmControls", count: .field("bControlSize"), .hex),
                                             .u8("iProcessing", .stringIndex)],
                 selector: "wProcessType", variants: [
                    1: [.u8("bNrModes"), .array("waModes", width: 2, count: .field("bNrModes"), .uac1ChannelConfig)],
                    2: [.u8("bNrModes"), .array("waModes", width: 2, count: .field("bNrModes"), .uac1ChannelConfig)],
                 ]),
        0x08: ac("UAC1", "EXTENSION_UNIT", [.u8("bUnitID", .entityID), .u16("wExtensionCode", .hex), .u8("bNrInPins"),
                                            .array("baSourceID", count: .field("bNrInPins"), .entityID), .u8("bNrChannels"),
                                            .u16("wChannelConfig", .uac1ChannelConfig), .u8("iChannelNames", .stringIndex),
                                            .u8("bControlSize"), .array("bmControls", count: .field("bControlSize"), .hex),
                                            .u8("iExtension", .stringIndex)]),
    ]

    // MARK: UAC2
    public static let uac2: [UInt8: DescriptorLayout] = [
        0x01: ac("UAC2", "HEADER", [.u16("bcdADC", .bcd), .u8("bCategory", .names(.uac2Category)), .u16("wTotalLength"),
                                    .u8("bmControls", .controls(["Latency"]))]),
        0x02: ac("UAC2", "INPUT_TERMINAL", [.u8("bTerminalID", .entityID), .u16("wTerminalType", .names(.terminalType)),
                                            .u8("bAssocTerminal", .entityID), .u8("bCSourceID", .entityID), .u8("bNrChannels"),
                                            .u32("bmChannelConfig", .channelConfig), .u8("iChannelNames", .stringIndex),
                                            .u16("bmControls", .controls(itControls)), .u8("iTerminal", .stringIndex)]),
        0x03: ac("UAC2", "OUTPUT_TERMINAL", [.u8("bTerminalID", .entityID), .u16("wTerminalType", .names(.terminalType)),
                                             .u8("bAssocTerminal", .entityID), .u8("bSourceID", .entityID),
                                             .u8("bCSourceID", .entityID), .u16("bmControls", .controls(otControls)),
                                             .u8("iTerminal", .stringIndex)]),
        0x04: ac("UAC2", "MIXER_UNIT", [.u8("bUnitID", .entityID), .u8("bNrInPins"),
                                        .array("baSourceID", count: .field("bNrInPins"), .entityID), .u8("bNrChannels"),
                                        .u32("bmChannelConfig", .channelConfig), .u8("iChannelNames", .stringIndex),
                                        .array("bmMixerControls", count: .remaining(reserve: 2), .hex),
                                        .u8("bmControls", .controls(["Cluster", "Underflow", "Overflow"])),
                                        .u8("iMixer", .stringIndex)]),
        0x05: ac("UAC2", "SELECTOR_UNIT", [.u8("bUnitID", .entityID), .u8("bNrInPins"),
                                           .array("baSourceID", count: .field("bNrInPins"), .entityID),
                                           .u8("bmControls", .controls(["Selector"])), .u8("iSelector", .stringIndex)]),
        0x06: ac("UAC2", "FEATURE_UNIT", [.u8("bUnitID", .entityID), .u8("bSourceID", .entityID),
                                          .array("bmaControls", width: 4, count: .remaining(reserve: 1), .controls(featureControls)),
                                          .u8("iFeature", .stringIndex)]),
        0x07: ac("UAC2", "EFFECT_UNIT", [.u8("bUnitID", .entityID), .u16("wEffectType", .names(.uac2EffectType)),
                                         .u8("bSourceID", .entityID),
                                         .array("bmaControls", width: 4, count: .remaining(reserve: 1), .hex),
                                         .u8("iEffects", .stringIndex)]),
        0x08: ac("UAC2", "PROCESSING_UNIT", [.u8("bUnitID", .entityID), .u16("wProcessType", .names(.uac2ProcessType)),
                                             .u8("bNrInPins"), .array("baSourceID", count: .field("bNrInPins"), .entityID),
                                             .u8("bNrChannels"), .u32("bmChannelConfig", .channelConfig),
                                             .u8("iChannelNames", .stringIndex),
                                             .u16("bmControls", .controls(["Enable", "Mode Select", "Cluster", "Underflow", "Overflow"])),
                                             .u8("iProcessing", .stringIndex)],
                 selector: "wProcessType", variants: [
                    1: [.u8("bNrModes"), .array("daModes", width: 4, count: .field("bNrModes"), .channelConfig)],
                    2: [.u8("bNrModes"), .array("daModes", width: 4, count: .field("bNrModes"), .channelConfig)],
                 ]),
        0x09: ac("UAC2", "EXTENSION_UNIT", [.u8("bUnitID", .entityID), .u16("wExtensionCode", .hex), .u8("bNrInPins"),
                                            .array("baSourceID", count: .field("bNrInPins"), .entityID), .u8("bNrChannels"),
                                            .u32("bmChannelConfig", .channelConfig), .u8("iChannelNames", .stringIndex),
                                            .u8("bmControls", .controls(["Enable", "Cluster", "Underflow", "Overflow"])),
                                            .u8("iExtension", .stringIndex)]),
        0x0A: ac("UAC2", "CLOCK_SOURCE", [.u8("bClockID", .entityID), .u8("bmAttributes", .hex),
                                          .u8("bmControls", .controls(["Clock Frequency", "Clock Validity"])),
                                          .u8("bAssocTerminal", .entityID), .u8("iClockSource", .stringIndex)]),
        0x0B: ac("UAC2", "CLOCK_SELECTOR", [.u8("bClockID", .entityID), .u8("bNrInPins"),
                                            .array("baCSourceID", count: .field("bNrInPins"), .entityID),
                                            .u8("bmControls", .controls(["Clock Selector"])), .u8("iClockSelector", .stringIndex)]),
        0x0C: ac("UAC2", "CLOCK_MULTIPLIER", [.u8("bClockID", .entityID), .u8("bCSourceID", .entityID),
                                              .u8("bmControls", .controls(["Clock Numerator", "Clock Denominator"])),
                                              .u8("iClockMultiplier", .stringIndex)]),
        // lsusb decodes this with the clock-multiplier table (lsusb.c); these are the Audio 2.0 Table 4-20 fields.
        0x0D: ac("UAC2", "SAMPLE_RATE_CONVERTER", [.u8("bUnitID", .entityID), .u8("bSourceID", .entityID),
                                                   .u8("bCSourceInID", .entityID), .u8("bCSourceOutID", .entityID),
                                                   .u8("iSRC", .stringIndex)]),
    ]

    // MARK: UAC3 (ids, links and lengths; class-specific strings and clusters are fetched by requests)
    public static let uac3: [UInt8: DescriptorLayout] = [
        0x01: ac("UAC3", "HEADER", [.u8("bCategory", .names(.uac2Category)), .u16("wTotalLength"), .u32("bmControls", .hex)]),
        0x02: ac("UAC3", "INPUT_TERMINAL", [.u8("bTerminalID", .entityID), .u16("wTerminalType", .names(.terminalType)),
                                            .u8("bAssocTerminal", .entityID), .u8("bCSourceID", .entityID),
                                            .u32("bmControls", .hex), .u16("wClusterDescrID"), .u16("wExTerminalDescrID"),
                                            .u16("wConnectorsDescrID"), .u16("wTerminalDescrStr")]),
        0x03: ac("UAC3", "OUTPUT_TERMINAL", [.u8("bTerminalID", .entityID), .u16("wTerminalType", .names(.terminalType)),
                                             .u8("bAssocTerminal", .entityID), .u8("bSourceID", .entityID),
                                             .u8("bCSourceID", .entityID), .u32("bmControls", .hex),
                                             .u16("wExTerminalDescrID"), .u16("wConnectorsDescrID"), .u16("wTerminalDescrStr")]),
        0x04: ac("UAC3", "EXTENDED_TERMINAL", [.u8("bTerminalID", .entityID)]),
        0x05: ac("UAC3", "MIXER_UNIT", [.u8("bUnitID", .entityID), .u8("bNrInPins"),
                                        .array("baSourceID", count: .field("bNrInPins"), .entityID)]),
        0x06: ac("UAC3", "SELECTOR_UNIT", [.u8("bUnitID", .entityID), .u8("bNrInPins"),
                                           .array("baSourceID", count: .field("bNrInPins"), .entityID),
                                           .u32("bmControls", .hex), .u16("wSelectorDescrStr")]),
        0x07: ac("UAC3", "FEATURE_UNIT", [.u8("bUnitID", .entityID), .u8("bSourceID", .entityID),
                                          .array("bmaControls", width: 4, count: .remaining(reserve: 2), .hex),
                                          .u16("wFeatureDescrStr")]),
        0x08: ac("UAC3", "EFFECT_UNIT", [.u8("bUnitID", .entityID), .u16("wEffectType"), .u8("bSourceID", .entityID)]),
        0x09: ac("UAC3", "PROCESSING_UNIT", [.u8("bUnitID", .entityID), .u16("wProcessingType"), .u8("bNrInPins"),
                                             .array("baSourceID", count: .field("bNrInPins"), .entityID)]),
        0x0A: ac("UAC3", "EXTENSION_UNIT", [.u8("bUnitID", .entityID), .u16("wExtensionCode", .hex), .u8("bNrInPins"),
                                            .array("baSourceID", count: .field("bNrInPins"), .entityID)]),
        0x0B: ac("UAC3", "CLOCK_SOURCE", [.u8("bClockID", .entityID), .u8("bmAttributes", .hex), .u32("bmControls", .hex),
                                          .u8("bReferenceTerminal", .entityID), .u16("wClockSourceStr")]),
        0x0C: ac("UAC3", "CLOCK_SELECTOR", [.u8("bClockID", .entityID), .u8("bNrInPins"),
                                            .array("baCSourceID", count: .field("bNrInPins"), .entityID),
                                            .u32("bmControls", .hex), .u16("wCSelectorDescrStr")]),
        0x0D: ac("UAC3", "CLOCK_MULTIPLIER", [.u8("bClockID", .entityID), .u8("bCSourceID", .entityID),
                                              .u32("bmControls", .hex), .u16("wCMultiplierDescrStr")]),
        0x0E: ac("UAC3", "SAMPLE_RATE_CONVERTER", [.u8("bUnitID", .entityID), .u8("bSourceID", .entityID),
                                                   .u8("bCSourceInID", .entityID), .u8("bCSourceOutID", .entityID),
                                                   .u16("wSRCDescrStr")]),
        0x0F: ac("UAC3", "CONNECTORS", [.u8("bEntityID", .entityID)]),
        0x10: ac("UAC3", "POWER_DOMAIN", [.u8("bPowerDomainID", .entityID), .u16("waRecoveryTime1"), .u16("waRecoveryTime2"),
                                          .u8("bNrEntities"), .array("baEntityID", count: .field("bNrEntities"), .entityID),
                                          .u16("wPDomainDescrStr")]),
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
