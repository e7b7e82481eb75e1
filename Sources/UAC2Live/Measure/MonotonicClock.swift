#if Live // UAC2Live needs libusb-1.0 and ALSA; without the trait this target compiles empty.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// CLOCK_MONOTONIC, the host reference every live rate is measured against.
public enum MonotonicClock {
    /// Seconds since an arbitrary origin (boot); Double keeps ~0.1 µs resolution for years.
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}
#endif
