/// Reads the bandwidth inputs out of the descriptor model.
extension BandwidthDeviceInput {
    /// - Parameter configurationIndex: which (non-other-speed) configuration to check; the first by default.
    public init(device: USBDevice, configurationIndex: Int = 0) {
        let configs = device.configurations.filter { !$0.isOtherSpeed }
        let config = configs.indices.contains(configurationIndex) ? configs[configurationIndex] : nil
        let allEndpoints = (config?.altSettings ?? []).flatMap(\.endpoints)
        let evidence = BandwidthSpeedEvidence(
            statedSpeed: device.speed.flatMap(BandwidthBusSpeed.init),
            bcdUSB: device.bcdUSB,
            bMaxPacketSize0: device.device?["bMaxPacketSize0"],
            hasDeviceQualifier: device.qualifier != nil,
            hasOtherSpeedConfiguration: device.configurations.contains { $0.isOtherSpeed },
            hasSuperSpeedCompanion: allEndpoints.contains { $0.companion != nil },
            hasSuperSpeedPlusIsoCompanion: allEndpoints.contains { $0.sspCompanion != nil },
            endpoints: allEndpoints.compactMap { ep in
                BandwidthDeviceInput.kind(ep.transferType).map {
                    BandwidthSpeedEvidence.Endpoint(kind: $0, rawWMaxPacketSize: ep.wMaxPacketSize, bInterval: ep.bInterval)
                }
            })
        let (streaming, periodic) = config.map(BandwidthDeviceInput.inputs) ?? ([], [])
        let other = device.configurations.first { $0.isOtherSpeed }.map(BandwidthDeviceInput.inputs)
        self.init(evidence: evidence, streamingAlts: streaming, interfaceAlts: periodic,
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

    static func kind(_ t: TransferType) -> BandwidthSpeedEvidence.Endpoint.Kind? {
        switch t {
        case .isochronous: return .isochronous
        case .interrupt: return .interrupt
        case .bulk: return .bulk
        case .control: return nil
        }
    }

    static func endpoint(_ ep: Endpoint) -> BandwidthEndpointInput? {
        guard let k = kind(ep.transferType) else { return nil }
        let c = ep.companion
        return BandwidthEndpointInput(address: Int(ep.address), kind: k, rawWMaxPacketSize: ep.wMaxPacketSize, bInterval: ep.bInterval,
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
        let sync: BandwidthSyncType
        switch data.syncType {
        case .synchronous: sync = .synchronous
        case .asynchronous: sync = .asynchronous
        case .adaptive: sync = .adaptive
        case .none: sync = .none
        }
        return BandwidthStreamingAltInput(
            interfaceNumber: a.interfaceNumber, alternateSetting: a.alternateSetting, audioClass: a.version.rawValue,
            formatType: a.formatType, channels: a.nrChannels, subslotBytes: a.subslotSize, bitResolution: a.bitResolution,
            sampleRates: rates, sampleRateMin: lo, sampleRateMax: hi, syncType: sync,
            dataEndpoint: endpoint(data), feedbackEndpoint: a.feedbackEndpoint.flatMap(endpoint))
    }
}

extension BandwidthBusSpeed {
    /// The model's speed; low speed has no isochronous transfers, so it maps to nil.
    public init?(_ s: USBSpeed) {
        switch s {
        case .low: return nil
        case .full: self = .full
        case .high: self = .high
        case .super: self = .superSpeed
        case .superPlus: self = .superPlus
        }
    }
}
