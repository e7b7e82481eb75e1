/// The rule catalogue: every rule uac2 checks, each with the check that finds it (the functions in the
/// *Checks.swift files, which only supply values); every sentence a user reads comes from here. Host consequences are taken from
/// the project's facts file (/work/shared/reference/usb-audio-facts.md) with its source keys:
/// [CFG] drivers/usb/core/config.c, [CARD]/[STREAM]/[FMT]/[CLK]/[EP]/[IMPL]/[MIX]/[HLP]/[VAL] sound/usb/*.c,
/// [V2H] include/linux/usb/audio-v2.h, [LSUSB] usbutils, [TN2274]/[TN3190] Apple technotes,
/// [MSUAC2] Microsoft "USB Audio 2.0 Drivers", [WS] Wireshark packet-usb-audio.c.
public enum RuleCatalog {
    /// One table, grouped by family for reading; ids are stable and never reused.
    public static let all: [Rule] = chapter9 + audioFunction + lengths + topology + controls + formats + endpoints
        + bandwidth + input + superSpeed

    public static func rule(_ id: String) -> Rule? { byID[id] }

    static let byID: [String: Rule] = {
        var m: [String: Rule] = [:]
        for r in all { m[r.id] = r }
        return m
    }()

    /// Placeholders that only add an optional clause; the generic text (explain, SARIF help) drops them.
    static let optionalClauses: [String: String] = ["inputNote": "", "hsHint": "", "implicit": "", "otherHint": "",
                                                    "plusOne": "", "rateNote": "", "candidates": "", "hsFix": "", "suggest": "", "otherwise": ""]

    /// A rule text for reading without values: optional clauses dropped, the other placeholders kept.
    public static func generic(_ template: String) -> String { RuleTemplate.render(template, optionalClauses) }

    /// Shown when a rule has no line for a host: the sources say nothing, so neither do we.
    public static let undocumented = "no documented behaviour in the sources uac2 relies on"
}
