#if Live // UAC2Live needs libusb-1.0 and ALSA; without the trait this target compiles empty.
/// What one `uac2 probe --alsa` run measured. Every figure comes from this run.
public struct ALSAProbeResult: Sendable, Codable {
    public struct Negotiated: Sendable, Codable {
        public var rate: UInt32
        public var channels: UInt32
        public var format: String
        public var periodFrames: UInt64
        public var bufferFrames: UInt64
    }
    public struct Xrun: Sendable, Codable {
        /// Host seconds since the stream started (CLOCK_MONOTONIC) when the xrun was seen.
        public var atSeconds: Double
    }
    public struct Delay: Sendable, Codable {
        /// snd_pcm_delay() sampled after every transfer, in frames.
        public var minFrames: Int64
        public var meanFrames: Double
        public var maxFrames: Int64
    }
    public struct Rate: Sendable, Codable {
        /// Slope of a least-squares fit of the card position (frames transferred ∓ delay)
        /// against CLOCK_MONOTONIC, pooled over the segments between xruns.
        public var framesPerSecond: Double
        public var ppm: Double
        /// Worst-case slope error for point errors within ±maxResidualFrames (see RateFit).
        public var ppmUncertainty: Double
        public var ppmStandardError: Double
        public var maxResidualFrames: Double
        public var points: Int
        public var segments: Int
        public var spanSeconds: Double
    }
    public struct ProcStream: Sendable, Codable {
        public var path: String
        /// Read while the stream was running, about halfway through.
        public var lines: [String]
        public var momentaryFreqHz: [UInt32]
    }

    public var pcm: String
    public var direction: ALSAProbeOptions.Direction
    public var card: Int32?
    public var device: UInt32?
    public var negotiated: Negotiated
    public var secondsStreamed: Double
    public var framesTransferred: UInt64
    public var rate: Rate?
    public var xruns: [Xrun]
    public var delay: Delay?
    /// Position samples not fitted because reading them took > 50 µs (time too uncertain).
    public var samplesDropped: Int
    public var procStream: ProcStream?
    public var interruptedBySignal: Int32?
}
#endif
