import ArgumentParser
import Foundation
import UAC2Kit

@main
struct UAC2Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uac2",
        abstract: "Explain USB Audio Class descriptors: decode, bandwidth, check, capture, probe.",
        version: UAC2Kit.version,
        subcommands: [
            DecodeCommand.self,
            BandwidthCommand.self,
            CheckCommand.self,
            FixCommand.self,
            DiffCommand.self,
            RulesCommand.self,
            ExplainCommand.self,
            ProbeCommand.self,
            CaptureCommand.self,
            CaptureSynthCommand.self,
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
