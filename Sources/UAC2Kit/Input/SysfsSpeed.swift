/// The sysfs `speed` file beside a `descriptors` file: Linux writes the speed the device enumerated at
/// there (in Mbit/s), so a blob read from /sys/bus/usb/devices/1-1/descriptors — or a copy of that
/// folder — carries real evidence of its speed, independent of every field uac2 judges.
public enum SysfsSpeed {
    /// The `speed` file is a few bytes ("480\n"); more than this is not a sysfs speed file.
    static let maxBytes = 64

    /// The evidence the `speed` file beside `path` gives, when `path` names a `descriptors` file and
    /// that file exists; a note when it exists but says nothing uac2 knows as a speed.
    public static func evidence(besideDescriptors path: String) -> (evidence: SpeedEvidence?, note: Diagnostic?) {
        guard path != "-" else { return (nil, nil) }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.last == "descriptors" else { return (nil, nil) }
        let speedPath = (parts.dropLast() + ["speed"]).joined(separator: "/")
        guard let file = try? InputFile(path: speedPath), let (bytes, more) = try? file.readAll(limit: maxBytes) else {
            return (nil, nil)
        }
        // The kernel writes "480\n"; spaces and line ends around the number are not part of it.
        let blank: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
        let text = String(decoding: bytes.drop(while: blank.contains).reversed().drop(while: blank.contains).reversed(), as: UTF8.self)
        guard !more, let speed = USBSpeed(sysfsMegabits: text) else {
            let shown = more ? "more than \(maxBytes) bytes" : "\"\(text.prefix(40))\""
            return (nil, Diagnostic(.note, "\(speedPath) holds \(shown), not a USB speed in Mbit/s (1.5, 12, 480, 5000, 10000, 20000); the speed is judged without it"))
        }
        return (SpeedEvidence(.sysfs, speed, reason: "the sysfs speed file beside descriptors reads \(text) (Mbit/s)",
                              place: speedPath), nil)
    }

    /// Records the `speed` file's evidence on every device read from a sysfs `descriptors` file (it
    /// holds one device); the note, if any, joins the input's diagnostics.
    public static func apply(to input: inout DecodedInput, path: String) {
        let (e, note) = evidence(besideDescriptors: path)
        if let note { input.diagnostics.append(note) }
        guard let e else { return }
        for i in input.devices.indices { input.devices[i].speedEvidence.insert(e, at: 0) }
    }
}
