/// What an isochronous endpoint declares about its capacity: wMaxPacketSize (size and, at high speed,
/// the additional-transaction bits 12..11), the SuperSpeed companion's bMaxBurst / Mult /
/// wBytesPerInterval and the SuperSpeedPlus companion's dwBytesPerInterval. Every field is optional:
/// when nothing is declared the engine answers for the largest endpoint the speed allows at the
/// given transaction count.
public struct BandwidthEndpointDeclaration: Codable, Sendable, Equatable {
    /// wMaxPacketSize bits 10..0: bytes per transaction (per packet at full speed).
    public var maxPacketSize: Int?
    /// Transactions per microframe at high speed (1 + bits 12..11, so 1...3), or bursts per service
    /// interval at SuperSpeed (companion Mult + 1, so 1...3).
    public var transactionsPerInterval: Int
    /// SuperSpeed companion bMaxBurst (0...15): packets per burst minus one.
    public var maxBurst: Int?
    /// SuperSpeed wBytesPerInterval or SuperSpeedPlus dwBytesPerInterval.
    public var bytesPerInterval: Int?

    public init(maxPacketSize: Int? = nil, transactionsPerInterval: Int = 1, maxBurst: Int? = nil,
                bytesPerInterval: Int? = nil) {
        self.maxPacketSize = maxPacketSize
        self.transactionsPerInterval = transactionsPerInterval
        self.maxBurst = maxBurst
        self.bytesPerInterval = bytesPerInterval
    }

    /// Splits a raw wMaxPacketSize word as USB 2.0 §9.6.6 defines it.
    public init(rawWMaxPacketSize raw: Int) {
        self.init(maxPacketSize: raw & 0x7FF, transactionsPerInterval: ((raw >> 11) & 0x3) + 1)
    }
}

/// The plain inputs of one bandwidth question: one audio format on one isochronous endpoint.
public struct BandwidthRequest: Codable, Sendable, Equatable {
    public var speed: USBSpeed
    public var sampleRate: Int
    /// bNrChannels.
    public var channels: Int
    /// bSubslotSize (UAC2) / bSubframeSize (UAC1): bytes per sample in the packet.
    public var subslotBytes: Int
    /// bBitResolution: meaningful bits within the subslot. It does not change the byte count.
    public var bitResolution: Int
    public var syncType: SyncType
    public var bInterval: Int
    public var endpoint: BandwidthEndpointDeclaration

    public init(speed: USBSpeed, sampleRate: Int, channels: Int, subslotBytes: Int? = nil,
                bitResolution: Int, syncType: SyncType = .asynchronous, bInterval: Int = 1,
                endpoint: BandwidthEndpointDeclaration = BandwidthEndpointDeclaration()) {
        self.speed = speed
        self.sampleRate = sampleRate
        self.channels = channels
        // 24-bit audio in 3 or 4 bytes are both common; the smallest container is the default.
        // Clamped before the arithmetic: validate() names a bit resolution outside 1-32 itself, and
        // `bits + 7` must not trap on a value such as Int.max typed on the command line.
        self.subslotBytes = subslotBytes ?? (min(max(bitResolution, 1), 32) + 7) / 8
        self.bitResolution = bitResolution
        self.syncType = syncType
        self.bInterval = bInterval
        self.endpoint = endpoint
    }

    /// Every check that keeps the arithmetic defined (no division by zero, no overflow) and the
    /// answer meaningful. Ranges come from the descriptor field widths and USB 2.0 §9.6.6.
    public func validate() throws(BandwidthInputError) {
        guard speed != .low else {
            throw BandwidthInputError(field: "speed", message:
                "Low speed has no isochronous transfers (USB 2.0 §5.6): an audio stream needs full speed or faster.")
        }
        guard sampleRate >= 1 && sampleRate <= 0xFFFF_FFFF else {
            throw BandwidthInputError(field: "rate", message:
                "Sample rate \(sampleRate) Hz is not usable: it must be 1 Hz or more (and fit the 32-bit clock frequency field).")
        }
        guard channels >= 1 && channels <= 255 else {
            throw BandwidthInputError(field: "channels", message:
                "\(channels) channels is not possible: bNrChannels is one byte and a streaming format needs at least 1 channel (1-255).")
        }
        guard (1...32).contains(bitResolution) else {
            throw BandwidthInputError(field: "bits", message:
                "Bit resolution \(bitResolution) is not possible: bBitResolution is 1-32 (at most a 4-byte subslot).")
        }
        guard (1...4).contains(subslotBytes) else {
            throw BandwidthInputError(field: "subslot", message:
                "Subslot size \(subslotBytes) B is not allowed: bSubslotSize must be 1, 2, 3 or 4 bytes (UAC2 Format Type I §2.3.1.6).")
        }
        guard bitResolution >= 1 && bitResolution <= subslotBytes * 8 else {
            throw BandwidthInputError(field: "bits", message:
                "Bit resolution \(bitResolution) does not fit a \(subslotBytes)-byte subslot: bBitResolution must be 1-\(subslotBytes * 8).")
        }
        guard (1...16).contains(bInterval) else {
            throw BandwidthInputError(field: "interval", message:
                "bInterval \(bInterval) is not valid for an isochronous endpoint: it must be 1-16 (period 2^(bInterval-1) \(speed.intervalUnitName)s).")
        }
        guard (1...3).contains(endpoint.transactionsPerInterval) else {
            let what = speed == .high ? "transactions per microframe (wMaxPacketSize bits 12..11 + 1)"
                                      : "bursts per service interval (companion Mult + 1)"
            throw BandwidthInputError(field: "mult", message:
                "Mult \(endpoint.transactionsPerInterval) is not valid: \(what) must be 1, 2 or 3.")
        }
        if let size = endpoint.maxPacketSize {
            guard size >= 1 else {
                throw BandwidthInputError(field: "max-packet", message:
                    "wMaxPacketSize 0 cannot carry audio: an alternate setting that streams needs a non-zero packet size (zero-bandwidth belongs in alt 0).")
            }
            guard size <= 0x7FF else {
                throw BandwidthInputError(field: "max-packet", message:
                    "wMaxPacketSize size \(size) does not fit bits 10..0 (0-2047); give the size without the transaction bits and use --mult.")
            }
        }
        if let burst = endpoint.maxBurst, !(0...15).contains(burst) {
            throw BandwidthInputError(field: "max-burst", message:
                "bMaxBurst \(burst) is not valid: it must be 0-15 (packets per burst minus one).")
        }
        if let bpi = endpoint.bytesPerInterval {
            guard bpi >= 1 && bpi <= 0xFFFF_FFFF else {
                throw BandwidthInputError(field: "bytes-per-interval", message:
                    "Bytes per interval \(bpi) cannot carry audio: w/dwBytesPerInterval must be 1 or more.")
            }
        }
        if (endpoint.maxBurst != nil || endpoint.bytesPerInterval != nil) && (speed == .full || speed == .high) {
            throw BandwidthInputError(field: "max-burst", message:
                "bMaxBurst and bytes-per-interval come from the SuperSpeed endpoint companion; they do not apply at \(speed.displayName).")
        }
        if speed == .full && endpoint.transactionsPerInterval != 1 {
            throw BandwidthInputError(field: "mult", message:
                "Full speed has one isochronous transaction per frame; additional transactions (mult \(endpoint.transactionsPerInterval)) exist only at high speed.")
        }
    }
}
