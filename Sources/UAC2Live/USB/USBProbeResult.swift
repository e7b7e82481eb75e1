#if Live
import UAC2Kit
/// What one `uac2 probe --usb` run read and measured.
public struct USBProbeResult: Sendable, Codable {
    public struct Device: Sendable, Codable {
        public var bus: Int
        public var address: Int
        public var idVendor: String
        public var idProduct: String
        /// libusb_get_device_speed: the speed the device is really connected at.
        public var speed: USBSpeed?
        /// The same speed as evidence (source "libusb"), as `check` and `decode` name it.
        public var speedEvidence: SpeedEvidence?
    }
    public struct Descriptors: Sendable, Codable {
        /// Device (18) + configuration (wTotalLength) bytes, read by GET_DESCRIPTOR control transfers.
        public var bytes: Int
        public var readBy: String
        public var decodeProblems: [String]
    }
    public struct AltRates: Sendable, Codable {
        public struct Rate: Sendable, Codable {
            public var rate: UInt32
            /// uac2's bandwidth engine for this alt's endpoint at the real bus speed.
            public var verdict: String
        }
        public var interface: Int
        public var alt: Int
        public var direction: String
        public var clockSource: Int?
        /// Why these rates: "GET RANGE of clock source N" or "GET CUR (read-only frequency control)".
        public var ratesFrom: String
        public var rates: [Rate]
    }

    public var device: Device
    public var descriptors: Descriptors
    public var clocks: [ClockReport]
    public var clockQueriesSkipped: String?
    public var alts: [AltRates]
    public var findings: [ProbeFinding]
    public var stream: StreamResult?
    /// What the probe did to put the device back (alt 0, kernel drivers), in order.
    public var cleanup: [String]
    public var interruptedBySignal: Int32?
    /// Rates the descriptor rules were judged for (what the clocks offer, or 48000 if unknown).
    public var checkRates: [Int]
    /// What stopped the probe after the descriptors were read (an unplug, a refused stream): the
    /// report still carries everything measured before it.
    public var failure: Failure?

    public struct Failure: Sendable, Codable {
        public var message: String
        /// The exit status the run ends with (sysexits, as for a probe that fails at once).
        public var exitStatus: Int32
    }

    public var worstSeverity: ProbeFinding.Severity? { findings.map(\.severity).max() }
}
#endif
