import ArgumentParser
import Foundation
import UAC2Kit

struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode USB audio descriptors into a readable tree (or JSON).",
        discussion: """
        Reads captured descriptors in any format uac2 knows and prints every descriptor with lsusb's field \
        names, each value with what it means (wMaxPacketSize "1 x 196 bytes", bInterval "8 microframes = 1 ms", \
        bmChannelConfig channel names, clock types, control access), where it came from (byte offset or line), \
        then a summary of each audio function: its topology and every streaming alternate setting.

        Examples:
          uac2 decode Descriptors/ksoloti-core-16c0_0444.bin
          uac2 decode --speed high firmware/usb_descriptors.c
          lsusb -v -d 1235:8202 | uac2 decode -
          uac2 decode --json dump.txt | jq '.inputs[0].devices[0].configurations[0].audioFunctions'
          uac2 decode --dot Descriptors/rme-fireface-uc-0424_3fc6.lsusb.txt | dot -Tsvg > topology.svg

        Exit status: 0 decoded; 65 input decoded only in part (the output shows everything read before \
        the problem and names its byte offset or line); 66 a file is missing or unreadable; 64 usage error.
        """)

    @OptionGroup var input: InputOptions

    @Flag(name: .long, help: "Print JSON (schema in README.md, versioned by \"schemaVersion\").")
    var json = false

    @Flag(name: .long, help: "Print the topology of every audio function as Graphviz DOT instead (uac2 decode --dot FILE | dot -Tsvg > topology.svg).")
    var dot = false

    @Flag(name: .long, help: "Also print each descriptor's raw bytes.")
    var raw = false

    @Flag(inversion: .prefixedNo, help: "After the tree, check isochronous bandwidth: every streaming alt per rate and speed, and the bus time of alt settings active together (on by default in text; for JSON run uac2 bandwidth --descriptors FILE --json).")
    var bandwidth = true

    @Option(name: .customLong("write-raw"), help: ArgumentHelp(
        "Write the first device's descriptor bytes as the model re-encodes them, laid out like sysfs `descriptors` (device descriptor + configurations), to this file. Turns `lsusb -v` text, hex or a dump into a blob other tools read.",
        valueName: "path"))
    var writeRaw: String?

    func validate() throws {
        if writeRaw != nil, input.files.count != 1 { throw ValidationError("--write-raw takes exactly one input file") }
        if dot && json { throw ValidationError("choose one of --dot and --json") }

    }

    func run() throws {
        // Packed: a large input's devices are unpacked one at a time as they are printed.
        let (inputs, unreadable) = input.load(packed: true)
        if dot {
            for d in inputs { writeOut(TopologyDot.document(d)) }
        } else if json {
            // Written device by device: a tree of the whole document took over 1 GB for 3 MB of input.
            var w = JSONWriter(pretty: true, sink: writeOut)
            JSONReport.write(inputs, speedOverride: input.speed, to: &w)
            w.flush()
            writeOut("\n")
        } else {
            for (i, d) in inputs.enumerated() {
                if i > 0 { writeOut("\n") }
                TextReport.write(d, options: .init(showRaw: raw, speedOverride: input.speed), to: writeOut)
                if bandwidth && !json {
                    for n in 0..<d.deviceCount {
                        let report = BandwidthDeviceReport(BandwidthDeviceInput(device: d.device(n)),
                                                           speed: input.speed)
                        writeOut("\n" + report.textLines().joined(separator: "\n") + "\n")
                    }
                }
            }
        }
        if let path = writeRaw, let first = inputs.first {
            let bytes = first.deviceCount > 0 ? first.device(0).sysfsDescriptors() : []
            do {
                try OutputFile.write(bytes, to: path)
            } catch {
                FileHandle.standardError.write(Data("uac2: --write-raw: \(error)\n".utf8))
                throw ExitCode(ExitStatus.ioError)
            }
        }
        if unreadable { throw ExitCode(ExitStatus.noInput) }
        if inputs.contains(where: \.hasErrors) { throw ExitCode(ExitStatus.dataError) }
    }
}
