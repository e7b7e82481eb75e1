import ArgumentParser
import Foundation
import UAC2Kit

extension RuleHost: ExpressibleByArgument {}

enum HostChoice: String, ExpressibleByArgument, CaseIterable {
    case linux, macos, windows, all
    var host: RuleHost? { RuleHost(rawValue: rawValue) }
}

enum FailOn: String, ExpressibleByArgument, CaseIterable {
    case warning, error
}

/// `uac2 check`: validation rules over captured descriptors, for people and CI.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check USB audio descriptors against the USB 2.0 and Audio Class rules, with fixes and host consequences.",
        discussion: """
        Every finding names a rule (uac2 rules lists them, uac2 explain ID prints one), where it is \
        (configuration, interface/alt, entity or endpoint, and the byte offset or text line of the \
        descriptor), what is wrong with the actual values, a fix with numbers, and what Linux, macOS and \
        Windows do with it (the kernel log line a user will see, Apple's technote rule, Microsoft's \
        usbaudio2.sys rule), each with its source.

        Speed: packet sizes, bInterval and feedback formats depend on the bus speed. uac2 uses --speed, \
        else what the input states (USBTreeView/Thesycon dumps, lsusb "Negotiated speed"), else what the \
        descriptors prove independently of what is judged (bcdUSB 1.x = full speed; a device qualifier or \
        other speed configuration = high-speed capable; 512-byte bulk or wMaxPacketSize bits 12..11 = high \
        speed); never an isochronous packet size. If nothing proves it, every speed the device may run at \
        is judged: findings that hold at one speed name it, "Verdict per speed" sums them up, and the exit \
        status is the worst; --speed narrows it to one.
        Sample rates: a UAC1 format lists its rates; UAC2/UAC3 rates come from the clock (GET RANGE) and \
        are not in any capture, so UAC2 packets are sized for --rates (default 48k).

        Examples:
          uac2 check Descriptors/ksoloti-core-16c0_0444.bin
          uac2 check --speed full --host windows firmware/usb_descriptors.c
          lsusb -v -d 1235:8202 | uac2 check -
          uac2 check --rates 44.1k,48k,96k --fail-on error dump.txt
          uac2 check --sarif descriptors.c > uac2.sarif

        Exit status:
          0   no findings (info findings do not count)
          1   warnings, no errors (0 with --fail-on error)
          2   at least one error
          64  usage error (bad option)
          65  an input is missing, unreadable, or nothing could be decoded from it
        A partly decoded input is still checked; USB-READ-001 says where decoding stopped.
        """)

    @OptionGroup var input: InputOptions

    @Option(help: ArgumentHelp("Host whose consequences to show: linux, macos, windows or all.", valueName: "host"))
    var host: HostChoice = .all

    @Option(help: ArgumentHelp("UAC2/UAC3 sample rates to size packets for, comma separated: 44.1k,48k,96k. (default: 48k)", valueName: "rates"),
            transform: SampleRateList.init(parsing:))
    var rates: SampleRateList = .default48k

    @Flag(help: "Print JSON (findings with their values, locations and host lines).")
    var json = false

    @Flag(help: "Print SARIF 2.1.0 for GitHub code scanning (upload with github/codeql-action/upload-sarif).")
    var sarif = false

    @Option(name: .customLong("fail-on"),
            help: ArgumentHelp("Lowest severity that makes the exit status non-zero: warning (exit 1) or error (exit 2).", valueName: "severity"))
    var failOn: FailOn = .warning

    func validate() throws {
        if json && sarif { throw ValidationError("choose one of --json and --sarif") }
    }

    func run() throws {
        let (inputs, unreadable) = input.load()
        let options = CheckOptions(speed: input.speed, rates: rates.hz)
        let results = inputs.map { RuleEngine.check($0, options: options) }
        let status = RuleEngine.exitStatus(results, unreadable: unreadable, failOn: failOn == .error ? .error : .warning)
        if json {
            writeOut(CheckJSONReport.document(results, exitStatus: status).serialized(pretty: true) + "\n")
        } else if sarif {
            writeOut(SarifReport.document(results).serialized(pretty: true) + "\n")
        } else {
            let o = CheckTextReport.Options(host: host.host)
            writeOut(results.map { CheckTextReport.render($0, options: o) }.joined(separator: "\n"))
            if results.count > 1 || unreadable { writeOut("\n" + summaryLine(results, unreadable: unreadable, status: status)) }
        }
        if status != 0 { throw ExitCode(status) }
    }

    func summaryLine(_ results: [CheckResult], unreadable: Bool, status: Int32) -> String {
        let e = results.reduce(0) { $0 + $1.count(.error) }, w = results.reduce(0) { $0 + $1.count(.warning) }
        return "\(results.count) input(s) checked\(unreadable ? ", some could not be read" : ""): \(e) error(s), \(w) warning(s); exit status \(status).\n"
    }
}
