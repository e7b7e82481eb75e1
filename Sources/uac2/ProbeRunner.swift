#if Live
import ArgumentParser
import Foundation
import UAC2Kit
import UAC2Live

/// Runs the probe a ProbeCommand describes and prints the result; maps ProbeError to exit codes.
struct ProbeRunner {
    let command: ProbeCommand

    func run() throws {
        Interrupt.install()
        do {
            if let pcm = command.alsa {
                try runALSA(pcm)
            } else if let usb = command.usb {
                try runUSB(usb)
            } else {
                try ProbeList.run(json: command.json)
            }
        } catch let e as ProbeError {
            printError(e.description)
            throw ExitCode(e.exitCode)
        }
    }

    func runALSA(_ pcm: String) throws {
        let tty = isatty(STDERR_FILENO) == 1 && !command.json
        let opt = ALSAProbeOptions(
            pcm: pcm, seconds: command.seconds, rate: command.rateHz, channels: command.channels,
            format: command.format, direction: command.direction == "capture" ? .capture : .playback, alt: command.alt,
            progress: tty ? Self.showProgress : nil)
        #if os(Linux)
        let result = try ALSAProbe.run(opt)
        #else
        throw ProbeError.unsupported("--alsa needs ALSA, which exists only on Linux; on this system probe the device with --usb VID:PID")
        #endif
        if tty { FileHandle.standardError.write(Data("\r\u{1b}[K".utf8)) }
        if command.json {
            print(try ProbeJSON.encode(result))
        } else {
            print(ALSAReport.text(result), terminator: "")
        }
        if let s = result.interruptedBySignal { throw ExitCode(128 + s) }
        if !result.xruns.isEmpty { throw ExitCode(1) }
    }
}

extension ProbeRunner {
    @Sendable static func showProgress(_ p: ALSAProgress) {
        let ppm: String = p.ppmSoFar.map { String(format: "%+.1f ppm so far", $0) } ?? ""
        let line = "\r  \(Int(p.elapsed)) s, \(p.frames) frames, \(p.xruns) xruns \(ppm)   "
        FileHandle.standardError.write(Data(line.utf8))
    }
}

extension ProbeRunner {
    func runUSB(_ arg: String) throws {
        guard let sel = USBSession.Selector(arg) else {
            throw ValidationError("--usb wants VID:PID (hex, e.g. 1209:0001) or BUS:ADDR (decimal, e.g. 1:2)")
        }
        let tty = isatty(STDERR_FILENO) == 1 && !command.json
        let so = command.stream.map {
            StreamOptions(alt: $0, rate: command.rateHz ?? 48000, seconds: command.seconds, direction: command.direction,
                          progress: tty ? Self.showStreamProgress : nil)
        }
        let (result, decoded, check) = try USBProbe.run(.init(selector: sel, detachKernelDriver: command.detachKernelDriver, stream: so))
        if tty && so != nil { FileHandle.standardError.write(Data("\r\u{1b}[K".utf8)) }
        // The connected speed is on the decoded device as libusb evidence, not an override.
        if command.json {
            let probe = try ProbeJSON.encode(result)
            let dec = JSONReport.input(decoded, nil).serialized(pretty: true)
            let chk = CheckJSONReport.input(check).serialized(pretty: true)
            print("{\n\"probe\": \(probe),\n\"check\": \(chk),\n\"decode\": \(dec)\n}")
        } else {
            print(USBReport.text(result, decoded: decoded, fullDecode: command.decode), terminator: "")
            print("\nDescriptor rules (as `uac2 check`) at the connected speed, for rates " +
                  result.checkRates.map(String.init).joined(separator: ", ") + " Hz:")
            print(CheckTextReport.render(check), terminator: "")
        }
        if let f = result.failure {
            printError(f.message)
            throw ExitCode(f.exitStatus)
        }
        if let s = result.interruptedBySignal { throw ExitCode(128 + s) }
        let checkWorst: ProbeFinding.Severity? = check.worst == .error ? .error : check.worst == .warning ? .warning : nil
        switch [result.worstSeverity, checkWorst].compactMap({ $0 }).max() {
        case .error?: throw ExitCode(2)
        case .warning?: throw ExitCode(1)
        default: break
        }
    }

    @Sendable static func showStreamProgress(_ p: StreamProgress) {
        let ppm: String = p.ppmSoFar.map { String(format: "%+.1f ppm so far (host clock)", $0) } ?? ""
        FileHandle.standardError.write(Data("\r  \(Int(p.elapsed)) s, \(p.packets) packets, \(p.frames) frames \(ppm)   ".utf8))
    }
}

enum ProbeJSON {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        enc.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try enc.encode(value), as: UTF8.self)
    }
}
#endif
