#if Live
/// `--stream` options and what streaming measured.
public struct StreamOptions: Sendable {
    public var alt: Int
    public var rate: UInt32
    public var seconds: Double
    public var direction: String?      // "in" | "out" | nil (the only one there is)
    public var progress: (@Sendable (StreamProgress) -> Void)?
    public init(alt: Int, rate: UInt32, seconds: Double, direction: String?, progress: (@Sendable (StreamProgress) -> Void)? = nil) {
        self.alt = alt; self.rate = rate; self.seconds = seconds; self.direction = direction; self.progress = progress
    }
}

public struct StreamProgress: Sendable {
    public var elapsed: Double
    public var packets: Int
    public var frames: Int
    public var ppmSoFar: Double?
}

public struct StreamResult: Sendable, Codable {
    public struct Rate: Sendable, Codable {
        public var framesPerSecond: Double
        public var ppm: Double
        public var ppmUncertainty: Double
        public var method: String
        public var ppmStandardError: Double?
    }
    public struct Feedback: Sendable, Codable {
        public var endpoint: String
        public var format: String          // "10.14" or "16.16", chosen by the bus speed
        public var packetBytes: [Int: Int]
        public var values: Int
        /// Frames per bus (micro)frame, decoded.
        public var min: Double
        public var mean: Double
        public var max: Double
        /// FeedbackForm.Kind: frames per (micro)frame or per data packet (nil: no power of two fits).
        public var form: String?
        /// What Linux's /proc stream file names it ("Feedback Format = 13.19").
        public var linuxFeedbackFormat: String?
        /// The mean as frames per bus (micro)frame, what OUT packets are sized from.
        public var framesPerBusFrame: Double?
    }
    public var interface: Int
    public var alt: Int
    public var direction: String
    public var endpoint: String
    public var clockSource: Int?
    public var rateRequested: UInt32
    public var rateSet: String
    /// GET CUR SAM_FREQ after setting the rate.
    public var rateReadBack: UInt32?
    public var servicePeriodMicroseconds: Double
    public var secondsStreamed: Double
    public var packets: Int
    public var packetStatus: [String: Int]
    /// Packet sizes seen (bytes → count), for IN what the device sent, for OUT what we sent.
    public var packetSizes: [Int: Int]
    public var frames: Int
    /// IN: frames received per bus interval (the host controller's SOF clock).
    public var rateByPackets: Rate?
    /// Fit of cumulative frames against CLOCK_MONOTONIC at each transfer completion.
    public var rateByHostClock: Rate?
    /// OUT: the device's rate as its feedback endpoint states it.
    public var rateByFeedback: Rate?
    public var feedback: Feedback?
    public var findings: [ProbeFinding]
}
#endif
