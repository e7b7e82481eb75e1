extension RuleCatalog {
    static let input: [Rule] = [
        Rule("USB-READ-001", .error, check: { InputChecks.diagnostics($0, .error) }, title: "Input decoded only in part",
             section: "USB 2.0 §9.5 (bLength walk)",
             message: "Reading stopped at {where}: {detail}. Findings cover only the descriptors before that point.",
             fix: "Check {where} {readPlace}: {readCause}",
             hosts: [
                HostConsequence(.linux, "A broken bLength walk gives \"config {config} has an invalid descriptor of length …, skipping remainder of the config\"", source: "[CFG] drivers/usb/core/config.c"),
             ]),
        Rule("USB-READ-002", .info, check: { InputChecks.diagnostics($0, .warning) }, title: "Reader note: part of the input was reconstructed or skipped",
             section: "USB 2.0 §9.5",
             message: "{detail} (at {where}).",
             fix: "Findings about this descriptor may come from the text rather than the device; when in doubt, check the device's own bytes (/sys/bus/usb/devices/<dev>/descriptors, or a capture) and keep descriptors in USB 2.0 §9.5 order: configuration, then each interface followed by its class-specific descriptors and its endpoints.",
             hosts: []),
    ]
}
