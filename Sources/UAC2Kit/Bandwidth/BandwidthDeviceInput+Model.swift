/// Reads the bandwidth inputs out of the descriptor model.
extension BandwidthDeviceInput {
    /// - Parameter configurationIndex: which (non-other-speed) configuration to check; the first by default.
    public init(device: USBDevice, configurationIndex: Int = 0) {
        let configs = device.configurations.filter { !$0.isOtherSpeed }
        let config = configs.indices.contains(configurationIndex) ? configs[configurationIndex] : nil
        let (streaming, periodic) = config.map(BandwidthDeviceInput.inputs) ?? ([], [])
        let other = device.configurations.first { $0.isOtherSpeed }.map(BandwidthDeviceInput.inputs)
        self.init(speed: SpeedJudgement.judge(device), streamingAlts: streaming, interfaceAlts: periodic,
                  otherSpeedStreamingAlts: other?.0 ?? [], otherSpeedInterfaceAlts: other?.1 ?? [])
    }

    /// Streaming alts come from the configuration's audio functions (the topology layer), periodic
    /// endpoints from every interface.
    static func inputs(_ config: Configuration) -> ([BandwidthStreamingAltInput], [BandwidthInterfaceAltInput]) {
        let periodic = config.altSettings.map { alt in
            BandwidthInterfaceAltInput(interfaceNumber: alt.interfaceNumber, alternateSetting: alt.alternateSetting,
                                       endpoints: alt.endpoints.compactMap(BandwidthDeviceInput.endpoint))
        }
        let streaming = config.audioFunctions.flatMap(\.streams).compactMap(BandwidthDeviceInput.streamingAlt)
        return (streaming, periodic)
    }

    static func endpoint(_ ep: Endpoint) -> BandwidthEndpointInput? {
        guard ep.transferType != .control else { return nil }
        let c = ep.companion
        return BandwidthEndpointInput(address: Int(ep.address), kind: ep.transferType, rawWMaxPacketSize: ep.wMaxPacketSize, bInterval: ep.bInterval,
                                      maxBurst: c?["bMaxBurst"], companionMult: c?["bmAttributes"].map { $0 & 3 },
                                      bytesPerInterval: ep.sspCompanion?["dwBytesPerInterval"] ?? c?["wBytesPerInterval"])
    }

    /// An AS alt with an isochronous data endpoint; alt 0 (no endpoint) gives nil.
    static func streamingAlt(_ a: AudioStreamingAlt) -> BandwidthStreamingAltInput? {
        guard let data = a.dataEndpoint, data.transferType == .isochronous else { return nil }
        var rates: [Int]? = nil, lo: Int? = nil, hi: Int? = nil
        switch a.sampleRates {
        case .discrete(let table)?: rates = table
        case .continuous(let min, let max)?: lo = min; hi = max
        case nil: break
        }
        return BandwidthStreamingAltInput(
            interfaceNumber: a.interfaceNumber, alternateSetting: a.alternateSetting, audioClass: a.version.rawValue,
            formatType: a.formatType, channels: a.nrChannels, subslotBytes: a.subslotSize, bitResolution: a.bitResolution,
            sampleRates: rates, sampleRateMin: lo, sampleRateMax: hi, syncType: data.syncType,
            dataEndpoint: endpoint(data), feedbackEndpoint: a.feedbackEndpoint.flatMap(endpoint))
    }
}
