/// Minimum lengths of class-specific audio descriptors, one row per layout (the role of Linux
/// sound/usb/validate.c, extended to the AudioStreaming and endpoint descriptors and to UAC1).
/// Formulas come from the field lists of Audio 2.0 §4.7–4.10 / Audio Data Formats 2.0 §2.3 and
/// Audio 1.0 §4.3–4.6; they are the sum of the fixed fields plus the arrays their count fields size.
struct ClassLengthRow: Sendable {
    let spec: String
    let formula: String
    let minimum: @Sendable (Descriptor) -> Int
    /// What Linux says or does about a shorter descriptor (a template: {interface}, {alt}, {minimum}).
    let linux: String
}

enum ClassLengthTable {
    static let unitLinux = "sound/usb/validate.c requires at least {minimum} bytes for this subtype and the descriptor is ignored (only with skip_validation=1 is it used, hex-dumped as \"USB-audio: buggy audio desc:\")"
    static let lsusbShort = "the kernel has no length check for it; lsusb -v prints \"Warning: Descriptor too short\""

    static func fixed(_ spec: String, _ n: Int, linux: String = unitLinux) -> ClassLengthRow {
        ClassLengthRow(spec: spec, formula: "\(n) bytes", minimum: { _ in n }, linux: linux)
    }

    static func pins(_ d: Descriptor) -> Int { d["bNrInPins"] ?? 0 }

    static let rows: [String: ClassLengthRow] = [
        // UAC2 AudioControl
        "UAC2_HEADER": fixed("Audio 2.0 §4.7.2 (Table 4-5)", 9),
        "UAC2_INPUT_TERMINAL": fixed("Audio 2.0 §4.7.2.4 (Table 4-9)", 17),
        "UAC2_OUTPUT_TERMINAL": fixed("Audio 2.0 §4.7.2.5 (Table 4-10)", 12),
        "UAC2_MIXER_UNIT": ClassLengthRow(spec: "Audio 2.0 §4.7.2.6 (Table 4-11)", formula: "13 + bNrInPins + bmMixerControls bytes",
                                          minimum: { 13 + pins($0) }, linux: unitLinux),
        "UAC2_SELECTOR_UNIT": ClassLengthRow(spec: "Audio 2.0 §4.7.2.7 (Table 4-12)", formula: "7 + bNrInPins",
                                             minimum: { 7 + pins($0) }, linux: unitLinux),
        "UAC2_FEATURE_UNIT": ClassLengthRow(spec: "Audio 2.0 §4.7.2.8 (Table 4-13)", formula: "6 + (channels + 1) × 4, at least 10",
                                            minimum: { _ in 10 }, linux: unitLinux),
        "UAC2_EFFECT_UNIT": ClassLengthRow(spec: "Audio 2.0 §4.7.2.10", formula: "8 + (channels + 1) × 4, at least 12",
                                           minimum: { _ in 12 }, linux: lsusbShort),
        "UAC2_PROCESSING_UNIT": ClassLengthRow(spec: "Audio 2.0 §4.7.2.11", formula: "16 + bNrInPins (+ 1 + 4 × bNrModes for up/down-mix and Dolby Prologic)",
                                               minimum: { d in
                                                   let base = 16 + pins(d)
                                                   let t = d["wProcessType"] ?? 0
                                                   return (t == 1 || t == 2) ? base + 1 + 4 * (d["bNrModes"] ?? 0) : base
                                               }, linux: unitLinux),
        "UAC2_EXTENSION_UNIT": ClassLengthRow(spec: "Audio 2.0 §4.7.2.12", formula: "15 + bNrInPins",
                                              minimum: { 15 + pins($0) }, linux: unitLinux),
        "UAC2_CLOCK_SOURCE": fixed("Audio 2.0 §4.7.2.1 (Table 4-6)", 8),
        "UAC2_CLOCK_SELECTOR": ClassLengthRow(spec: "Audio 2.0 §4.7.2.2 (Table 4-7)", formula: "7 + bNrInPins",
                                              minimum: { 7 + pins($0) }, linux: unitLinux),
        "UAC2_CLOCK_MULTIPLIER": fixed("Audio 2.0 §4.7.2.3 (Table 4-8)", 7),
        "UAC2_SAMPLE_RATE_CONVERTER": fixed("Audio 2.0 §4.7.2.9", 8, linux: lsusbShort),
        // UAC2 AudioStreaming
        "UAC2_AS_GENERAL": fixed("Audio 2.0 §4.9.2 (Table 4-27)", 16, linux: "\"{interface}:{alt} : invalid UAC_AS_GENERAL desc\"; the alternate setting is skipped"),
        "UAC2_FORMAT_TYPE_I": fixed("Audio Data Formats 2.0 §2.3.1.6", 6, linux: "\"{interface}:{alt} : invalid UAC_FORMAT_TYPE desc\"; the alternate setting is skipped"),
        "UAC2_FORMAT_TYPE_II": fixed("Audio Data Formats 2.0 §2.3.2.6", 8, linux: "\"{interface}:{alt} : invalid UAC_FORMAT_TYPE desc\"; the alternate setting is skipped"),
        "UAC2_FORMAT_TYPE_III": fixed("Audio Data Formats 2.0 §2.3.3.1", 6, linux: "\"{interface}:{alt} : invalid UAC_FORMAT_TYPE desc\"; the alternate setting is skipped"),
        "UAC2_FORMAT_TYPE_IV": fixed("Audio Data Formats 2.0 §2.3.4.1", 4, linux: "\"{interface}:{alt} : invalid UAC_FORMAT_TYPE desc\""),
        "UAC2_EP_GENERAL": fixed("Audio 2.0 §4.10.1.2", 8, linux: "\"{interface}:{alt} : no or invalid class specific endpoint descriptor\" (the stream is still created)"),
        // UAC1
        "UAC1_HEADER": ClassLengthRow(spec: "Audio 1.0 §4.3.2 (Table 4-2)", formula: "8 + bInCollection",
                                      minimum: { 8 + ($0["bInCollection"] ?? 0) }, linux: unitLinux),
        "UAC1_INPUT_TERMINAL": fixed("Audio 1.0 §4.3.2.1 (Table 4-3)", 12),
        "UAC1_OUTPUT_TERMINAL": fixed("Audio 1.0 §4.3.2.2 (Table 4-4)", 9),
        "UAC1_MIXER_UNIT": ClassLengthRow(spec: "Audio 1.0 §4.3.2.3 (Table 4-5)", formula: "10 + bNrInPins + bmControls bytes",
                                          minimum: { 10 + pins($0) }, linux: unitLinux),
        "UAC1_SELECTOR_UNIT": ClassLengthRow(spec: "Audio 1.0 §4.3.2.4 (Table 4-6)", formula: "6 + bNrInPins",
                                             minimum: { 6 + pins($0) }, linux: unitLinux),
        "UAC1_FEATURE_UNIT": ClassLengthRow(spec: "Audio 1.0 §4.3.2.5 (Table 4-7)", formula: "7 + (channels + 1) × bControlSize",
                                            minimum: { 7 + max($0["bControlSize"] ?? 1, 1) }, linux: unitLinux),
        "UAC1_PROCESSING_UNIT": ClassLengthRow(spec: "Audio 1.0 §4.3.2.6 (Table 4-8)", formula: "13 + bNrInPins + bControlSize",
                                               minimum: { 13 + pins($0) + ($0["bControlSize"] ?? 0) }, linux: unitLinux),
        "UAC1_EXTENSION_UNIT": ClassLengthRow(spec: "Audio 1.0 §4.3.2.7 (Table 4-15)", formula: "13 + bNrInPins + bControlSize",
                                              minimum: { 13 + pins($0) + ($0["bControlSize"] ?? 0) }, linux: unitLinux),
        "UAC1_AS_GENERAL": fixed("Audio 1.0 §4.5.2 (Table 4-19)", 7, linux: "\"{interface}:{alt} : invalid UAC_AS_GENERAL desc\"; the alternate setting is skipped"),
        "UAC1_FORMAT_TYPE_I": ClassLengthRow(spec: "Audio Data Formats 1.0 §2.2.5 (Table 2-1)", formula: "8 + 3 × bSamFreqType (8 + 6 for a continuous range)",
                                             minimum: { let n = $0["bSamFreqType"] ?? 0; return 8 + 3 * (n == 0 ? 2 : n) },
                                             linux: "\"{interface}:{alt} : invalid UAC_FORMAT_TYPE desc\" (the rate table is shorter than bSamFreqType)"),
        "UAC1_FORMAT_TYPE_II": ClassLengthRow(spec: "Audio Data Formats 1.0 §2.3.5", formula: "9 + 3 × bSamFreqType",
                                              minimum: { let n = $0["bSamFreqType"] ?? 0; return 9 + 3 * (n == 0 ? 2 : n) },
                                              linux: "\"{interface}:{alt} : invalid UAC_FORMAT_TYPE desc\""),
        "UAC1_FORMAT_TYPE_III": ClassLengthRow(spec: "Audio Data Formats 1.0 §2.4.1", formula: "8 + 3 × bSamFreqType",
                                               minimum: { let n = $0["bSamFreqType"] ?? 0; return 8 + 3 * (n == 0 ? 2 : n) },
                                               linux: "\"{interface}:{alt} : invalid UAC_FORMAT_TYPE desc\""),
        "UAC1_EP_GENERAL": fixed("Audio 1.0 §4.6.1.2 (Table 4-21)", 7, linux: "\"{interface}:{alt} : no or invalid class specific endpoint descriptor\" (the stream is still created)"),
    ]
}
