#if Live // UAC2Live needs libusb-1.0 and ALSA; without the trait this target compiles empty.
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// SIGINT/SIGTERM become a flag the streaming loops poll (each wait is short), so they can
/// stop, put the device back (alt 0, kernel driver) and then exit 128+signal.
public enum Interrupt {
    private static let caught = Atomic<Int32>(0)

    public static var signal: Int32 { caught.load(ordering: .relaxed) }
    public static var requested: Bool { signal != 0 }

    public static func install() {
        // A parent may hand us these signals blocked (spawned from a thread that blocks them);
        // unblock them here, before libusb starts threads, so they always reach the handler.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        for sig in [SIGINT, SIGTERM] {
            var sa = sigaction()
            sa.__sigaction_handler.sa_handler = { s in Interrupt.record(s) }
            sigemptyset(&sa.sa_mask)
            sa.sa_flags = 0
            sigaction(sig, &sa, nil)
        }
    }

    fileprivate static func record(_ s: Int32) {
        caught.store(s, ordering: .relaxed)
    }
}
#endif
