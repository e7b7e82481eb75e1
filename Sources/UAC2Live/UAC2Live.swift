#if Live // UAC2Live needs libusb-1.0 and ALSA; without the trait this target compiles empty.
import CLibUSB
import UAC2Kit

/// Live backends (libusb-1.0; ALSA on Linux). Only built with the "Live" trait (`--traits Live`).
public enum UAC2Live {
    public static func libusbVersion() -> String {
        let v = libusb_get_version().pointee
        return "\(v.major).\(v.minor).\(v.micro)"
    }
}
#endif
