import Foundation

/// The inputs uac2 reads. Detection looks at content, never at file names.
public enum InputFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// Descriptor bytes: sysfs `descriptors` (device + configurations), a bare configuration, or several.
    case raw
    /// Hex text: xxd, hexdump -C, `0x12, 0x01, ...` lists, C array initializers from firmware source.
    case hex
    /// Windows dumps: Thesycon USB Descriptor Dumper (one field per line) and USBTreeView (hex dumps).
    case dump
    /// `lsusb -v` text, one or several devices.
    case lsusb
    case pcap
    case pcapng

    public static func detect(_ bytes: [UInt8]) -> InputFormat {
        if bytes.count >= 4 {
            let m = UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24
            if m == 0x0A0D_0D0A { return .pcapng }
            if [0xA1B2_C3D4, 0xD4C3_B2A1, 0xA1B2_3C4D, 0x4D3C_B2A1].contains(m) { return .pcap }
        }
        if !looksLikeText(bytes) { return .raw }
        let head = String(decoding: bytes.prefix(1 << 16), as: UTF8.self)
        if head.contains("Data (HexDump)") || head.contains("Information for device")
            || head.contains("0x12\tbLength") || head.contains("0x09\tbLength") {
            return .dump
        }
        if head.contains("Device Descriptor:") && head.contains("bLength") { return .lsusb }
        if head.contains("Configuration Descriptor:") && head.contains("bLength") { return .lsusb }
        return .hex
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

public enum DescriptorReader {
    /// Reads an input of the given (or detected) format into the model.
    public static func read(bytes: [UInt8], name: String, format: InputFormat? = nil) -> DecodedInput {
        // UTF-16/32 text (Windows tools save it) is converted first: read as bytes it is binary noise.
        let encoding = TextEncoding.detect(bytes)
        if encoding != .utf8, format.map({ [.hex, .lsusb, .dump].contains($0) }) ?? true {
            var r = read(bytes: encoding.utf8(bytes), name: name, format: format)
            r.diagnostics.insert(Diagnostic(.note, "the input is \(encoding.rawValue) text; read converted to UTF-8 (line numbers are the original's)"), at: 0)
            return r
        }
        let f = format ?? InputFormat.detect(bytes)
        switch f {
        case .raw: return RawDescriptorReader.read(bytes, name: name)
        case .hex: return HexTextReader.read(bytes, name: name)
        case .dump: return DumpTextReader.read(bytes, name: name)
        case .lsusb: return LsusbTextReader.read(bytes, name: name)
        case .pcap, .pcapng: return CaptureInputHook.read(bytes, name, f)
        }
    }
}

/// Capture files are decoded by the Capture layer; until it is linked in, say so plainly.
public enum CaptureInputHook {
    nonisolated(unsafe) public static var reader: (@Sendable ([UInt8], String, InputFormat) -> DecodedInput)?

    static func read(_ bytes: [UInt8], _ name: String, _ f: InputFormat) -> DecodedInput {
        if let r = reader { return r(bytes, name, f) }
        return CaptureDescriptors.decodedInput(bytes: bytes, name: name, format: f)
    }
}
