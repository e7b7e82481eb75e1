/// One endpoint as the bandwidth adapter needs it, read from the descriptor model.
public struct BandwidthEndpointInput: Codable, Sendable, Equatable {
    public var address: Int
    public var kind: TransferType
    /// The whole wMaxPacketSize word, including the high-speed transaction bits 12..11.
    public var rawWMaxPacketSize: Int
    public var bInterval: Int
    /// SuperSpeed companion bMaxBurst, Mult field (0-2) and wBytesPerInterval; SSP dwBytesPerInterval.
    public var maxBurst: Int?
    public var companionMult: Int?
    public var bytesPerInterval: Int?

    public init(address: Int, kind: TransferType, rawWMaxPacketSize: Int, bInterval: Int,
                maxBurst: Int? = nil, companionMult: Int? = nil, bytesPerInterval: Int? = nil) {
        self.address = address
        self.kind = kind
        self.rawWMaxPacketSize = rawWMaxPacketSize
        self.bInterval = bInterval
        self.maxBurst = maxBurst
        self.companionMult = companionMult
        self.bytesPerInterval = bytesPerInterval
    }

    public var isIn: Bool { address & 0x80 != 0 }
    public var size: Int { rawWMaxPacketSize & 0x7FF }
    public var transactions: Int { ((rawWMaxPacketSize >> 11) & 3) + 1 }
    public var addressText: String { "EP 0x" + String(BandwidthExplainer.hex4(address).suffix(2)) }
}

/// One AudioStreaming alternate setting with an isochronous data endpoint.
public struct BandwidthStreamingAltInput: Codable, Sendable, Equatable {
    public var interfaceNumber: Int
    public var alternateSetting: Int
    /// "UAC1", "UAC2" or "UAC3".
    public var audioClass: String
    /// bFormatType: 1 (PCM-like), 2 (compressed, bit-rate based), 3 (IEC 61937 in PCM subframes).
    public var formatType: Int?
    public var channels: Int?
    public var subslotBytes: Int?
    public var bitResolution: Int?
    /// UAC1 discrete sample-rate table (tSamFreq).
    public var sampleRates: [Int]?
    /// UAC1 continuous range (bSamFreqType 0).
    public var sampleRateMin: Int?
    public var sampleRateMax: Int?
    public var syncType: SyncType
    public var dataEndpoint: BandwidthEndpointInput?
    public var feedbackEndpoint: BandwidthEndpointInput?

    public init(interfaceNumber: Int, alternateSetting: Int, audioClass: String, formatType: Int?, channels: Int?,
                subslotBytes: Int?, bitResolution: Int?, sampleRates: [Int]? = nil, sampleRateMin: Int? = nil,
                sampleRateMax: Int? = nil, syncType: SyncType, dataEndpoint: BandwidthEndpointInput?,
                feedbackEndpoint: BandwidthEndpointInput? = nil) {
        self.interfaceNumber = interfaceNumber
        self.alternateSetting = alternateSetting
        self.audioClass = audioClass
        self.formatType = formatType
        self.channels = channels
        self.subslotBytes = subslotBytes
        self.bitResolution = bitResolution
        self.sampleRates = sampleRates
        self.sampleRateMin = sampleRateMin
        self.sampleRateMax = sampleRateMax
        self.syncType = syncType
        self.dataEndpoint = dataEndpoint
        self.feedbackEndpoint = feedbackEndpoint
    }

    public var label: String { "interface \(interfaceNumber) alt \(alternateSetting)" }
}

/// The periodic endpoints of one alternate setting of any interface (audio, MIDI, HID ...), for the
/// bus-time check of alternate settings that are active together.
public struct BandwidthInterfaceAltInput: Codable, Sendable, Equatable {
    public var interfaceNumber: Int
    public var alternateSetting: Int
    public var endpoints: [BandwidthEndpointInput]

    public init(interfaceNumber: Int, alternateSetting: Int, endpoints: [BandwidthEndpointInput]) {
        self.interfaceNumber = interfaceNumber
        self.alternateSetting = alternateSetting
        self.endpoints = endpoints
    }
}

/// Everything the per-device bandwidth report needs, as plain values.
public struct BandwidthDeviceInput: Codable, Sendable, Equatable {
    /// The speeds the device is judged at, from what the input and its descriptors prove.
    public var speed: SpeedJudgement
    public var streamingAlts: [BandwidthStreamingAltInput]
    public var interfaceAlts: [BandwidthInterfaceAltInput]
    /// The Other Speed Configuration (USB 2.0 §9.6.4): what the device declares for the speed it is
    /// not running at. Empty when the input has none.
    public var otherSpeedStreamingAlts: [BandwidthStreamingAltInput]
    public var otherSpeedInterfaceAlts: [BandwidthInterfaceAltInput]

    public init(speed: SpeedJudgement, streamingAlts: [BandwidthStreamingAltInput],
                interfaceAlts: [BandwidthInterfaceAltInput], otherSpeedStreamingAlts: [BandwidthStreamingAltInput] = [],
                otherSpeedInterfaceAlts: [BandwidthInterfaceAltInput] = []) {
        self.speed = speed
        self.streamingAlts = streamingAlts
        self.interfaceAlts = interfaceAlts
        self.otherSpeedStreamingAlts = otherSpeedStreamingAlts
        self.otherSpeedInterfaceAlts = otherSpeedInterfaceAlts
    }
}
