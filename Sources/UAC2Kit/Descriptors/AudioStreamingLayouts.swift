/// AudioStreaming interface and endpoint descriptors (Audio 1.0 §4.5, Audio 2.0 §4.9-4.10, Audio 3.0 §4.7,
/// Audio Data Formats 1.0/2.0 §2) and MIDI Streaming 1.0 §6.
public enum AudioStreamingLayouts {
    static func cs(_ v: String, _ title: String, _ sub: String, _ fields: [FieldSpec], length: LengthRule? = nil,
                   lsusbNames: [String: String] = [:]) -> DescriptorLayout {
        DescriptorLayout(id: "\(v)_\(sub)", title: title, subtype: sub, fields: csHeader + fields, length: length,
                         lsusbNames: lsusbNames)
    }
    static let asTitle = "AudioStreaming Interface Descriptor"
    static let epTitle = "AudioStreaming Endpoint Descriptor"
    static let formatBits = ["PCM", "PCM8", "IEEE_FLOAT", "ALAW", "MULAW"] + Array(repeating: "", count: 26) + ["TYPE_I_RAW_DATA"]

    // MARK: UAC1
    public static let uac1General = cs("UAC1", asTitle, "AS_GENERAL", [.u8("bTerminalLink", .entityID), .u8("bDelay"),
                                                                       .u16("wFormatTag", .names(.uac1FormatTag))],
        length: .init("Audio 1.0 §4.5.2 (Table 4-19)", linux: .stream(LinuxLengthCheck.asGeneral)))
    static let uac1TypeI = cs("UAC1", asTitle, "FORMAT_TYPE_I", [.u8("bFormatType", .names(.formatTypeCode)), .u8("bNrChannels"),
        .u8("bSubframeSize"), .u8("bBitResolution"), .u8("bSamFreqType"),
        .array("tSamFreq", width: 3, count: .samFreqTable("bSamFreqType"), .sampleRate)],
        length: .init("Audio Data Formats 1.0 §2.2.5 (Table 2-1)", formula: "8 + 3 × bSamFreqType (8 + 6 for a continuous range)",
        linux: .stream("\"{interface}:{alt} : invalid UAC_FORMAT_TYPE desc\" (the rate table is shorter than bSamFreqType)")))
    static let uac1TypeII = cs("UAC1", asTitle, "FORMAT_TYPE_II", [.u8("bFormatType", .names(.formatTypeCode)),
        .u16("wMaxBitRate"), .u16("wSamplesPerFrame"), .u8("bSamFreqType"),
        .array("tSamFreq", width: 3, count: .samFreqTable("bSamFreqType"), .sampleRate)],
        length: .init("Audio Data Formats 1.0 §2.3.5", formula: "9 + 3 × bSamFreqType", linux: .stream("\"{interface}:{alt} : invalid UAC_FORMAT_TYPE desc\"")))
    static let uac1TypeIII = cs("UAC1", asTitle, "FORMAT_TYPE_III", [.u8("bFormatType", .names(.formatTypeCode)), .u8("bNrChannels"),
        .u8("bSubframeSize"), .u8("bBitResolution"), .u8("bSamFreqType"),
        .array("tSamFreq", width: 3, count: .samFreqTable("bSamFreqType"), .sampleRate)],
        length: .init("Audio Data Formats 1.0 §2.4.1", formula: "8 + 3 × bSamFreqType", linux: .stream("\"{interface}:{alt} : invalid UAC_FORMAT_TYPE desc\"")))
    static let uac1FormatSpecific = cs("UAC1", asTitle, "FORMAT_SPECIFIC", [.u16("wFormatTag", .names(.uac1FormatTag))])
    public static let uac1EndpointGeneral = cs("UAC1", epTitle, "EP_GENERAL", [
        .u8("bmAttributes", .bitmap(["Sampling Frequency", "Pitch", "", "", "", "", "", "MaxPacketsOnly"])),
        .u8("bLockDelayUnits", .names(.lockDelayUnits)), .u16("wLockDelay")],
        length: .init("Audio 1.0 §4.6.1.2 (Table 4-21)", linux: .stream(LinuxLengthCheck.endpoint)))

    // MARK: UAC2
    public static let uac2General = cs("UAC2", asTitle, "AS_GENERAL", [.u8("bTerminalLink", .entityID),
        .u8("bmControls", .controls(["Active Alternate Setting", "Valid Alternate Settings"])),
        .u8("bFormatType", .names(.formatTypeCode)), .u32("bmFormats", .bitmap(formatBits)), .u8("bNrChannels"),
        .u32("bmChannelConfig", .channelConfig), .u8("iChannelNames", .stringIndex)],
        length: .init("Audio 2.0 §4.9.2 (Table 4-27)", linux: .stream(LinuxLengthCheck.asGeneral)))
    static let uac2TypeI = cs("UAC2", asTitle, "FORMAT_TYPE_I", [.u8("bFormatType", .names(.formatTypeCode)),
        .u8("bSubslotSize"), .u8("bBitResolution")],
        length: .init("Audio Data Formats 2.0 §2.3.1.6", linux: .stream(LinuxLengthCheck.formatType)))
    static let uac2TypeII = cs("UAC2", asTitle, "FORMAT_TYPE_II", [.u8("bFormatType", .names(.formatTypeCode)),
        .u16("wMaxBitRate"), .u16("wSlotsPerFrame")],
        length: .init("Audio Data Formats 2.0 §2.3.2.6", linux: .stream(LinuxLengthCheck.formatType)))
    static let uac2TypeIII = cs("UAC2", asTitle, "FORMAT_TYPE_III", [.u8("bFormatType", .names(.formatTypeCode)),
        .u8("bSubslotSize"), .u8("bBitResolution")],
        length: .init("Audio Data Formats 2.0 §2.3.3.1", linux: .stream(LinuxLengthCheck.formatType)))
    static let uac2TypeIV = cs("UAC2", asTitle, "FORMAT_TYPE_IV", [.u8("bFormatType", .names(.formatTypeCode))],
        length: .init("Audio Data Formats 2.0 §2.3.4.1", linux: .stream("\"{interface}:{alt} : invalid UAC_FORMAT_TYPE desc\"")))
    static let uac2ExtTypeI = cs("UAC2", asTitle, "EXT_FORMAT_TYPE_I", [.u8("bFormatType", .names(.formatTypeCode)),
        .u8("bSubslotSize"), .u8("bBitResolution"), .u8("bHeaderLength"), .u8("bControlSize"), .u8("bSideBandProtocol")])
    static let uac2ExtTypeII = cs("UAC2", asTitle, "EXT_FORMAT_TYPE_II", [.u8("bFormatType", .names(.formatTypeCode)),
        .u16("wMaxBitRate"), .u16("wSamplesPerFrame"), .u8("bHeaderLength"), .u8("bSideBandProtocol")])
    static let uac2ExtTypeIII = cs("UAC2", asTitle, "EXT_FORMAT_TYPE_III", [.u8("bFormatType", .names(.formatTypeCode)),
        .u8("bSubslotSize"), .u8("bBitResolution"), .u8("bHeaderLength"), .u8("bSideBandProtocol")])
    static let uac2FormatUnknown = cs("UAC2", asTitle, "FORMAT_TYPE", [.u8("bFormatType", .names(.formatTypeCode))])
    static let uac2Encoder = cs("UAC2", asTitle, "ENCODER", [.u8("bEncoderID", .entityID), .u8("bEncoder"),
        .u32("bmControls", .hex), .array("iParam", count: .remaining(reserve: 1), .stringIndex), .u8("iEncoder", .stringIndex)])
    static let uac2Decoder = cs("UAC2", asTitle, "DECODER", [.u8("bDecoderID", .entityID), .u8("bDecoder")])
    public static let uac2EndpointGeneral = cs("UAC2", epTitle, "EP_GENERAL", [
        .u8("bmAttributes", .bitmap(["", "", "", "", "", "", "", "MaxPacketsOnly"])),
        .u8("bmControls", .controls(["Pitch", "Data Overrun", "Data Underrun"])),
        .u8("bLockDelayUnits", .names(.lockDelayUnits)), .u16("wLockDelay")],
        length: .init("Audio 2.0 §4.10.1.2", linux: .stream(LinuxLengthCheck.endpoint)))

    // MARK: UAC3
    static let uac3General = cs("UAC3", asTitle, "AS_GENERAL", [.u8("bTerminalLink", .entityID), .u32("bmControls", .hex),
        .u16("wClusterDescrID"), FieldSpec("bmFormats", width: .bytes(8), display: .hex), .u8("bSubslotSize"),
        .u8("bBitResolution"), .u16("bmAuxProtocols", .hex), .u8("bControlSize")],
        length: .init("Audio 3.0 §4.7.2", linux: .stream(LinuxLengthCheck.asGeneral)))
    static let uac3ValidFreqRange = cs("UAC3", asTitle, "AS_VALID_FREQ_RANGE", [.u32("dMin"), .u32("dMax")],
        length: .init("Audio 3.0 §4.7", linux: .notValidated("the kernel headers (include/linux/usb/audio-v3.h) name no constant for this subtype, so snd-usb-audio does not read it")))
    static let uac3EndpointGeneral = cs("UAC3", epTitle, "EP_GENERAL", [.u32("bmControls", .hex),
        .u8("bLockDelayUnits", .names(.lockDelayUnits)), .u16("wLockDelay")],
        length: .init("Audio 3.0 §4.8.1.2", linux: .stream(LinuxLengthCheck.endpoint)))

    // MARK: MIDI Streaming 1.0
    static let msTitle = "MIDIStreaming Interface Descriptor"
    static let midiHeader = cs("MIDI", msTitle, "MS_HEADER", [.u16("bcdMSC", .bcd), .u16("wTotalLength")],
                               lsusbNames: ["bcdADC": "bcdMSC"])
    static let midiInJack = cs("MIDI", msTitle, "MIDI_IN_JACK", [.u8("bJackType", .names(.midiJackType)), .u8("bJackID"),
        .u8("iJack", .stringIndex)])
    /// Source pins are (baSourceID, BaSourcePin) byte pairs; kept as 2-byte elements, ID in the low byte.
    static let midiOutJack = cs("MIDI", msTitle, "MIDI_OUT_JACK", [.u8("bJackType", .names(.midiJackType)), .u8("bJackID"),
        .u8("bNrInputPins"), .array("baSourceID/BaSourcePin", width: 2, count: .field("bNrInputPins"), .hex),
        .u8("iJack", .stringIndex)])
    static let midiElement = cs("MIDI", msTitle, "ELEMENT", [.u8("bElementID"), .u8("bNrInputPins"),
        .array("baSourceID/BaSourcePin", width: 2, count: .field("bNrInputPins"), .hex), .u8("bNrOutputPins"),
        .u8("bInTerminalLink"), .u8("bOutTerminalLink"), .u8("bElCapsSize"),
        .array("bmElementCaps", count: .field("bElCapsSize"), .hex), .u8("iElement", .stringIndex)])
    static let midiEndpoint = cs("MIDI", "MIDIStreaming Endpoint Descriptor", "MS_GENERAL", [.u8("bNumEmbMIDIJack"),
        .array("baAssocJackID", count: .field("bNumEmbMIDIJack"))])

    /// AS interface descriptor for a version, subtype and (for FORMAT_TYPE) bFormatType.
    public static func interfaceLayout(version: AudioClassVersion, subtype: UInt8, formatType: UInt8?) -> DescriptorLayout? {
        switch (version, subtype) {
        case (.uac1, 0x01): return uac1General
        case (.uac1, 0x02):
            switch formatType {
            case 1: return uac1TypeI
            case 2: return uac1TypeII
            case 3: return uac1TypeIII
            default: return nil
            }
        case (.uac1, 0x03): return uac1FormatSpecific
        case (.uac2, 0x01): return uac2General
        case (.uac2, 0x02):
            switch formatType {
            case 1: return uac2TypeI
            case 2: return uac2TypeII
            case 3: return uac2TypeIII
            case 4: return uac2TypeIV
            case 0x81: return uac2ExtTypeI
            case 0x82: return uac2ExtTypeII
            case 0x83: return uac2ExtTypeIII
            default: return uac2FormatUnknown
            }
        case (.uac2, 0x03): return uac2Encoder
        case (.uac2, 0x04): return uac2Decoder
        case (.uac3, 0x01): return uac3General
        case (.uac3, 0x02): return uac3ValidFreqRange
        default: return nil
        }
    }

    public static func endpointLayout(version: AudioClassVersion, subtype: UInt8) -> DescriptorLayout? {
        guard subtype == 0x01 else { return nil }
        switch version {
        case .uac1: return uac1EndpointGeneral
        case .uac2: return uac2EndpointGeneral
        case .uac3: return uac3EndpointGeneral
        }
    }

    public static func midiLayout(subtype: UInt8, onEndpoint: Bool) -> DescriptorLayout? {
        if onEndpoint { return subtype == 0x01 ? midiEndpoint : nil }
        switch subtype {
        case 0x01: return midiHeader
        case 0x02: return midiInJack
        case 0x03: return midiOutJack
        case 0x04: return midiElement
        default: return nil
        }
    }
}
