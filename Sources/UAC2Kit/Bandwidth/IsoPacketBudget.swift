/// Whether a format fits an isochronous endpoint.
public enum BandwidthVerdict: String, Codable, Sendable {
    case fits
    /// The speed could carry it, but the declared wMaxPacketSize (or the number of transactions per
    /// microframe) is too small.
    case needsLargerMaxPacketSize = "needs-larger-max-packet-size"
    /// No endpoint at this speed and bInterval can carry it.
    case exceedsSpeedLimit = "exceeds-speed-limit"
}

/// The largest format variations that still fit the endpoint's available bytes.
public struct BandwidthLargestFit: Codable, Sendable, Equatable {
    /// Most channels at this subslot size and rate (capped at 255, the bNrChannels limit).
    public let maxChannels: Int
    /// Most channels when the firmware budgets the conservative ceil(N)+1 frames.
    public let maxChannelsSafe: Int
    /// Largest subslot (1-4 B) that carries this channel count at this rate, nil if none does.
    public let maxSubslotBytes: Int?
    /// Highest sample rate in Hz for this channel count and subslot, nil if none.
    public let maxSampleRate: Int?
    /// Highest common rate (8 kHz ... 768 kHz) not above maxSampleRate.
    public let maxStandardSampleRate: Int?
}

/// The full answer for one format on one isochronous endpoint: every intermediate figure, the
/// verdict and an explanation a firmware developer can act on.
public struct IsoPacketBudget: Codable, Sendable, Equatable {
    public let request: BandwidthRequest
    /// 2^(bInterval-1) frames or microframes, in µs.
    public let servicePeriodMicroseconds: Int
    public let packetsPerSecond: BandwidthFraction
    /// N = rate / packets per second (may be fractional).
    public let nominalFrames: BandwidthFraction
    /// ceil(N): what a synchronous endpoint may carry.
    public let framesSynchronous: Int
    /// floor(N)+1: the ±1 rule for asynchronous and adaptive endpoints.
    public let framesAsynchronous: Int
    /// ceil(N)+1: the conservative budget careful firmware uses.
    public let framesSafe: Int
    /// The frames for this request's sync type.
    public let framesPerPacket: Int
    /// bNrChannels × bSubslotSize.
    public let bytesPerFrame: Int
    public let bytesPerPacket: Int
    public let bytesPerPacketSafe: Int
    public let capacity: BandwidthEndpointCapacity
    /// Transactions (HS) or packets (SS) of the speed's maximum size needed per service interval.
    public let transactionsNeeded: Int
    public let verdict: BandwidthVerdict
    public let safeFits: Bool
    public let largest: BandwidthLargestFit
    public let notes: [String]
    /// The explanation without an alt-setting label; see `explanation(label:)`.
    public private(set) var explanation: String

    /// Common sample rates, used for "largest standard rate" and the default rate sets.
    public static let standardSampleRates = [8000, 11025, 16000, 22050, 24000, 32000, 44100, 48000, 88200, 96000,
                                             176400, 192000, 352800, 384000, 705600, 768000]

    public init(_ request: BandwidthRequest) throws(BandwidthInputError) {
        try request.validate()
        self.request = request
        let period = request.speed.intervalUnitMicroseconds << (request.bInterval - 1)
        servicePeriodMicroseconds = period
        packetsPerSecond = BandwidthFraction(1_000_000, period)
        let nominal = BandwidthFraction(request.sampleRate * period, 1_000_000)
        nominalFrames = nominal
        framesSynchronous = nominal.ceil
        framesAsynchronous = nominal.floor + 1
        framesSafe = nominal.ceil + 1
        framesPerPacket = IsoPacketBudget.frames(nominal, request.syncType)
        bytesPerFrame = request.channels * request.subslotBytes
        bytesPerPacket = framesPerPacket * bytesPerFrame
        bytesPerPacketSafe = framesSafe * bytesPerFrame
        let cap = BandwidthEndpointCapacity.of(request)
        capacity = cap
        // Counted with full-size transactions: the fewest a correctly sized endpoint needs.
        transactionsNeeded = max(1, (bytesPerPacket + cap.transactionLimitBytes - 1) / cap.transactionLimitBytes)
        if bytesPerPacket > cap.speedLimitBytes {
            verdict = .exceedsSpeedLimit
        } else if bytesPerPacket > cap.availableBytes {
            verdict = .needsLargerMaxPacketSize
        } else {
            verdict = .fits
        }
        safeFits = bytesPerPacketSafe <= cap.availableBytes
        largest = IsoPacketBudget.largestFit(request: request, period: period, frames: framesPerPacket,
                                             framesSafe: framesSafe, available: cap.availableBytes)
        var notes = cap.notes
        if request.speed == .high && (transactionsNeeded > 1 || cap.transactions > 1) {
            notes.append(IsoPacketBudget.macOSTransactionNote)
        }
        // The common "wMaxPacketSize = nominal packet" case: only the ±1 rule's extra frame is missing.
        let nominalBytes = nominal.floor * bytesPerFrame
        if verdict != .fits && request.syncType != .synchronous && nominal.isInteger && nominalBytes <= cap.availableBytes {
            notes.append("The nominal \(nominal.floor) frames (\(nominalBytes) B) fit; only the extra frame of the ±1 rule does not. A host that sends exactly \(nominal.floor) frames per packet may work, but the format spec allows \(nominal.floor + 1) and macOS budgets for it (TN2274).")
        }
        self.notes = notes
        explanation = ""
        explanation = BandwidthExplainer.explain(self, label: nil)
    }

    /// The explanation with a subject label such as "Alt 2" in front of the format.
    public func explanation(label: String?) -> String {
        BandwidthExplainer.explain(self, label: label)
    }

    static let macOSTransactionNote =
        "Apple TN2274 documents that the macOS USB audio class driver supports at most one transaction per microframe, so an endpoint that uses 2 or 3 may not stream on macOS (TN3190, which replaces TN2274, describes up to 3072 B per microframe: test on the macOS versions you support)."

    static func frames(_ nominal: BandwidthFraction, _ sync: SyncType) -> Int {
        sync == .synchronous ? nominal.ceil : nominal.floor + 1
    }

    /// Frames per packet for another rate on the same endpoint timing.
    static func frames(rate: Int, period: Int, sync: SyncType) -> Int {
        frames(BandwidthFraction(rate * period, 1_000_000), sync)
    }

    static func largestFit(request: BandwidthRequest, period: Int, frames: Int, framesSafe: Int,
                           available: Int) -> BandwidthLargestFit {
        let maxChannels = min(255, available / (frames * request.subslotBytes))
        let maxChannelsSafe = min(255, available / (framesSafe * request.subslotBytes))
        let maxSubslot = (1...4).reversed().first { frames * request.channels * $0 <= available }
        // Largest frames per packet F the endpoint holds for this channel count and subslot, then
        // the largest rate whose packet stays within F frames:
        //   sync: ceil(rate·T/1e6) ≤ F  ⇔ rate ≤ F·1e6/T
        //   ±1:  floor(rate·T/1e6)+1 ≤ F ⇔ rate·T < F·1e6
        let f = available / (request.channels * request.subslotBytes)
        var maxRate: Int? = nil
        if f >= 1 {
            let r = request.syncType == .synchronous ? (f * 1_000_000) / period : (f * 1_000_000 - 1) / period
            maxRate = r >= 1 ? min(r, Int(UInt32.max)) : nil
        }
        let maxStandard = maxRate.flatMap { m in standardSampleRates.last { $0 <= m } }
        return BandwidthLargestFit(maxChannels: maxChannels, maxChannelsSafe: maxChannelsSafe, maxSubslotBytes: maxSubslot,
                                   maxSampleRate: maxRate, maxStandardSampleRate: maxStandard)
    }
}
