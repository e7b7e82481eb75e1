extension RuleCatalog {
    static let topology: [Rule] = [
        Rule("UAC-TOPO-001", .error, title: "Duplicate entity ID",
             section: "Audio 2.0 §3.13, §4.7.2",
             message: "Entity ID {id} is used by {entities}; every terminal, unit and clock entity of a function needs its own ID.",
             fix: "Give each a unique ID from 1 to 255 and update every bSourceID, baSourceID, bCSourceID, baCSourceID and bTerminalLink that refers to them.",
             hosts: [
                HostConsequence(.windows, "usbaudio2.sys parses all entity types and follows their IDs to build each terminal's path", source: "[MSUAC2]"),
             ]),
        Rule("UAC-TOPO-002", .error, title: "Audio source ID does not resolve",
             section: "Audio 2.0 §4.7.2 (bSourceID, baSourceID)",
             message: "{entity} takes its input from ID {source} ({field}), {problem}.",
             fix: "Set {field} to the ID of the terminal or unit that feeds {entity}{candidates}.",
             hosts: [
                HostConsequence(.linux, "\"unit {source} not found!\"; the mixer controls on that path are not created", source: "[MIX] sound/usb/mixer.c; xmos/lib_xua#144"),
             ]),
        Rule("UAC-TOPO-003", .error, title: "Clock source ID does not resolve to a clock",
             section: "Audio 2.0 §4.7.2.1–4.7.2.5 (bCSourceID, baCSourceID)",
             message: "{entity} names clock ID {clock} in {field}, {problem}.",
             fix: "Set {field} to the ID of a Clock Source, Clock Selector or Clock Multiplier{candidates}.",
             hosts: [
                HostConsequence(.linux, "\"…(): unable to find clock source (clock {clock})\"; the stream gets no sample rate and cannot be opened", source: "[FMT] sound/usb/format.c, [CLK]"),
                HostConsequence(.windows, "Every terminal needs a valid clock path ending in a Clock Source", source: "[MSUAC2]"),
             ]),
        Rule("UAC-TOPO-004", .error, title: "Clock path loops",
             section: "Audio 2.0 §3.13.11–3.13.13",
             message: "The clock path from {entity} loops back through {cycle} and never ends at a Clock Source.",
             fix: "Break the loop: every Clock Selector and Clock Multiplier input must lead to a Clock Source.",
             hosts: [
                HostConsequence(.linux, "\"…(): recursive clock topology detected, id {id}.\"", source: "[CLK] sound/usb/clock.c"),
                HostConsequence(.windows, "Cyclic paths are not allowed; every terminal needs a clock path ending in a Clock Source", source: "[MSUAC2]"),
             ]),
        Rule("UAC-TOPO-005", .error, title: "Audio path loops",
             section: "Audio 2.0 §3.13",
             message: "The audio path through {entity} loops back to itself ({cycle}).",
             fix: "Remove the loop: follow bSourceID/baSourceID from every Output Terminal and make each path end at an Input Terminal.",
             hosts: [
                HostConsequence(.windows, "Cyclic paths are not allowed", source: "[MSUAC2]"),
             ]),
        Rule("UAC-TOPO-006", .error, title: "bTerminalLink does not name the stream's terminal",
             section: "Audio 2.0 §4.9.2 (Table 4-27)",
             message: "Interface {interface} alt {alt} ({direction}) has bTerminalLink {link}, {problem}.",
             fix: "Set bTerminalLink to the ID of the USB Streaming {expected} Terminal this stream feeds{candidates}.",
             hosts: [
                HostConsequence(.linux, "\"{interface}:{alt} : bogus bTerminalLink {link}\"; the stream gets no clock and no channel map", source: "[STREAM] sound/usb/stream.c"),
                HostConsequence(.macos, "The class driver builds the stream's channel cluster by walking Output Terminal → Input Terminal from the linked terminal", source: "[TN2274] \"Channel Names\""),
             ]),
        Rule("UAC-TOPO-007", .warning, title: "bAssocTerminal is inconsistent",
             section: "Audio 2.0 §4.7.2.4, §4.7.2.5",
             message: "{entity} has bAssocTerminal {assoc}, {problem}.",
             fix: "Set bAssocTerminal to 0 unless the terminal is one half of a bidirectional pair (e.g. a headset's speaker and microphone, one Input and one Output Terminal), and then to the other half's ID.",
             hosts: [
                HostConsequence(.linux, "Seen in the field as a firmware bug report (xmos/lib_xua#79); no documented host log line", source: "xmos/lib_xua#79"),
             ]),
        Rule("UAC-TOPO-008", .warning, title: "bTerminalLink differs between alternate settings",
             section: "Microsoft USB Audio 2.0 driver rules",
             message: "Interface {interface} links terminal {first} in alt {firstAlt} but terminal {other} in alt {otherAlt}.",
             fix: "Use the same bTerminalLink ({first}) in every alternate setting of interface {interface}; a different terminal needs its own AudioStreaming interface.",
             hosts: [
                HostConsequence(.windows, "usbaudio2.sys requires bTerminalLink to be identical in all alternate settings", source: "[MSUAC2]"),
             ]),
    ]
}
