/// Name tables for enumerated fields, from the USB 2.0, UAC1/2/3 and MIDI 1.0 specs.
public enum NameTable: String, Sendable, Hashable, Codable {
    case descriptorType, classCode, terminalType, uac2Category, formatTypeCode, uac2ProcessType,
         uac1ProcessType, uac2EffectType, lockDelayUnits, midiJackType, deviceCapabilityType, uac1FormatTag

    public func name(_ v: UInt64) -> String? {
        switch self {
        case .descriptorType: return USBNames.descriptorTypes[v]
        case .classCode: return USBNames.classCodes[v]
        case .terminalType: return USBNames.terminalType(v)
        case .uac2Category: return USBNames.uac2Categories[v]
        case .formatTypeCode: return USBNames.formatTypes[v]
        case .uac2ProcessType: return [0: "Undefined", 1: "Up/Down-mix", 2: "Dolby Prologic", 3: "Stereo Extender"][v]
        case .uac1ProcessType: return [0: "Undefined", 1: "Up/Down-mix", 2: "Dolby Prologic", 3: "3D Stereo Extender",
                                       4: "Reverberation", 5: "Chorus", 6: "Dynamic Range Compressor"][v]
        case .uac2EffectType: return [0: "Undefined", 1: "Parametric Equalizer Section", 2: "Reverberation",
                                      3: "Modulation Delay", 4: "Dynamic Range Compressor"][v]
        case .lockDelayUnits: return [0: "Undefined", 1: "Milliseconds", 2: "Decoded PCM samples"][v]
        case .midiJackType: return [1: "Embedded", 2: "External"][v]
        case .deviceCapabilityType: return USBNames.capabilityTypes[v]
        case .uac1FormatTag: return USBNames.uac1FormatTags[v]
        }
    }
}

public enum USBNames {
    public static let descriptorTypes: [UInt64: String] = [
        1: "DEVICE", 2: "CONFIGURATION", 3: "STRING", 4: "INTERFACE", 5: "ENDPOINT", 6: "DEVICE_QUALIFIER",
        7: "OTHER_SPEED_CONFIGURATION", 8: "INTERFACE_POWER", 0x0B: "INTERFACE_ASSOCIATION", 0x0F: "BOS",
        0x10: "DEVICE_CAPABILITY", 0x21: "HID / CS_DEVICE", 0x24: "CS_INTERFACE", 0x25: "CS_ENDPOINT",
        0x30: "SS_ENDPOINT_COMPANION", 0x31: "SSP_ISOC_ENDPOINT_COMPANION",
    ]

    public static let classCodes: [UInt64: String] = [
        0x00: "(Defined at Interface level)", 0x01: "Audio", 0x02: "Communications", 0x03: "Human Interface Device",
        0x05: "Physical", 0x06: "Image", 0x07: "Printer", 0x08: "Mass Storage", 0x09: "Hub", 0x0A: "CDC Data",
        0x0B: "Smart Card", 0x0D: "Content Security", 0x0E: "Video", 0x0F: "Personal Healthcare",
        0x10: "Audio/Video", 0x11: "Billboard", 0xDC: "Diagnostic", 0xE0: "Wireless", 0xEF: "Miscellaneous Device",
        0xFE: "Application Specific Interface", 0xFF: "Vendor Specific Class",
    ]

    public static let audioSubclasses: [UInt64: String] = [0: "Undefined", 1: "Control Device", 2: "Streaming", 3: "MIDI Streaming"]

    public static let uac2Categories: [UInt64: String] = [
        0x00: "Undefined", 0x01: "Desktop speaker", 0x02: "Home theater", 0x03: "Microphone", 0x04: "Headset",
        0x05: "Telephone", 0x06: "Converter", 0x07: "Voice/Sound recorder", 0x08: "I/O box",
        0x09: "Musical instrument", 0x0A: "Pro-audio", 0x0B: "Audio/Video", 0x0C: "Control panel", 0xFF: "Other",
    ]

    public static let formatTypes: [UInt64: String] = [
        0: "FORMAT_TYPE_UNDEFINED", 1: "FORMAT_TYPE_I", 2: "FORMAT_TYPE_II", 3: "FORMAT_TYPE_III", 4: "FORMAT_TYPE_IV",
        0x81: "EXT_FORMAT_TYPE_I", 0x82: "EXT_FORMAT_TYPE_II", 0x83: "EXT_FORMAT_TYPE_III",
    ]

    public static let uac1FormatTags: [UInt64: String] = [
        0x0000: "TYPE_I_UNDEFINED", 0x0001: "PCM", 0x0002: "PCM8", 0x0003: "IEEE_FLOAT", 0x0004: "ALAW", 0x0005: "MULAW",
        0x1000: "TYPE_II_UNDEFINED", 0x1001: "MPEG", 0x1002: "AC-3",
        0x2000: "TYPE_III_UNDEFINED", 0x2001: "IEC1937_AC-3", 0x2002: "IEC1937_MPEG-1_Layer1",
        0x2003: "IEC1937_MPEG-1_Layer2/3", 0x2004: "IEC1937_MPEG-2_EXT", 0x2005: "IEC1937_MPEG-2_Layer1_LS",
        0x2006: "IEC1937_MPEG-2_Layer2/3_LS",
    ]

    public static let capabilityTypes: [UInt64: String] = [
        1: "Wireless USB", 2: "USB 2.0 Extension", 3: "SuperSpeed USB", 4: "Container ID", 5: "Platform",
        6: "Power Delivery", 7: "Battery Info", 10: "SuperSpeedPlus USB", 14: "Billboard",
    ]

    /// UAC2 Type I bmFormats bits (Audio Data Formats 2.0, Table A-2).
    public static let uac2TypeIFormats = ["PCM", "PCM8", "IEEE_FLOAT", "ALAW", "MULAW"]

    /// UAC2 spatial locations for bmChannelConfig (Audio Device Class 2.0, Table 4-4).
    public static let uac2ChannelNames = [
        "Front Left (FL)", "Front Right (FR)", "Front Center (FC)", "Low Frequency Effects (LFE)",
        "Back Left (BL)", "Back Right (BR)", "Front Left of Center (FLC)", "Front Right of Center (FRC)",
        "Back Center (BC)", "Side Left (SL)", "Side Right (SR)", "Top Center (TC)", "Top Front Left (TFL)",
        "Top Front Center (TFC)", "Top Front Right (TFR)", "Top Back Left (TBL)", "Top Back Center (TBC)",
        "Top Back Right (TBR)", "Top Front Left of Center (TFLC)", "Top Front Right of Center (TFRC)",
        "Left Low Frequency Effects (LLFE)", "Right Low Frequency Effects (RLFE)", "Top Side Left (TSL)",
        "Top Side Right (TSR)", "Bottom Center (BC)", "Back Left of Center (BLC)", "Back Right of Center (BRC)",
    ]

    /// UAC1 wChannelConfig bits (Audio Device Class 1.0, §3.7.2.3).
    public static let uac1ChannelNames = [
        "Left Front (L)", "Right Front (R)", "Center Front (C)", "Low Frequency Enhancement (LFE)",
        "Left Surround (LS)", "Right Surround (RS)", "Left of Center (LC)", "Right of Center (RC)",
        "Surround (S)", "Side Left (SL)", "Side Right (SR)", "Top (T)",
    ]

    /// Terminal types (Audio Terminal Types 1.0/2.0).
    public static func terminalType(_ v: UInt64) -> String? {
        let table: [UInt64: String] = [
            0x0100: "USB Undefined", 0x0101: "USB Streaming", 0x01FF: "USB Vendor Specific",
            0x0200: "Input Undefined", 0x0201: "Microphone", 0x0202: "Desktop Microphone", 0x0203: "Personal Microphone",
            0x0204: "Omni-directional Microphone", 0x0205: "Microphone Array", 0x0206: "Processing Microphone Array",
            0x0300: "Output Undefined", 0x0301: "Speaker", 0x0302: "Headphones", 0x0303: "Head Mounted Display Audio",
            0x0304: "Desktop Speaker", 0x0305: "Room Speaker", 0x0306: "Communication Speaker", 0x0307: "Low Frequency Effects Speaker",
            0x0400: "Bidirectional Undefined", 0x0401: "Handset", 0x0402: "Headset", 0x0403: "Speakerphone, no echo reduction",
            0x0404: "Echo-suppressing speakerphone", 0x0405: "Echo-canceling speakerphone",
            0x0500: "Telephony Undefined", 0x0501: "Phone line", 0x0502: "Telephone", 0x0503: "Down Line Phone",
            0x0600: "External Undefined", 0x0601: "Analog Connector", 0x0602: "Digital Audio Interface", 0x0603: "Line Connector",
            0x0604: "Legacy Audio Connector", 0x0605: "S/PDIF interface", 0x0606: "1394 DA stream", 0x0607: "1394 DV stream soundtrack",
            0x0608: "ADAT Lightpipe", 0x0609: "TDIF", 0x060A: "MADI",
            0x0700: "Embedded Undefined", 0x0701: "Level Calibration Noise Source", 0x0702: "Equalization Noise",
            0x0703: "CD player", 0x0704: "DAT", 0x0705: "DCC", 0x0706: "MiniDisk", 0x0707: "Analog Tape", 0x0708: "Phonograph",
            0x0709: "VCR Audio", 0x070A: "Video Disc Audio", 0x070B: "DVD Audio", 0x070C: "TV Tuner Audio",
            0x070D: "Satellite Receiver Audio", 0x070E: "Cable Tuner Audio", 0x070F: "DSS Audio", 0x0710: "Radio Receiver",
            0x0711: "Radio Transmitter", 0x0712: "Multi-track Recorder", 0x0713: "Synthesizer", 0x0714: "Piano",
            0x0715: "Guitar", 0x0716: "Drums/Rhythm", 0x0717: "Other Musical Instrument",
        ]
        return table[v]
    }
}
