/// One fact that proves or limits the bus speed, and where it is. Only facts independent of what is
/// judged at that speed count: never an isochronous packet size measured against a format, a rate or
/// a channel count (that inference hid full-speed devices whose 12-channel alt does not fit).
public struct SpeedEvidence: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Source: String, Sendable, Hashable, Codable, CaseIterable {
        /// `--speed` on the command line.
        case option
        /// The input states it: lsusb "Negotiated speed", a USBTreeView/Thesycon dump's bus speed.
        case input
        /// The sysfs `speed` file beside the `descriptors` file that was read.
        case sysfs
        /// A capture: start-of-frame spacing, packet spacing against bInterval.
        case capture
        /// The live device: libusb_get_device_speed.
        case libusb
        /// The input holds separate full-speed and high-speed configuration sets (firmware source or
        /// image), so each set names its own speed.
        case configurationSets = "configuration-sets"
        /// A device qualifier: the device is high-speed capable.
        case deviceQualifier = "device-qualifier"
        /// An other speed configuration: the device is high-speed capable.
        case otherSpeedConfiguration = "other-speed-configuration"
        /// bcdUSB 1.x: the device predates high speed.
        case bcdUSB
        /// A field encoding that is legal at one speed only (not an isochronous size).
        case encoding
        /// SuperSpeed (Plus) endpoint companions, only sent at SuperSpeed or above.
        case superSpeedCompanion = "superspeed-companion"
    }

    public var source: Source
    /// The speeds this fact leaves possible: one when it proves the speed.
    public var speeds: [USBSpeed]
    /// The fact in words: "lsusb states "Negotiated speed: High Speed (480Mbps)"".
    public var reason: String
    /// Where it is: "line 3", "byte 18", "/sys/bus/usb/devices/1-1/speed"; nil when it has no place
    /// (an option).
    public var place: String?

    public init(_ source: Source, speeds: [USBSpeed], reason: String, place: String? = nil) {
        self.source = source
        self.speeds = speeds
        self.reason = reason
        self.place = place
    }

    public init(_ source: Source, _ speed: USBSpeed, reason: String, place: String? = nil) {
        self.init(source, speeds: [speed], reason: reason, place: place)
    }

    /// The speed the fact proves, if it proves one.
    public var proves: USBSpeed? { speeds.count == 1 ? speeds[0] : nil }

    public var description: String { reason + (place.map { " (\($0))" } ?? "") }

    /// `--speed`.
    public static func option(_ s: USBSpeed) -> SpeedEvidence {
        SpeedEvidence(.option, s, reason: "given with --speed")
    }

    /// The live device's speed, as libusb_get_device_speed reports it for the device at bus:address.
    public static func libusb(_ s: USBSpeed, bus: Int, address: Int) -> SpeedEvidence {
        SpeedEvidence(.libusb, s, reason: "libusb_get_device_speed reports \(s.displayName) for the connected device",
                      place: "bus \(bus) address \(address)")
    }

    /// What a text input states about the speed, at its line.
    public static func stated(_ s: USBSpeed, _ what: String, at location: SourceLocation? = nil) -> SpeedEvidence {
        SpeedEvidence(.input, s, reason: "the input states \(what)", place: location.flatMap(place))
    }

    /// "line 12" / "byte 18"; nil when the location is unknown.
    static func place(_ l: SourceLocation) -> String? {
        l.offset == nil && l.line == nil ? nil : l.description
    }
}
