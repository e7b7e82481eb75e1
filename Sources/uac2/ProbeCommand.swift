import ArgumentParser
import Foundation
#if Live
import UAC2Live
#endif

/// `uac2 probe`: measure a live device through libusb or ALSA. Built only with the opt-in
/// "Live" trait (`--traits Live`); without it the subcommand exists but says how to get it.
struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Probe live USB audio devices (libusb) and ALSA PCMs and measure their real rate.",
        discussion: """
            With no option: list USB audio functions (libusb, cached descriptors) and ALSA USB cards \
            (/proc/asound/cardN/usbid), each with the command that probes it.

            --usb VID:PID|BUS:ADDR: read the descriptors from the device (GET_DESCRIPTOR), run the \
            descriptor rules at the speed it is connected at, query every clock source (GET CUR and \
            GET RANGE of SAM_FREQ, GET CUR of CLOCK_VALID) and clock selector (GET CUR), and report the \
            rates offered against what each streaming alt's endpoint carries, with findings. Class \
            requests need the AudioControl interface: while snd-usb-audio holds it they are skipped \
            unless --detach-kernel-driver is given (the driver is re-attached on exit).

            --usb ... --stream ALT --rate R --seconds S [--direction in|out]: set the rate and the alt, \
            stream for real and measure packet sizes, packet status, feedback and the device's rate. \
            The interface always goes back to alt 0 (and the kernel driver back) on exit, error, \
            SIGINT or SIGTERM.

            --alsa PCM: stream S seconds through an ALSA PCM and measure the rate the card runs at \
            against CLOCK_MONOTONIC (frames/s, ppm ± worst-case bound), xruns and delay; --alt A \
            takes the parameters of a USB card's altset from /proc/asound.

            Build: the probe is the opt-in "Live" trait, `swift build --traits Live`, with libusb-1.0 \
            (libusb-1.0-0-dev; macOS: brew install libusb) and, on Linux, ALSA (libasound2-dev) installed; \
            a plain `swift build` needs Swift alone and leaves it out (then this command exits 69 and says so).

            Exit status: 0 measured, nothing wrong seen; 1 warnings (xruns, warning findings); 2 error \
            findings (stalls, timeouts, malformed RANGE, rule errors); 64 usage; 66 no such device or \
            PCM; 69 parameters refused (or built without live support); 74 I/O error or timeout while \
            running (device gone); 75 busy (kernel driver, PCM in use); 77 no permission; 130/143 \
            interrupted by SIGINT/SIGTERM (after the cleanup).
            """)

    @Option(name: .customLong("alsa"), help: "ALSA PCM name, e.g. hw:2,0 or plughw:CARD=Device")
    var alsa: String?

    @Option(name: .customLong("usb"), help: "USB device: VID:PID (hex) or BUS:ADDR (decimal).")
    var usb: String?

    @Option(help: "With --usb: stream this alternate setting.")
    var stream: Int?

    @Option(help: "With --alsa on a USB card: use the format, channels and rate /proc/asound lists for this altset.")
    var alt: Int?

    @Flag(help: "With --usb: take interfaces from the kernel driver (re-attached on exit).")
    var detachKernelDriver = false

    @Flag(help: "With --usb: also print the full decode of the live descriptors at the real bus speed.")
    var decode = false

    @Option(help: "Seconds to stream.")
    var seconds: Double = 5

    @Option(help: ArgumentHelp("Sample rate in Hz, or with a k suffix: 48000, 48k, 44.1k (default: the device's nearest to 48000).", valueName: "rate"),
            transform: SampleRate.init(parsing:))
    var rate: SampleRate?

    /// The rate as the live layer takes it (a SampleRate is at most 2^32-1 Hz).
    var rateHz: UInt32? { rate.map { UInt32($0.hz) } }

    @Option(help: "Channel count (default: nearest to 2).")
    var channels: UInt32?

    @Option(help: "Sample format: S16_LE, S24_3LE or S32_LE (default: first the PCM accepts).")
    var format: String?

    @Option(help: "ALSA: playback or capture (default playback). USB --stream: in or out.")
    var direction: String?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func validate() throws {
        guard seconds > 0, seconds <= 86_400 else { throw ValidationError("--seconds must be in (0, 86400]") }
        if let f = format, !["S16_LE", "S24_3LE", "S32_LE"].contains(f) {
            throw ValidationError("--format must be S16_LE, S24_3LE or S32_LE")
        }
        if alsa != nil && usb != nil { throw ValidationError("give --alsa or --usb, not both") }
        if let d = direction {
            if alsa != nil, !["playback", "capture"].contains(d) {
                throw ValidationError("--direction must be playback or capture with --alsa")
            }
            if usb != nil, !["in", "out"].contains(d) { throw ValidationError("--direction must be in or out with --usb") }
        }
        if alt != nil && alsa == nil { throw ValidationError("--alt goes with --alsa (for USB use --stream ALT)") }
        if stream != nil {
            guard usb != nil else { throw ValidationError("--stream needs --usb") }
            guard rate != nil else { throw ValidationError("--stream needs --rate") }
        }
    }

    func run() throws {
        #if Live
        try ProbeRunner(command: self).run()
        #else
        printError(Self.notBuiltMessage)
        throw ExitCode(69)
        #endif
    }
}

extension ProbeCommand {
    /// What a build without the "Live" trait prints for `uac2 probe` (exit 69, EX_UNAVAILABLE): the
    /// packages and the one flag that give the live probe.
    static let notBuiltMessage = """
        this uac2 was built without the live probe (the default build needs Swift alone).
          The probe needs libusb-1.0 (and ALSA on Linux) with their development headers:
            Debian/Ubuntu:  sudo apt-get install libusb-1.0-0-dev libasound2-dev pkg-config
            Fedora:         sudo dnf install libusb1-devel alsa-lib-devel pkgconf
            macOS:          brew install libusb pkg-config
          then build with the "Live" trait:
            swift build --traits Live && .build/debug/uac2 probe
          or: swift run --traits Live uac2 probe
        """
}

func printError(_ s: String) {
    FileHandle.standardError.write(Data("uac2 probe: \(s)\n".utf8))
}
