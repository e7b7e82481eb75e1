/// What the reader could not decode: a partly decoded input is still checked, and says where it stopped.
enum InputChecks {
    static func diagnostics(_ ci: CheckInput, _ severity: Diagnostic.Severity) -> [Finding] {
        let config = ci.configs.last.map { "\($0.config.value)" } ?? "1"
        let (place, cause) = readFix(ci.input.format)
        return ci.input.diagnostics.filter { $0.severity == severity }.map { d in
            ci.finding(FindingLocation(source: d.location), [
                "where": d.location.description, "detail": d.message, "config": config,
                "readPlace": place, "readCause": cause])
        }
    }

    /// What to look at when reading stopped, in the input's own terms: a source or text line is
    /// corrected in the source or saved again; only device bytes (a blob, a capture, a firmware
    /// image) say what the device sends.
    static func readFix(_ f: InputFormat) -> (place: String, cause: String) {
        switch f {
        case .hex:
            return ("of the source", "the bytes from there on do not walk as descriptors (a bLength that does not match the bytes that follow, a byte missing or extra, a field written with the wrong width, or the array cut short), so nothing after it is read. Correct the array or the macro that builds it: firmware built from it sends the same broken walk. If the text is a hex dump of a device, dump it again in full.")
        case .lsusb:
            return ("of the lsusb text", "the text stops or changes shape there (a descriptor's fields missing or out of order), so nothing after it is read. If the text was cut or edited, save `lsusb -v -d VID:PID` again in full (as root, so every descriptor is printed); if it is whole, run uac2 on the device's own bytes (/sys/bus/usb/devices/<dev>/descriptors).")
        case .dump:
            return ("of the dump", "the text stops or changes shape there, so nothing after it is read. Save the dump again in full, or run uac2 on the device's own bytes (/sys/bus/usb/devices/<dev>/descriptors).")
        case .elf, .ihex, .uf2, .bin:
            return ("of the firmware image", "the image holds a broken bLength there (descriptors are walked bLength by bLength, so nothing after it is seen): correct the descriptor in the source the image was built from.")
        case .raw, .pcap, .pcapng:
            return ("of the descriptor bytes", "if the capture is complete, the device sends a broken bLength there (descriptors are walked bLength by bLength, so nothing after it is seen). If the capture was cut short, capture it again in full (e.g. /sys/bus/usb/devices/<dev>/descriptors or complete lsusb -v output).")
        }
    }
}
