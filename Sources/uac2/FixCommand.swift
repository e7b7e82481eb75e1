import ArgumentParser
import Foundation
import UAC2Kit

extension FixOutputForm: ExpressibleByArgument {}

/// `uac2 fix`: writes corrected descriptors and says what it changed and why.
struct FixCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fix",
        abstract: "Correct what needs no design decision (lengths, counts, packet sizes, control values) and write the descriptors back.",
        discussion: """
        uac2 fix runs the checks, applies every fix whose right value the descriptors themselves prove, \
        and checks again until nothing changes:
          wTotalLength of the configuration (USB-CH9-002) and of the AudioControl header (UAC-FN-004);
          bLength of fixed-size descriptors whose wrong length derails the walk;
          bNumInterfaces (USB-CH9-003), bNumEndpoints (USB-CH9-005), UAC1 bInCollection;
          wMaxPacketSize to what the declared format needs with the ±1 frame (UAC-BW-002, UAC-BW-003);
          bmControls pairs 0b10 -> 0b01 (UAC-CTL-001), Clock Validity read-only (UAC-CTL-003);
          interface numbers without gaps (USB-CH9-004), IAD ranges (UAC-FN-002), bmAttributes bit 7.
        What needs a choice is listed with the options and left alone: a format the speed cannot carry \
        (fewer channels, a second endpoint, high speed), a missing feedback endpoint, short descriptors.

        Output keeps the input's form: a C array is edited in place (layout and comments kept, each \
        changed byte followed by /* uac2 fix: RULE field old -> new */), a hex dump keeps its lines (a \
        // comment per changed line), raw stays raw. lsusb text, Windows dumps, \
        captures and firmware images (ELF, UF2, Intel HEX) cannot be written back: their descriptors \
        come out as hex (or raw with --format raw). Fixes change values, never sizes. A C source that \
        needs the compiler (macros, sizeof) is read only up to its first non-literal: fix the compiled \
        image's descriptors instead.

        Speed: packet sizes depend on it. uac2 uses --speed, else what the input states or the \
        descriptors prove; when the speed is unknown it sizes for every speed the device may run at \
        (full and high) and says so.

        Examples:
          uac2 fix firmware/usb_descriptors.c -o usb_descriptors.fixed.c
          uac2 fix --speed full descriptors.bin -o fixed.bin
          lsusb -v -d 1235:8202 | uac2 fix - --format hex

        The corrected descriptors go to -o FILE, or to standard output (the summary then goes to \
        standard error).
        Exit status: 0 nothing left that needs a decision; 1 findings left for a decision (listed); \
        64 usage error; 65 nothing could be decoded; 66 the file is missing or unreadable.
        """)

    @Argument(help: ArgumentHelp("File to correct, or - for standard input.", valueName: "file"))
    var file: String

    @Option(name: .short, help: ArgumentHelp("Write the corrected descriptors here instead of standard output.", valueName: "out"))
    var output: String?

    @Option(name: .customLong("format"), help: ArgumentHelp("Output form: same (the input's), c, hex or raw.", valueName: "form"))
    var form: FixOutputForm = .same

    @Option(name: .customLong("input-format"), help: ArgumentHelp("Input format instead of detecting it: \(InputFormat.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "format"))
    var inputFormat: InputFormat?

    @Option(help: ArgumentHelp("Bus speed the device runs at, when the input does not say: \(USBSpeed.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "speed"))
    var speed: USBSpeed?

    @Option(help: ArgumentHelp("UAC2/UAC3 sample rates to size packets for, comma separated: 44.1k,48k,96k. (default: 48k)", valueName: "rates"),
            transform: SampleRateList.init(parsing:))
    var rates: SampleRateList = .default48k

    @Flag(help: "Print the summary as JSON (changes, findings left for a decision, notes); needs -o.")
    var json = false

    func validate() throws {
        if json && output == nil { throw ValidationError("--json prints the summary on standard output: name the corrected file with -o") }
    }

    func run() throws {
        let data: Data?
        if file == "-" { data = FileHandle.standardInput.readDataToEndOfFile() } else { data = FileManager.default.contents(atPath: file) }
        guard let data else {
            let why = FileManager.default.fileExists(atPath: file) ? "cannot be read (permissions?)" : "does not exist"
            FileHandle.standardError.write(Data("uac2: \(file): \(why)\n".utf8))
            throw ExitCode(ExitStatus.noInput)
        }
        let bytes = [UInt8](data)
        let result = DescriptorFixer.fix(bytes: bytes, name: file == "-" ? "<stdin>" : file, format: inputFormat,
                                         options: CheckOptions(speed: speed, rates: rates.hz))
        guard result.original.devices.contains(where: { !$0.sequence.isEmpty }) else {
            for d in result.original.diagnostics { FileHandle.standardError.write(Data("uac2: \(result.name): \(d)\n".utf8)) }
            throw ExitCode(ExitStatus.dataError)
        }
        let written = FixWriter.write(result, input: bytes, form: form)
        let destination = output ?? "standard output"
        let summary = json ? FixJSONReport.document(result, written: written, destination: destination).serialized(pretty: true) + "\n"
            : FixTextReport.render(result, written: written, destination: destination)
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: Data(written.bytes)) else {
                throw ValidationError("cannot write \(output)")
            }
            writeOut(summary)
        } else {
            FileHandle.standardOutput.write(Data(written.bytes))
            FileHandle.standardError.write(Data(summary.utf8))
        }
        if result.choices.contains(where: { $0.severity != .info }) { throw ExitCode(1) }
    }
}
