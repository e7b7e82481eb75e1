/// The maximum channel count per rate × subslot size for one endpoint timing and capacity: the
/// `--table` answer to "how many channels can this endpoint carry".
public struct BandwidthChannelTable: Codable, Sendable, Equatable {
    public struct Row: Codable, Sendable, Equatable {
        public let sampleRate: Int
        public let nominalFrames: BandwidthFraction
        /// Frames per packet for the table's sync type.
        public let framesPerPacket: Int
        /// ceil(N)+1.
        public let framesSafe: Int
        /// One entry per `subslotSizes` column, capped at 255 (bNrChannels).
        public let maxChannels: [Int]
        public let maxChannelsSafe: [Int]
    }

    public let speed: USBSpeed
    public let bInterval: Int
    public let syncType: SyncType
    public let availableBytes: Int
    public let subslotSizes: [Int]
    public let rows: [Row]

    public static let defaultRates = [44100, 48000, 88200, 96000, 176400, 192000, 352800, 384000]

    public init(speed: USBSpeed, bInterval: Int = 1, syncType: SyncType = .asynchronous,
                endpoint: BandwidthEndpointDeclaration = BandwidthEndpointDeclaration(),
                rates: [Int] = BandwidthChannelTable.defaultRates, subslotSizes: [Int] = [2, 3, 4]) throws(BandwidthInputError) {
        guard !rates.isEmpty, !subslotSizes.isEmpty else {
            throw BandwidthInputError(field: "rates", message: "The table needs at least one rate and one subslot size.")
        }
        // Validate every axis value through the single-format request so the messages match.
        var probe = BandwidthRequest(speed: speed, sampleRate: rates[0], channels: 1, subslotBytes: subslotSizes[0],
                                     bitResolution: 8, syncType: syncType, bInterval: bInterval, endpoint: endpoint)
        for rate in rates { probe.sampleRate = rate; try probe.validate() }
        probe.sampleRate = rates[0]
        for s in subslotSizes { probe.subslotBytes = s; try probe.validate() }
        let capacity = BandwidthEndpointCapacity.of(probe)
        let period = speed.intervalUnitMicroseconds << (bInterval - 1)
        self.speed = speed
        self.bInterval = bInterval
        self.syncType = syncType
        self.availableBytes = capacity.availableBytes
        self.subslotSizes = subslotSizes
        self.rows = rates.map { rate in
            let n = BandwidthFraction(rate * period, 1_000_000)
            let frames = IsoPacketBudget.frames(n, syncType)
            let safe = n.ceil + 1
            return Row(sampleRate: rate, nominalFrames: n, framesPerPacket: frames, framesSafe: safe,
                       maxChannels: subslotSizes.map { min(255, capacity.availableBytes / (frames * $0)) },
                       maxChannelsSafe: subslotSizes.map { min(255, capacity.availableBytes / (safe * $0)) })
        }
    }
}
