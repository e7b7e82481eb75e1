import ArgumentParser
import UAC2Kit

/// `uac2 rules`: the rule catalogue.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List every rule uac2 check applies: id, severity, title.",
        discussion: """
        Families: USB-CH9 (USB 2.0 chapter 9 structure), USB-READ (input decoded only in part), UAC-FN (the \
        audio function, IAD and class version), UAC-LEN (class-specific lengths), UAC-TOPO (entity IDs and \
        links), UAC-CTL (controls), UAC-FMT (channel clusters and formats), UAC-EP (endpoints and \
        synchronisation), UAC-BW (packet sizes and bus time). Ids are stable.

        Examples:
          uac2 rules
          uac2 rules --json | jq '.[] | select(.severity == "error") | .id'
          uac2 explain UAC-BW-001
        """)

    @Flag(help: "Print the catalogue as JSON (every field of every rule).")
    var json = false

    func run() throws {
        if json {
            let rules: [JSONValue] = RuleCatalog.all.map { r in
                .object([("id", .string(r.id)), ("severity", .string(r.severity.rawValue)), ("title", .string(r.title)),
                         ("section", .string(r.section)), ("message", .string(r.message)), ("fix", .string(r.fix)),
                         ("hosts", .array(r.hosts.map { h in
                             .object([("host", .string(h.host.rawValue)), ("text", .string(h.text)), ("source", .string(h.source))])
                         }))])
            }
            writeOut(JSONValue.array(rules).serialized(pretty: true) + "\n")
        } else {
            writeOut(CheckTextReport.catalogue(RuleCatalog.all))
            writeOut("\n\(RuleCatalog.all.count) rules. uac2 explain ID prints one in full.\n")
        }
    }
}
