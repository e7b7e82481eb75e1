// The one place that picks a reader for an input's format. It sits above the readers (Input/) and
// the capture analyzer (Capture/): both are called from here, and neither calls up into the other.

/// Reads one named input into the model, opening it once: captures and raw blobs are streamed, text is
/// read whole up to a cap and handed to `DescriptorReader`. Used by every command that takes descriptor files.
public enum InputReader {
    /// Text inputs (hex, `lsusb -v`, dumps) are read whole, up to this many bytes. `lsusb -v` of a
    /// whole machine, a firmware's descriptor source or a USBTreeView report are well under 1 MB; the
    /// cap keeps a careless `uac2 decode huge.log` (or a 2 GB file of noise) from taking the machine's
    /// memory, and what is beyond it is named as not read.
    public static let maxTextBytes = 64 << 20

    /// The first bytes format detection looks at (the same window `InputFormat.detect` reads).
    static let headBytes = 1 << 16

    /// Firmware images are read whole up to this: more than any microcontroller's flash. A larger
    /// binary is walked as descriptor bytes instead, streamed (a 2 GB file of zeros is not a firmware
    /// image to scan; it is a blob whose first descriptor has bLength 0).
    public static let maxFirmwareBytes = 64 << 20

    public static func read(path: String, format: InputFormat? = nil, symbols: [String] = []) throws(InputFileError) -> DecodedInput {
        let file = try InputFile(path: path)
        let head = try file.head(headBytes)
        let detected = format ?? (TextEncoding.detect(head) != .utf8 ? .hex : InputFormat.detect(head))
        switch detected {
        case .pcap, .pcapng:
            return CaptureDescriptors.decodedInput(source: InputFileCaptureSource(file), name: file.name, format: detected)
        case .raw:
            var r = try RawDescriptorReader.read(file, name: file.name)
            // /sys/bus/usb/devices/*/descriptors: the kernel's `speed` file beside it says the speed.
            SysfsSpeed.apply(to: &r, path: path)
            return r
        case .bin where format == nil && file.isFile(largerThan: maxFirmwareBytes):
            var r = try RawDescriptorReader.read(file, name: file.name)
            r.diagnostics.insert(Diagnostic(.note, "the input is larger than any firmware image (\(maxFirmwareBytes >> 20) MB)\(sizeNote(file)): walked as descriptor bytes from byte 0"), at: 0)
            return r
        case .hex, .lsusb, .dump, .elf, .ihex, .uf2, .bin:
            let (bytes, more) = try file.readAll(limit: maxTextBytes)
            // Detected again on the whole text when the format was not given (the head of a UTF-16
            // text only says that it is text).
            var r = DescriptorReader.read(bytes: bytes, name: file.name, format: format ?? (detected == .hex ? nil : detected), symbols: symbols)
            if more {
                r.diagnostics.append(Diagnostic(.error, "the input goes on past \(maxTextBytes >> 20) MB, more than any descriptor text or firmware image; only its first \(maxTextBytes >> 20) MB were read\(sizeNote(file))",
                                                at: SourceLocation(offset: maxTextBytes)))
            }
            return r
        }
    }

    /// An opened input as the capture reader's byte source.
    public static func captureSource(_ file: InputFile) -> CaptureByteSource { InputFileCaptureSource(file) }

    static func sizeNote(_ file: InputFile) -> String {
        if case .file(let size) = file.kind { return " (the file has \(size) bytes)" }
        return ""
    }
}

public enum DescriptorReader {
    /// Reads an input of the given (or detected) format into the model.
    /// `symbols` name the ELF data objects to read (`--symbol`); without them firmware images are scanned.
    public static func read(bytes: [UInt8], name: String, format: InputFormat? = nil, symbols: [String] = []) -> DecodedInput {
        // UTF-16/32 text (Windows tools save it) is converted first: read as bytes it is binary noise.
        let encoding = TextEncoding.detect(bytes)
        if encoding != .utf8, format.map({ [.hex, .lsusb, .dump].contains($0) }) ?? true {
            var r = read(bytes: encoding.utf8(bytes), name: name, format: format, symbols: symbols)
            r.diagnostics.insert(Diagnostic(.note, "the input is \(encoding.rawValue) text; read converted to UTF-8 (line numbers are the original's)"), at: 0)
            return r
        }
        let f = format ?? InputFormat.detect(bytes)
        switch f {
        case .elf, .ihex, .uf2, .bin: return FirmwareReader.read(bytes, name: name, format: f, symbols: symbols)
        case .raw: return RawDescriptorReader.read(bytes, name: name)
        case .hex: return HexTextReader.read(bytes, name: name)
        case .dump: return DumpTextReader.read(bytes, name: name)
        case .lsusb: return LsusbTextReader.read(bytes, name: name)
        case .pcap, .pcapng: return CaptureDescriptors.decodedInput(bytes: bytes, name: name, format: f)
        }
    }
}

/// An opened input as a capture byte source: the head format detection read comes first, then the
/// rest of the stream, so a capture through a pipe keeps its first bytes.
final class InputFileCaptureSource: CaptureByteSource {
    let file: InputFile
    init(_ file: InputFile) { self.file = file }

    var totalSize: UInt64? {
        if case .file(let size) = file.kind { return UInt64(size) }
        return nil
    }

    func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int {
        let chunk = try file.read(max: count)
        chunk.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        return chunk.count
    }
}
