extension RuleCatalog {
    /// The SuperSpeed Endpoint Companion (USB 3.2 §9.6.7): burst, Mult and bytes per service interval.
    static let superSpeed: [Rule] = [
        Rule("USB-SS-001", .error, check: SuperSpeedChecks.maxBurst, title: "bMaxBurst above 15",
             section: "USB 3.2 §9.6.7 (Table 9-27)",
             message: "The SuperSpeed companion of endpoint 0x{address} declares bMaxBurst {burst}; a burst is 1 to 16 packets, so bMaxBurst is 0 to 15.",
             fix: "Set bMaxBurst to the packets per burst minus one (at most 15) and size wBytesPerInterval to match.",
             hosts: [
                HostConsequence(.linux, "\"Endpoint with bMaxBurst = {burst} in config {config} interface {interface} altsetting {alt} ep 0x{ADDRESS}: setting to 15\"", source: "[CFG] drivers/usb/core/config.c"),
             ]),
        Rule("USB-SS-002", .error, check: SuperSpeedChecks.isoAttributes, title: "Invalid isochronous companion bmAttributes",
             section: "USB 3.2 §9.6.7 (Table 9-27); USB 3.x CV TD 9.6",
             message: "The SuperSpeed companion of isochronous endpoint 0x{address} has bmAttributes 0x{raw}: {problem}.",
             fix: "Use bits 1..0 for Mult, the bursts per service interval minus one (0 to 2), and leave bits 6..2 zero{sspNote}.",
             hosts: [
                HostConsequence(.linux, "{linuxLine}", source: "[CFG] drivers/usb/core/config.c"),
             ]),
        Rule("USB-SS-003", .error, check: SuperSpeedChecks.bytesPerInterval, title: "wBytesPerInterval above what the endpoint can move",
             section: "USB 3.2 §9.6.7 (Table 9-27)",
             message: "Endpoint 0x{address} declares wBytesPerInterval {bpi}, but (bMaxBurst + 1) × Mult × wMaxPacketSize = {burstPackets} × {mult} × {maxp} = {capacity} B per service interval.",
             fix: "Declare wBytesPerInterval {capacity} or less (the bytes the stream really moves per service interval), or raise bMaxBurst / Mult to carry {bpi} B.",
             hosts: [
                HostConsequence(.linux, "\"{kind} endpoint with wBytesPerInterval of {bpi} in config {config} interface {interface} altsetting {alt} ep 0x{ADDRESS}: setting to {capacity}\"", source: "[CFG] drivers/usb/core/config.c"),
             ]),
    ]
}
