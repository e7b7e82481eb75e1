import ArgumentParser
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
}
