import Foundation

/// The inputs uac2 reads. Detection looks at content, never at file names.
public enum InputFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// Descriptor bytes: sysfs `descriptors` (device + configurations), a bare configuration, or several.
    case raw
    /// Hex text: xxd, hexdump -C, `0x12, 0x01, ...` lists, C array initializers from firmware source.
    case hex
    /// Windows dumps: Thesycon USB Descriptor Dumper (one field per line), USBTreeView (hex dumps) and
    /// Microsoft USBView (`===>Device Descriptor<===`, one `name: 0x..` field per line).
    case dump
    /// `lsusb -v` text, one or several devices.
    case lsusb
    case pcap
    case pcapng
    /// ELF executable or relocatable object (32/64-bit, either byte order): by symbol or by scanning.
    case elf
    /// Intel HEX firmware image: reassembled at its addresses, then scanned.
    case ihex
    /// UF2 firmware image (RP2040, SAMD, nRF52 bootloaders): reassembled, then scanned.
    case uf2
    /// Raw firmware image (`objcopy -O binary`): scanned for descriptors.
    case bin

    public static func detect(_ bytes: [UInt8]) -> InputFormat {
        if bytes.count >= 4 {
            let m = UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24
            if m == 0x0A0D_0D0A { return .pcapng }
            if [0xA1B2_C3D4, 0xD4C3_B2A1, 0xA1B2_3C4D, 0x4D3C_B2A1].contains(m) { return .pcap }
            if bytes.prefix(4).elementsEqual(ELFFile.magic) { return .elf }
            if UF2File.looksLike(bytes) { return .uf2 }
        }
        if IntelHexFile.looksLike(bytes) { return .ihex }
        if !looksLikeText(bytes) { return looksLikeFirmware(bytes) ? .bin : .raw }
        // One pass over the head's bytes finds every marker (all ASCII), instead of a String
        // search per marker over up to 64 KB of decoded text.
        let found = Marker.table.scan(bytes.prefix(1 << 16))
        func has(_ m: Marker) -> Bool { found & (1 << UInt64(m.rawValue)) != 0 }
        if has(.hexDump) || has(.informationForDevice) || has(.deviceFieldLine) || has(.configurationFieldLine)
            || has(.usbViewDevice) || has(.usbViewConfiguration) {
            return .dump
        }
        if (has(.deviceHeading) || has(.configurationHeading)) && has(.bLength) { return .lsusb }
        return .hex
    }

    /// Words that tell text formats apart. Dumps: Thesycon's and USBTreeView's own words and their
    /// tab-separated field lines; lsusb: a descriptor heading plus lsusb's field name.
    private enum Marker: Int, CaseIterable {
        case hexDump, informationForDevice, deviceFieldLine, configurationFieldLine
        case deviceHeading, configurationHeading, bLength
        case usbViewDevice, usbViewConfiguration

        var text: String {
            switch self {
            case .hexDump: "Data (HexDump)"
            case .informationForDevice: "Information for device"
            case .deviceFieldLine: "0x12\tbLength"
            case .configurationFieldLine: "0x09\tbLength"
            case .deviceHeading: "Device Descriptor:"
            case .configurationHeading: "Configuration Descriptor:"
            case .bLength: "bLength"
            case .usbViewDevice: "===>Device Descriptor<==="
            case .usbViewConfiguration: "===>Configuration Descriptor<==="
            }
        }

        static let table = ASCIIMarkers(allCases.map(\.text))
    }

    /// A binary that does not open with a descriptor (a vector table, code) and is larger than any
    /// descriptor set: a firmware image to scan rather than descriptor bytes to walk from byte 0.
    static func looksLikeFirmware(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 1024 else { return false }
        let standard: Set<UInt8> = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x0B, 0x0F, 0x10, 0x21, 0x24, 0x25, 0x30, 0x31]
        return !(bytes[0] >= 2 && standard.contains(bytes[1]))
    }

    /// Text = almost no control bytes. Descriptor blobs are full of bytes below 0x09.
    static func looksLikeText(_ bytes: [UInt8]) -> Bool {
        let sample = bytes.prefix(4096)
        if sample.isEmpty { return false }
        var control = 0
        for b in sample where b < 0x09 || (b > 0x0D && b < 0x20) || b == 0x7F { control += 1 }
        return control * 100 <= sample.count
    }
}

/// The result of reading one input: devices decoded as far as the input allowed, and what went wrong where.
public struct DecodedInput: Sendable {
    public var name: String
    public var format: InputFormat
    public var devices: [USBDevice]
    public var diagnostics: [Diagnostic]

    public init(name: String, format: InputFormat, devices: [USBDevice], diagnostics: [Diagnostic]) {
        self.name = name
        self.format = format
        self.devices = devices
        self.diagnostics = diagnostics
    }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}
