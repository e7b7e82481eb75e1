import ArgumentParser
import UAC2Kit

/// `uac2 explain ID`: one rule in full.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Print one rule in full: severity, spec section, message, fix and what each host does.",
        discussion: """
        Examples:
          uac2 explain UAC-BW-001
          uac2 explain uac-ep-003 --host windows
        """)

    @Argument(help: ArgumentHelp("Rule id, e.g. UAC-BW-001 (case does not matter).", valueName: "id"))
    var id: String

    @Option(help: ArgumentHelp("Only this host's consequence: linux, macos, windows or all.", valueName: "host"))
    var host: HostChoice = .all

    func validate() throws {
        guard RuleCatalog.rule(id.uppercased()) != nil else {
            let near = RuleCatalog.all.map(\.id).filter { $0.hasPrefix(String(id.uppercased().prefix(6))) }
            throw ValidationError("no rule \(id)" + (near.isEmpty ? "; uac2 rules lists them" : "; rules with that prefix: " + near.joined(separator: ", ")))
        }
    }

    func run() throws {
        guard let r = RuleCatalog.rule(id.uppercased()) else { throw ExitCode(64) }
        writeOut(CheckTextReport.explain(r, host: host.host))
    }
}
