extension RuleCatalog {
    static let controls: [Rule] = [
        Rule("UAC-CTL-001", .error, check: ControlChecks.illegalPairs, title: "Control pair with the illegal value 0b10",
             section: "Audio 2.0 §4.7.2 (bmControls: 0b00 absent, 0b01 read-only, 0b11 host programmable)",
             message: "{subject} has {field} 0x{value}: the {control} pair (bits {bits}) is 0b10, which is not allowed.",
             fix: "Use 0b00 (not present), 0b01 (read-only) or 0b11 (host programmable) for {control}, e.g. {field} 0x{fixed}.",
             hosts: [
                HostConsequence(.linux, "lsusb -v prints \"ILLEGAL VALUE (0b10)\"; the kernel header says \"The value 0b10 is not allowed\"", source: "[LSUSB] desc-dump.c, [V2H] audio-v2.h"),
             ]),
        Rule("UAC-CTL-002", .warning, check: ControlChecks.readOnlyFrequency, title: "Sample rate cannot be set on a multi-rate clock",
             section: "Audio 2.0 §4.7.2.1 (Table 4-6), §5.2.5.1.1",
             message: "Clock Source {id} is {clockType} but its Clock Frequency Control is {access} (bmControls 0x{value}): the host cannot choose the sample rate.",
             fix: "Declare the Frequency Control host programmable (bits 1..0 = 0b11, bmControls 0x{fixed}) and implement SET CUR SAM_FREQ; if the clock has exactly one rate, declare it internal fixed (bmAttributes bits 1..0 = 0b01).",
             hosts: [
                HostConsequence(.linux, "snd-usb-audio sends SET CUR SAM_FREQ only when the Frequency Control is writable, so the clock stays at its current rate whatever the application asks for", source: "[CLK] sound/usb/clock.c"),
                HostConsequence(.windows, "usbaudio2.sys sets the rate with SET CUR SAM_FREQ on the clock source", source: "[MSUAC2]"),
             ]),
        Rule("UAC-CTL-003", .warning, check: ControlChecks.writableValidity, title: "Clock Validity Control declared writable",
             section: "Audio 2.0 §4.7.2.1 (Table 4-6), §5.2.5.1.2",
             message: "Clock Source {id} declares its Clock Validity Control host programmable (bits 3..2 = 0b11, bmControls 0x{value}); validity is a status the host can only read.",
             fix: "Declare the Clock Validity Control read-only: bits 3..2 = 0b01 (bmControls 0x{fixed}), and answer GET CUR CLOCK_VALID with 1 while the clock runs.",
             hosts: [
                HostConsequence(.linux, "snd-usb-audio reads GET CUR CLOCK_VALID when the control is readable and refuses the clock when it reports 0: \"clock source {id} is not valid, cannot use\"", source: "[CLK] sound/usb/clock.c"),
             ]),
        Rule("UAC-CTL-004", .warning, check: ControlChecks.noFrequencyControl, title: "Clock Source without a Frequency Control",
             section: "Audio 2.0 §4.7.2.1 (Table 4-6), §5.2.5.1.1",
             message: "Clock Source {id} declares no Clock Frequency Control (bmControls 0x{value}, bits 1..0 = 0b00), yet hosts ask it for its rates.",
             fix: "Declare the Frequency Control at least read-only (bits 1..0 = 0b01, bmControls 0x{fixed}) and answer GET RANGE and GET CUR SAM_FREQ.",
             hosts: [
                HostConsequence(.linux, "UAC2 rates come only from GET RANGE on the clock source; a failing request logs \"…(): unable to retrieve number of sample rates (clock {id})\"", source: "[FMT] sound/usb/format.c"),
                HostConsequence(.windows, "GET RANGE and GET CUR of SAM_FREQ on the clock source are mandatory", source: "[MSUAC2]"),
             ]),
        Rule("UAC-CTL-005", .info, check: ControlChecks.connectorControls, title: "Terminal Connector Control: hosts hide or route by it",
             section: "Audio 2.0 §4.7.2.4–4.7.2.5 (bmControls D3..2), §5.2.5.4; Apple TN3190 \"Terminal Connector Control\"",
             message: "{entity} declares a Connector Control ({access}, bmControls 0x{value}): hosts read it as jack detection, and macOS will not let the user select this {direction} while it reports nothing connected.",
             fix: "Keep the control only if the terminal has real jack detection: answer GET CUR Connector with the channels actually connected (bNrChannels 0 when unplugged) and send an interrupt when it changes. A terminal that is always there (built-in speaker, line output without detection, S/PDIF) should clear bits 3..2 (bmControls 0x{fixed}).",
             hosts: [
                HostConsequence(.macos, "TN3190: \"if the Connector Control is implemented and there is nothing connected to the physical interface, the audio device will not be able to be selected as an input or output device until the physical device is connected\"; iOS and iPadOS route audio by it", source: "[TN3190] \"Terminal Connector Control\""),
                HostConsequence(.linux, "snd-usb-audio makes it an ALSA jack control named after the terminal (\"… - {jack} Jack\") and reads it with GET CUR (for UAC2 the first byte is the number of channels connected) when the control is read and again on resume; a device that answers wrongly needs a kernel quirk to hide it (as the ALC1220-VB's S/PDIF jack got in commit 934b96594ed6)", source: "[MIX] sound/usb/mixer.c build_connector_control(), get_connector_control_name(); commit 934b96594ed6"),
                HostConsequence(.windows, "usbaudio2.sys reads the Connector Control with GET CUR and listens for its interrupts", source: "[MSUAC2] request table"),
             ]),
        Rule("UAC-CTL-006", .warning, check: ControlChecks.inputGainWithoutVolume, title: "Input Gain without a Volume Control",
             section: "Audio 2.0 §4.7.2.8 (Table 4-13, bmaControls D21..20 Input Gain, D3..2 Volume), §5.2.5.7; Apple TN3190 \"Feature Unit Controls\"",
             message: "Feature Unit {id} offers its level as an Input Gain Control ({channels}) but declares no Volume Control on any channel: macOS and Windows show no level for it.",
             fix: "Declare the level as a Volume Control instead (bmaControls bits 3..2 = 0b11 on the same channels, e.g. bmaControls({first}) 0x{fixed}) and answer GET CUR/MIN/MAX/RES and SET CUR VOLUME in 1/256 dB; keep Input Gain only in addition to it.",
             hosts: [
                HostConsequence(.macos, "TN3190's Feature Unit table: Input Gain \"Unsupported. Use Volume control instead.\"; Volume and Mute are the controls macOS, iOS and iPadOS show", source: "[TN3190] \"Feature Unit Controls\""),
                HostConsequence(.windows, "usbaudio2.sys sends Feature Unit requests only for Mute, Volume and Automatic Gain Control", source: "[MSUAC2] request table"),
                HostConsequence(.linux, "snd-usb-audio does make an ALSA control of it (\"Input Gain Control\", S16)", source: "[MIX] sound/usb/mixer.c audio_feature_info[]"),
             ]),
    ]
}
