import ArgumentParser
import Foundation
import UAC2Kit

@main
struct UAC2Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uac2",
        abstract: "Explain USB Audio Class descriptors: decode, bandwidth, check, report, capture, probe, emulate.",
        discussion: """
            Reads what you have (raw descriptors, the sysfs descriptors file, hex dumps, C arrays from firmware \
            source, lsusb -v text, Windows dumps, usbmon/sniffer captures) and tells you what each field means, \
            whether your isochronous packets fit, and what Linux, macOS and Windows do with your mistakes.

            One example per command (uac2 COMMAND --help for all options):
              uac2 decode Descriptors/ksoloti-core-16c0_0444.bin
              uac2 check Descriptors/arturia-audiofuse-16rig-1c75_af20.lsusb.txt
              uac2 report Descriptors/ksoloti-core-16c0_0444.bin -o report.html
              uac2 fix Descriptors/arturia-audiofuse-16rig-1c75_af20.lsusb.txt -o fixed.txt
              uac2 diff Descriptors/arturia-audiofuse-16rig-1c75_af20.lsusb.txt fixed.txt
              uac2 bandwidth --speed full --rate 48k --channels 12 --bits 16
              uac2 capture Descriptors/ksoloti-core-16c0_0444.iso-unambiguous.pcap
              uac2 rules
              uac2 explain UAC-BW-001
              uac2 probe        (live; build it with: swift build --traits Live)
              uac2 emulate Descriptors/rode-ai-1-19f7_000a.lsusb.txt   (real Linux in a VM)
            """,
        version: BuildInfo.versionLine,
        subcommands: [
            DecodeCommand.self,
            BandwidthCommand.self,
            CheckCommand.self,
            ReportCommand.self,
            FixCommand.self,
            DiffCommand.self,
            RulesCommand.self,
            ExplainCommand.self,
            ProbeCommand.self,
            CaptureCommand.self,
            CaptureSynthCommand.self,
            EmulateCommand.self,
        ])

    /// ArgumentParser's main, plus a check that standard output took everything: a report cut short
    /// by a full disk must not exit 0 (or 65 as if only the input were at fault).
    static func main() {
        var failure: Error?
        do {
            let (arguments, moved) = RepeatedArguments.split(Array(CommandLine.arguments.dropFirst()))
            var command = try parseAsRoot(arguments)
            if !moved.isEmpty { command = try RepeatedArguments.restore(moved, into: command) }
            try command.run()
        } catch {
            failure = error
        }
        if let reason = StandardOutput.finish() {
            FileHandle.standardError.write(Data("uac2: cannot write standard output: \(reason)\n".utf8))
            Foundation.exit(ExitStatus.ioError)
        }
        if let failure { exit(withError: failure) }
    }
}
