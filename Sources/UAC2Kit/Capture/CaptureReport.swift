/// What `uac2 capture` reports. Codable so the CLI can print it as JSON.
public struct CaptureReport: Sendable, Codable {
    public var file: String?
    public var format: CaptureFileFormat
    public var linkTypes: [String]
    public var packets: Int
    public var bytesRead: UInt64
    public var durationSeconds: Double
    public var devices: [CaptureDeviceReport]
    public var notes: [CaptureNote]
    /// Set when reading stopped early; everything before it is in `devices`.
    public var error: CaptureError?
}

public struct CaptureStringDescriptor: Sendable, Codable {
    public var index: Int
    public var langID: Int
    public var text: String
}

public struct CaptureRecoveredDescriptor: Sendable, Codable {
    /// "device", "configuration", "string", "device qualifier", "BOS", "other speed configuration"
    public var kind: String
    public var index: Int
    public var langID: Int
    /// Whether the longest response covered the descriptor's own declared length (wTotalLength).
    public var complete: Bool
    public var bytes: [UInt8]
}

public struct CaptureStandardRequest: Sendable, Codable {
    public var timeSeconds: Double
    public var packetNumber: Int
    public var request: String
    public var detail: String
    public var status: String
}

public struct CaptureAltChange: Sendable, Codable {
    public var timeSeconds: Double
    public var packetNumber: Int
    public var interface: Int
    public var alt: Int
    public var status: String
}

public struct CaptureRateWindow: Sendable, Codable {
    public var startSeconds: Double
    public var packets: Int
    /// Frames per second measured against the bus clock (packets × service interval).
    public var busClockRate: Double?
    /// Frames per second measured against the capture's timestamps.
    public var timestampRate: Double?
}

public struct CaptureFeedbackReport: Sendable, Codable {
    public var packets: Int
    public var packetSize: Int
    public var rawMin: UInt32
    public var rawMax: UInt32
    public var rawLast: UInt32
    /// Format the speed calls for: "10.14" (full speed, 3 bytes) or "16.16" (high speed, 4 bytes).
    public var expectedFormat: String?
    /// Format the values turned out to be in, detected as Linux does.
    public var detectedFormat: String?
    public var formatMatchesSpeed: Bool?
    /// Left shift that brings the raw value to 16.16 frames per (micro)frame.
    public var shift: Int?
    public var nominalRate: Int?
    public var minHz: Double?
    public var maxHz: Double?
    public var meanHz: Double?
    public var lastHz: Double?
    public var windows: [CaptureRateWindow]
    public var distinctValuesDropped: Int
    public var findings: [String]
}

public struct CaptureStreamReport: Sendable, Codable {
    public var endpoint: String
    public var direction: String
    public var interface: Int?
    public var alt: Int?
    /// "data", "feedback", "implicit feedback data", or "unknown" when no descriptor describes it.
    public var role: String
    public var packets: Int
    public var transfers: Int
    public var bytes: Int
    public var firstPacket: Int
    public var lastPacket: Int
    public var startSeconds: Double
    public var endSeconds: Double
    public var sizeMin: Int
    public var sizeMedian: Int
    public var sizeMax: Int
    public var sizeHistogram: [[Int]]
    public var frameBytes: Int?
    public var framesPerPacketHistogram: [[Int]]?
    public var packetsNotWholeFrames: Int?
    public var nominalRate: Int?
    public var packetIntervalMicroseconds: Double?
    public var measuredRateBusClock: Double?
    public var measuredRateTimestamps: Double?
    /// Frames per second over the (micro)frame numbers of the sniffer's SOFs (link-layer captures).
    public var measuredRateFrameNumbers: Double?
    /// (Micro)frames spanned by the packets per those SOF numbers, and how many of the service
    /// intervals in that span carried no packet.
    public var busUnitsSpanned: Int?
    public var missedServiceIntervals: Int?
    public var rateWindows: [CaptureRateWindow]
    public var allowedFramesMin: Int?
    public var allowedFramesMax: Int?
    public var packetsOutsidePlusMinusOne: Int?
    public var zeroLengthPackets: Int
    public var wMaxPacketSize: Int?
    public var maxBytesPerInterval: Int?
    public var packetsOverMaxPacketSize: Int?
    public var statusCounts: [String: Int]
    public var packetsWithErrorStatus: Int
    public var gaps: Int
    public var largestGapMilliseconds: Double?
    public var largestGapAtPacket: Int?
    public var feedback: CaptureFeedbackReport?
    public var findings: [String]
}

public struct CaptureDeviceReport: Sendable, Codable {
    public var device: String
    public var bus: Int
    public var address: Int
    public var idVendor: Int?
    public var idProduct: Int?
    public var speed: String?
    public var speedSource: String?
    /// The fact behind `speed`, for the descriptor readers (`decode`/`check` on a capture).
    public var speedEvidence: SpeedEvidence?
    public var isAudio: Bool
    public var strings: [CaptureStringDescriptor]
    public var descriptors: [CaptureRecoveredDescriptor]
    public var standardRequests: [CaptureStandardRequest]
    public var altChanges: [CaptureAltChange]
    public var classRequests: [CaptureClassRequest]
    public var streams: [CaptureStreamReport]
    public var requestsDropped: Int

    /// Device descriptor followed by every complete configuration, ready for the descriptor readers.
    public var descriptorBytes: [UInt8] { Self.descriptorBytes(descriptors) }

    /// The device descriptor followed by every complete configuration: what `decode` and `check` read.
    static func descriptorBytes(_ descriptors: [CaptureRecoveredDescriptor]) -> [UInt8] {
        var out: [UInt8] = []
        if let d = descriptors.first(where: { $0.kind == "device" }) { out += d.bytes }
        for c in descriptors where c.kind == "configuration" && c.complete { out += c.bytes }
        return out
    }
}
