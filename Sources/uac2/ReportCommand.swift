import ArgumentParser
import Foundation
import UAC2Kit

/// `uac2 report`: a self-contained HTML page per input, with the topology and packet budgets drawn.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write an HTML report per input: the topology as a graph, bytes per packet as bars, the findings with fixes.",
        discussion: """
        One self-contained HTML file per input (inline SVG and CSS; no script, no network: open it in any \
        browser, attach it to a bug report). Per device:
          - each audio function's topology as a graph: clock sources, selectors and multipliers, terminals, \
        units and streaming interfaces, with arrows for audio, clock and terminal links; links to IDs no \
        descriptor declares and links on a cycle are red;
          - per streaming alternate setting, a bar per sample rate of the bytes the largest packet needs, \
        against wMaxPacketSize and the speed's limit (at every speed the device may run at when the input \
        does not say which);
          - the findings of `uac2 check`, each with its fix and what each host does; nodes with findings carry \
        a numbered badge that links to them, and each finding links back to its node.

        Examples:
          uac2 report Descriptors/rme-fireface-uc-0424_3fc6.lsusb.txt -o fireface.html
          uac2 report --speed full firmware/usb_descriptors.c -o report.html
          uac2 report Descriptors/*.lsusb.txt -o reports/      (several inputs: one file each in reports/)
          lsusb -v -d 1235:8202 | uac2 report - > scarlett.html

        Output: with one input, -o names the file (default: standard output); with several, -o names a \
        directory (created if needed) that gets NAME.html per input.
        Exit status: 0 written; 65 an input was decoded only in part (its report shows where reading \
        stopped); 66 an input is missing or unreadable; 73 an output file cannot be written; 64 usage error.
        """)

    @OptionGroup var input: InputOptions

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Output file (one input) or directory (several inputs).", valueName: "path"))
    var output: String?

    @Option(help: ArgumentHelp("UAC2/UAC3 sample rates for the bars, comma separated (default 44.1k to 384k); the findings use the first.", valueName: "rates"),
            transform: SampleRateList.init(parsing:))
    var rates: SampleRateList?

    func validate() throws {
        if input.files.count > 1, output == nil {
            throw ValidationError("several inputs make several reports: give -o DIRECTORY")
        }
    }

    func run() throws {
        let (inputs, unreadable) = input.load()
        let rates = self.rates?.hz
        let options = HTMLReport.Options(speed: input.speed, rates: rates, version: BuildInfo.versionLine)
        let checkOptions = CheckOptions(speed: input.speed, rates: rates.map { [$0[0]] } ?? [48000])
        let many = input.files.count > 1
        if many, let dir = output {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
        var usedNames = Set<String>()
        for d in inputs {
            let html = HTMLReport.render(d, check: RuleEngine.check(d, options: checkOptions), options: options)
            guard let out = output else { writeOut(html); continue }
            var path = out
            if many {
                var base = (d.name as NSString).lastPathComponent
                if base.isEmpty || base == "<stdin>" { base = "stdin" }
                var name = base + ".html", n = 2
                while !usedNames.insert(name).inserted { name = "\(base)-\(n).html"; n += 1 }
                path = (out as NSString).appendingPathComponent(name)
            }
            guard FileManager.default.createFile(atPath: path, contents: Data(html.utf8)) else {
                FileHandle.standardError.write(Data("uac2 report: cannot write \(path)\n".utf8))
                throw ExitCode(73)
            }
            FileHandle.standardError.write(Data("uac2 report: \(d.name) → \(path)\n".utf8))
        }
        if unreadable { throw ExitCode(ExitStatus.noInput) }
        if inputs.contains(where: \.hasErrors) { throw ExitCode(ExitStatus.dataError) }
    }
}
