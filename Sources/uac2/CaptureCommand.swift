import ArgumentParser
import Foundation
import UAC2Kit

struct CaptureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capture",
        abstract: "Read a usbmon / USB sniffer capture (pcap, pcapng): descriptors, requests, alt settings and streaming figures.")

    @Argument(help: ArgumentHelp("Capture file (.pcap or .pcapng; usbmon, USB 2.0 link layer or USBPcap).",
        discussion: "Exit status: 0 read completely; 65 reading stopped at damage (everything before it is reported, the error names its byte offset and packet number); 66 the file cannot be opened."))
    var file: String

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Option(help: ArgumentHelp("Only this device: BUS:ADDR (sniffer captures use bus 0) or ADDR.", valueName: "device"),
            transform: CaptureDeviceArgument.init(parsing:))
    var device: CaptureDeviceArgument?

    @Option(help: ArgumentHelp("Bus speed when the capture cannot tell: full or high.", valueName: "speed"))
    var speed: USBSpeed?

    func validate() throws {
        if let s = speed { try s.requireUSB2("a capture's timings are read at full or high speed") }
    }

    func run() throws {
        var options = CaptureAnalysisOptions()
        options.deviceFilter = device.map { ($0.bus, $0.address) }
        options.speed = speed
        let showProgress = isatty(2) != 0
        var lastShown = Date.distantPast
        // Opened once, like every input: `-`, pipes and FIFOs work; directories and devices are named.
        let input: InputFile
        do {
            input = try InputFile(path: file)
        } catch {
            FileHandle.standardError.write(Data("uac2: \(error)\n".utf8))
            throw ExitCode(ExitStatus.noInput)
        }
        let report = CaptureAnalyzer.analyze(source: InputReader.captureSource(input), file: file, options: options, progress: { done, total in
            guard showProgress, let total, total > 64 << 20 else { return }
            let now = Date()
            if now.timeIntervalSince(lastShown) < 0.5 { return }
            lastShown = now
            let pct = Double(done) / Double(total) * 100
            FileHandle.standardError.write("\rreading \(file): \(Int(pct))% (\(done >> 20) of \(total >> 20) MB)".data(using: .utf8)!)
        })
        if showProgress && lastShown != Date.distantPast {
            FileHandle.standardError.write("\r\u{1B}[K".data(using: .utf8)!)
        }
        if json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            let data = try enc.encode(report)
            StandardOutput.write(data)
            print()
        } else {
            print(CaptureTextRenderer.render(report), terminator: "")
        }
        // Same exit statuses as decode/check: 66 unreadable, 65 read only in part.
        if let e = report.error {
            throw ExitCode(e.message.hasPrefix("cannot open") ? ExitStatus.noInput : ExitStatus.dataError)
        }
    }
}
