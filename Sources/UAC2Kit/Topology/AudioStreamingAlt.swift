/// One AudioStreaming alternate setting as the host sees it: its format, channels, endpoint and sync.
public struct AudioStreamingAlt: Sendable, Hashable {
    public enum Direction: String, Sendable, Hashable, Codable {
        /// Device to host (recording).
        case `in`
        /// Host to device (playback).
        case out
    }

    /// UAC1 sample rates come from the format descriptor; UAC2/3 rates only from the clock (GET RANGE).
    public enum SampleRates: Sendable, Hashable, Codable {
        case discrete([Int])
        case continuous(min: Int, max: Int)
    }

    public var version: AudioClassVersion
    public var alt: AltSetting
    public var general: Descriptor?
    public var format: Descriptor?
    public var dataEndpoint: Endpoint?
    public var feedbackEndpoint: Endpoint?

    public init(version: AudioClassVersion, alt: AltSetting) {
        self.version = version
        self.alt = alt
        general = alt.classSpecific("AS_GENERAL")
        format = alt.classSpecific.first { $0.layout.subtype?.contains("FORMAT_TYPE") == true }
        let iso = alt.endpoints.filter { $0.transferType == .isochronous }
        let data = iso.first { $0.usageType == .data || $0.usageType == .implicitFeedback }
            ?? alt.endpoints.first { $0.transferType == .bulk }
        dataEndpoint = data
        if let data {
            feedbackEndpoint = iso.first { ep in
                ep.address != data.address
                    && (ep.usageType == .feedback || (data.bSynchAddress.map { $0 != 0 && $0 == Int(ep.address) } ?? false))
            }
        }
    }

    public var interfaceNumber: Int { alt.interfaceNumber }
    public var alternateSetting: Int { alt.alternateSetting }
    public var direction: Direction? { dataEndpoint.map { $0.isIn ? .in : .out } }
    public var syncType: SyncType? { dataEndpoint?.syncType }
    public var terminalLink: Int? { general?["bTerminalLink"] }
    public var formatType: Int? { format?["bFormatType"] ?? general?["bFormatType"] }
    /// bmFormats (UAC2/3) or wFormatTag (UAC1).
    public var formats: UInt64? { (general?.field("bmFormats") ?? general?.field("wFormatTag"))?.value }
    public var nrChannels: Int? { version == .uac1 ? format?["bNrChannels"] : general?["bNrChannels"] }
    public var channelConfig: UInt32? { general?["bmChannelConfig"].map { UInt32(truncatingIfNeeded: $0) } }
    /// Bytes per sample in the stream: bSubslotSize (UAC2/3) or bSubframeSize (UAC1).
    public var subslotSize: Int? {
        version == .uac3 ? general?["bSubslotSize"] : (format?["bSubslotSize"] ?? format?["bSubframeSize"])
    }
    public var bitResolution: Int? { version == .uac3 ? general?["bBitResolution"] : format?["bBitResolution"] }
    /// Bytes of one audio frame (one sample of every channel), when the format says it.
    public var bytesPerFrame: Int? {
        guard let c = nrChannels, let s = subslotSize else { return nil }
        return c * s
    }

    public var sampleRates: SampleRates? {
        guard version == .uac1, let f = format, let type = f["bSamFreqType"] else { return nil }
        let rates = f.values("tSamFreq")
        if type == 0 { return rates.count >= 2 ? .continuous(min: rates[0], max: rates[1]) : nil }
        return .discrete(rates)
    }

    /// "interface 1 alt 2" — how findings name a streaming alt.
    public var label: String { "interface \(interfaceNumber) alt \(alternateSetting)" }
}
