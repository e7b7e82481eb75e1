/// `lsusb -v` text, rebuilt into descriptor bytes through the layout tables.
public enum LsusbTextReader {
    public static func read(_ bytes: [UInt8], name: String) -> DecodedInput {
        DecodedInput(name: name, format: .lsusb, devices: [],
                     diagnostics: [Diagnostic(.error, "the lsusb text reader is not in this build yet")])
    }
}
