#if Live // UAC2Live needs libusb-1.0 and ALSA; without the trait this target compiles empty.
/// What `uac2 probe --alsa` asks of a PCM. nil fields are left to the PCM (nearest to 48 kHz,
/// 2 channels, first of S16_LE/S24_3LE/S32_LE it accepts).
public struct ALSAProbeOptions: Sendable {
    public enum Direction: String, Sendable, Codable, CaseIterable { case playback, capture }
    public var pcm: String
    public var seconds: Double
    public var rate: UInt32?
    public var channels: UInt32?
    public var format: String?
    public var direction: Direction
    /// Take format, channels and rate from this altset of the USB card's /proc stream file.
    public var alt: Int?
    /// Called about once a second while streaming (for a progress line on a terminal).
    public var progress: (@Sendable (ALSAProgress) -> Void)?

    public init(pcm: String, seconds: Double = 5, rate: UInt32? = nil, channels: UInt32? = nil,
                format: String? = nil, direction: Direction = .playback, alt: Int? = nil,
                progress: (@Sendable (ALSAProgress) -> Void)? = nil) {
        self.pcm = pcm; self.seconds = seconds; self.rate = rate; self.channels = channels
        self.format = format; self.direction = direction; self.alt = alt; self.progress = progress
    }

    public static let formats = ["S16_LE", "S24_3LE", "S32_LE"]
}

public struct ALSAProgress: Sendable {
    public var elapsed: Double
    public var frames: UInt64
    public var xruns: Int
    public var ppmSoFar: Double?
}
#endif
