extension RuleCatalog {
    static let audioFunction: [Rule] = [
        Rule("UAC-FN-001", .error, check: FunctionChecks.missingIAD, title: "UAC2/UAC3 function without an IAD",
             section: "Audio 2.0 §4.6; USB IAD ECN",
             message: "The {version} audio function of AudioControl interface {ac} has no Interface Association Descriptor.",
             fix: "Put an IAD before interface {ac}: bFirstInterface {ac}, bInterfaceCount {count}, bFunctionClass 1 (Audio), bFunctionSubClass 0, bFunctionProtocol 0x{proto}.",
             hosts: [
                HostConsequence(.linux, "\"Audio class v2/v3 interfaces need an interface association\"; the audio function is not created", source: "[CARD] sound/usb/card.c"),
                HostConsequence(.macos, "An IAD is required, and the collection must be contiguous and ordered AudioControl, AudioStreaming…, MIDI", source: "[TN2274]"),
             ]),
        Rule("UAC-FN-002", .error, check: FunctionChecks.iadCoverage, title: "IAD does not cover the audio function",
             section: "Audio 2.0 §4.6; USB IAD ECN",
             message: "The IAD {iad} (bFirstInterface {first}, bInterfaceCount {count}) {problem}.",
             fix: "Make the IAD start at the AudioControl interface and cover it and every AudioStreaming and MIDI interface of the function in one contiguous run: bFirstInterface {fixFirst}, bInterfaceCount {fixCount}.",
             hosts: [
                HostConsequence(.linux, "snd-usb-audio creates streams only for the interfaces inside the IAD range; a number there with no interface logs \"{acNumber}:… : does not exist\", and a MIDI or AS interface left outside is not used (users then see e.g. \"bogus bTerminalLink\")", source: "[CARD] sound/usb/card.c; PJRC forum thread 70176"),
                HostConsequence(.macos, "The collection must be contiguous and ordered AudioControl, AudioStreaming…, MIDI", source: "[TN2274]"),
             ]),
        Rule("UAC-FN-003", .error, check: FunctionChecks.versionAgreement, title: "Class version does not agree across the function",
             section: "Audio 2.0 §4.7.2, Table A-6; Audio 1.0 §4.3.2",
             message: "{subject} says {seen}, but {other} says {expected}.",
             fix: "Use one class version throughout: bInterfaceProtocol 0x{proto} on every interface of the function, bFunctionProtocol 0x{proto} in the IAD, and bcdADC {bcd} in the AudioControl header (0x00/1.00 UAC1, 0x20/2.00 UAC2, 0x30 UAC3).",
             hosts: [
                HostConsequence(.linux, "snd-usb-audio parses every descriptor with the version bInterfaceProtocol names; a protocol other than 0x00/0x20/0x30 logs \"unknown interface protocol …, assuming v1\"", source: "[CARD] sound/usb/card.c"),
             ]),
        Rule("UAC-FN-004", .warning, check: FunctionChecks.headerTotalLength, title: "AudioControl header wTotalLength is wrong",
             section: "Audio 2.0 §4.7.2 (Table 4-5); Audio 1.0 §4.3.2",
             message: "The AudioControl header of interface {ac} says wTotalLength {declared}, but the class-specific AudioControl descriptors (header included) total {actual} bytes.",
             fix: "Set wTotalLength to {actual}.",
             hosts: [
                HostConsequence(.windows, "Microsoft's USBView misreads such headers (e.g. \"wTotalLength: 0x4003\"); compliance tools report the descriptor set as broken", source: "hathach/tinyusb#3213"),
             ]),
        Rule("UAC-FN-005", .error, check: FunctionChecks.missingHeader, title: "AudioControl interface without a header",
             section: "Audio 2.0 §4.7.2; Audio 1.0 §4.3.2",
             message: "AudioControl interface {ac} has no class-specific HEADER descriptor.",
             fix: "Send the class-specific AC HEADER right after the AudioControl interface descriptor, followed by the clock, terminal and unit descriptors.",
             hosts: [
                HostConsequence(.linux, "\"cannot find UAC_HEADER\"; no sound card is created", source: "[CARD] sound/usb/card.c"),
             ]),
        Rule("UAC-FN-006", .error, check: FunctionChecks.uac1Collection, title: "UAC1 header does not list the function's interfaces",
             section: "Audio 1.0 §4.3.2 (Table 4-2, baInterfaceNr)",
             message: "The UAC1 AudioControl header of interface {ac} (bInCollection {count}, baInterfaceNr {listed}) {problem}.",
             fix: "List exactly this function's AudioStreaming and MIDIStreaming interfaces: bInCollection {fixCount}, baInterfaceNr {fixList} (header bLength {fixLength}), or put the interfaces in an IAD.",
             hosts: [
                HostConsequence(.linux, "snd-usb-audio creates PCM streams and MIDI ports only for the interfaces baInterfaceNr lists: one another function already owns is skipped (\"skipping, already claimed\"), a missing one logs \"… : does not exist\", and an unlisted MIDI or AudioStreaming interface is never used", source: "[CARD] sound/usb/card.c"),
             ]),
        Rule("UAC-FN-007", .warning, check: FunctionChecks.iadForeignInterface, title: "IAD takes in a non-audio interface",
             section: "USB IAD ECN; Audio 2.0 §4.6",
             message: "The IAD (bFirstInterface {first}, bInterfaceCount {count}) covers interface(s) {foreign}, which are not Audio class interfaces.",
             fix: "End the IAD at the last audio interface (bInterfaceCount {fixCount}) and give the other interface its own function (no IAD is needed for a single interface).",
             hosts: [
                HostConsequence(.linux, "snd-usb-audio skips non-audio interfaces inside the IAD (debug \"skipping non-supported interface\"); the other class driver still binds them", source: "[CARD] sound/usb/card.c"),
                HostConsequence(.windows, "usbccgp.sys makes one child device per IAD, so the interface gets no device node of its own and its driver (e.g. a DFU updater) cannot bind to it", source: "Microsoft Learn, \"USB Generic Parent Driver (Usbccgp.sys)\" / \"Support for Interface Collections\""),
             ]),
    ]
}
