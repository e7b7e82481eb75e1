#if Live // UAC2Live needs libusb-1.0 and ALSA; without the trait this target compiles empty.
/// Failures of a live probe, each with the exit code `uac2 probe` documents (sysexits.h values
/// where one fits, 128+signal for interruption, as shells do).
public enum ProbeError: Error, CustomStringConvertible, Sendable {
    case notFound(String)            // no such PCM / USB device
    case refused(String)             // the device or PCM refuses the requested parameters
    case busy(String)                // in use (kernel driver bound, PCM open elsewhere)
    case permission(String)          // no access to /dev/bus/usb or /dev/snd
    case io(String)                  // unplugged, timed out, I/O error while running
    case unsupported(String)         // the build or the device lacks what was asked for

    public var description: String {
        switch self {
        case .notFound(let m), .refused(let m), .busy(let m), .permission(let m), .io(let m),
             .unsupported(let m): return m
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .notFound: return 66      // EX_NOINPUT
        case .refused: return 69       // EX_UNAVAILABLE
        case .unsupported: return 69   // EX_UNAVAILABLE
        case .io: return 74            // EX_IOERR
        case .busy: return 75          // EX_TEMPFAIL
        case .permission: return 77    // EX_NOPERM
        }
    }
}
#endif
