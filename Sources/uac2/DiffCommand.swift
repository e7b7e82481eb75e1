import ArgumentParser
import Foundation
import UAC2Kit

/// `uac2 diff`: two firmware versions, descriptor by descriptor.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what changed between two descriptor sets (any input forms): descriptors, fields and findings.",
        discussion: """
        Reads OLD and NEW in any form uac2 knows (a C array against a blob, lsusb text of the old \
        firmware against the new one) and lists, per device, the descriptors added, removed or moved \
        and every changed field with both values decoded ("wMaxPacketSize 0x00c0 (1 x 192 bytes) -> \
        0x00c4 (1 x 196 bytes)"), then the findings of uac2 check that appear or disappear.
        Descriptors are matched by their place (configuration, interface and alt, endpoint address, \
        entity id), so an inserted descriptor does not shift everything after it.

        Examples:
          uac2 diff release-1.2.bin build/descriptors.bin
          uac2 diff old-lsusb.txt firmware/usb_descriptors.c --json

        Exit status: 0 same; 1 different; 2 the new input has errors (check findings of severity \
        error) the old one did not; 64 usage error; 65 an input could not be decoded; 66 a file is \
        missing or unreadable.
        """)

    @Argument(help: ArgumentHelp("The old descriptors (file, or - for standard input).", valueName: "old"))
    var old: String

    @Argument(help: ArgumentHelp("The new descriptors.", valueName: "new"))
    var new: String

    @Flag(help: "Print JSON.")
    var json = false

    @Option(help: ArgumentHelp("Bus speed for both, when the inputs do not say: \(USBSpeed.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "speed"))
    var speed: USBSpeed?

    @Option(help: ArgumentHelp("UAC2/UAC3 sample rates the findings size packets for, comma separated. (default: 48k)", valueName: "rates"),
            transform: SampleRateList.init(parsing:))
    var rates: SampleRateList = .default48k

    func validate() throws {
        if old == "-" && new == "-" { throw ValidationError("only one of the two inputs can be standard input") }
    }

    func run() throws {
        // The shared reader (captures streamed, detection by content), given the two files as positionals.
        let (inputs, unreadable) = try InputOptions.parse(["--", old, new]).load()
        if unreadable || inputs.count != 2 { throw ExitCode(ExitStatus.noInput) }
        for d in inputs where !d.devices.contains(where: { !$0.sequence.isEmpty }) {
            for g in d.diagnostics { FileHandle.standardError.write(Data("uac2: \(d.name): \(g)\n".utf8)) }
            throw ExitCode(ExitStatus.dataError)
        }
        let result = DescriptorDiff.diff(inputs[0], inputs[1], options: CheckOptions(speed: speed, rates: rates.hz))
        writeOut(json ? DiffReport.json(result).serialized(pretty: true) + "\n" : DiffReport.text(result))
        if result.exitStatus != 0 { throw ExitCode(result.exitStatus) }
    }
}
