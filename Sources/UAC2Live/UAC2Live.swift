#if Live // UAC2Live needs libusb-1.0 and ALSA; without the trait this target compiles empty.
import CLibUSB
import CALSA
import UAC2Kit

/// Live backends (libusb-1.0, ALSA). Only built with the default "Live" trait.
public enum UAC2Live {
    public static func libusbVersion() -> String {
        let v = libusb_get_version().pointee
        return "\(v.major).\(v.minor).\(v.micro)"
    }
}
#endif
