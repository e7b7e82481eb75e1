import ArgumentParser
import Foundation
import UAC2Kit

/// sysexits(3) codes, so scripts can tell bad input from a bad command line.
enum ExitStatus {
    static let usage: Int32 = 64      // EX_USAGE
    static let dataError: Int32 = 65  // EX_DATAERR: input decoded only in part
    static let noInput: Int32 = 66    // EX_NOINPUT: file missing or unreadable
    static let ioError: Int32 = 74    // EX_IOERR: output could not be written
}

extension InputFormat: ExpressibleByArgument {}

/// Options every command that reads descriptor files shares.
struct InputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Files to read, or - for standard input.",
        discussion: "Raw descriptor bytes (e.g. /sys/bus/usb/devices/1-1/descriptors), hex text (xxd, `0x12, 0x01` lists, C arrays from firmware source), `lsusb -v` text, Thesycon/USBTreeView dumps, or usbmon/sniffer pcap/pcapng captures.",
        valueName: "file"))
    var files: [String] = []

    @Option(name: .long, help: ArgumentHelp("Input format instead of detecting it: \(InputFormat.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "format"))
    var format: InputFormat?

    @Option(name: .long, help: ArgumentHelp("Bus speed the device runs at, when the input does not say: \(USBSpeed.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "speed"))
    var speed: USBSpeed?

    @Option(name: .customLong("symbol"), help: ArgumentHelp("ELF data symbol holding descriptor bytes (repeatable): --symbol desc_device --symbol desc_hs_configuration. Without it, firmware images are scanned for descriptors.", valueName: "name"))
    var symbols: [String] = []

    @Option(name: .customLong("cc"), help: ArgumentHelp("Compile C/C++ source with this host compiler command and read the descriptors from the object: --cc 'cc -Iinclude -DCFG_TUSB_MCU=OPT_MCU_NONE'. Without it, C arrays of literals are read as text.", valueName: "command"))
    var cc: String?

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one file to read, or - for standard input") }
    }

    /// Reads every file once (a pipe or FIFO has only one reading); unreadable ones are reported and
    /// remembered for the exit code.
    func load() -> (inputs: [DecodedInput], unreadable: Bool) {
        InputLoader(format: format, symbols: symbols, cc: cc).load(files)
    }
}

/// How every command reads descriptor files (check, decode, report, bandwidth --descriptors): through
/// `InputReader` (the one format dispatcher), or the host compiler with --cc; what cannot be read is
/// said on standard error as "uac2: ...".
struct InputLoader {
    var format: InputFormat?
    var symbols: [String] = []
    var cc: String?

    func load(_ files: [String]) -> (inputs: [DecodedInput], unreadable: Bool) {
        var inputs: [DecodedInput] = []
        var unreadable = false
        for path in files {
            if let cc, path != "-", format == nil || format == .hex, FileManager.default.fileExists(atPath: path),
               let head = FileManager.default.contents(atPath: path), InputFormat.detect([UInt8](head)) == .hex {
                let (input, compilerLines) = HostCompiler.read(path: path, name: path, command: cc, symbols: symbols)
                if !compilerLines.isEmpty {
                    // The compiler's own words, unwrapped, before the report that explains them.
                    FileHandle.standardError.write(Data("uac2: \(path): the compiler said:\n\(compilerLines.map { "  " + $0 }.joined(separator: "\n"))\n".utf8))
                }
                inputs.append(input)
                continue
            }
            do {
                inputs.append(try InputReader.read(path: path, format: format, symbols: symbols))
            } catch {
                FileHandle.standardError.write(Data("uac2: \(error)\n".utf8))
                unreadable = true
            }
        }
        return (inputs, unreadable)
    }
}

func writeOut(_ s: String) {
    StandardOutput.write(s)
}

func writeOut(_ bytes: [UInt8]) {
    StandardOutput.flushPending()
    bytes.withUnsafeBytes { StandardOutput.write($0) }
}
