extension RuleCatalog {
    static let lengths: [Rule] = [
        Rule("UAC-LEN-001", .error, check: LengthChecks.tooShort, title: "Class-specific descriptor too short",
             section: "Audio 2.0 §4.7–4.10, Audio Data Formats 2.0 §2.3, Audio 1.0 §4.3–4.6 (one row per subtype)",
             message: "{descriptor} has bLength {bLength}; this subtype needs at least {minimum} bytes ({formula}).",
             fix: "Send every field the {spec} table lists: bLength {minimum} or more ({formula}).",
             hosts: [
                HostConsequence(.linux, "{linuxLine}", source: "[VAL] sound/usb/validate.c, [STREAM], [FMT]"),
                HostConsequence(.windows, "Users report Code 10 with \"A USB descriptor reported by the device … is not compliant with the specification or is not supported by the driver.\"", source: "sipeed/NanoKVM-Pro#19 (user report)"),
             ]),
        Rule("UAC-LEN-002", .warning, check: LengthChecks.junk, title: "Bytes after the last field",
             section: "Audio 2.0 §4.7–4.10, Audio 1.0 §4.3–4.6",
             message: "{descriptor} has bLength {bLength} but its fields end after {used} bytes: {extra} byte(s) no field explains.",
             fix: "Set bLength to {used} and drop the extra bytes (or add the fields they were meant to be).",
             hosts: [
                HostConsequence(.linux, "lsusb -v prints \"Warning: Junk at end of descriptor ({extra} bytes):\"", source: "[LSUSB] desc-dump.c"),
             ]),
        Rule("UAC-LEN-003", .warning, check: LengthChecks.featureUnitLength, title: "Feature Unit length does not match its source's channels",
             section: "Audio 2.0 §4.7.2.8 (Table 4-13); Audio 1.0 §4.3.2.5",
             message: "Feature Unit {id} has bLength {bLength} ({entries} bmaControls entries) but its source {source} carries {ch} channels: it must be {formula} = {expected} bytes.",
             fix: "Give Feature Unit {id} {fixEntries} bmaControls entries (master + {ch} channels): bLength {expected}.",
             hosts: [
                HostConsequence(.linux, "sound/usb/validate.c checks only a minimum length (10 bytes for UAC2), not this formula, so the descriptor is accepted; per-channel controls beyond bLength do not exist for the host", source: "[VAL] sound/usb/validate.c"),
                HostConsequence(.macos, "TN3190 (a limit of ADC1–3 themselves, not of macOS): a Feature Unit controls at most 61 channels + cluster channel 0 (bLength = 6 + (ch + 1) × 4 ≤ 255)", source: "[TN3190] \"Channel counts with ADC1-3\""),
             ]),
        Rule("UAC-LEN-004", .error, check: LengthChecks.pinCounts, title: "Input pin count does not match the descriptor",
             section: "Audio 2.0 §4.7.2.6, §4.7.2.7, §4.7.2.2 (Tables 4-11, 4-12, 4-7)",
             message: "{entity} has bNrInPins {pins} and bLength {bLength}: {problem}.",
             fix: "List one baSourceID per input pin and set bLength to {expected} ({formula}).",
             hosts: [
                HostConsequence(.linux, "validate.c rejects a unit whose bLength is below what bNrInPins implies (and a mixer with bNrInPins 0); the unit is skipped and units fed by it log \"unit {id} not found!\"", source: "[VAL], [MIX]"),
             ]),
    ]
}
