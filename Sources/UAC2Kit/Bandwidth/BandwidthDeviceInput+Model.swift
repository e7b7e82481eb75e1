/// Reads the bandwidth inputs out of the descriptor model.
extension BandwidthDeviceInput {
    /// - Parameter configurationIndex: which (non-other-speed) configuration to check; the first by default.
    public init(device: USBDevice, configurationIndex: Int = 0) {
        let configs = device.configurations.filter { !$0.isOtherSpeed }
        let config = configs.indices.contains(configurationIndex) ? configs[configurationIndex] : nil
        let alts = config?.altSettings ?? []
        let allEndpoints = alts.flatMap(\.endpoints)
        let evidence = BandwidthSpeedEvidence(
            statedSpeed: device.speed.flatMap(BandwidthDeviceInput.busSpeed),
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
        let (streaming, periodic) = BandwidthDeviceInput.inputs(alts)
        let other = device.configurations.first { $0.isOtherSpeed }.map { BandwidthDeviceInput.inputs($0.altSettings) }
        self.init(evidence: evidence, streamingAlts: streaming, interfaceAlts: periodic,
                  otherSpeedStreamingAlts: other?.0 ?? [], otherSpeedInterfaceAlts: other?.1 ?? [])
    }

    static func inputs(_ alts: [AltSetting]) -> ([BandwidthStreamingAltInput], [BandwidthInterfaceAltInput]) {
        var streaming: [BandwidthStreamingAltInput] = []
        var periodic: [BandwidthInterfaceAltInput] = []
        for alt in alts {
            periodic.append(BandwidthInterfaceAltInput(
                interfaceNumber: alt.interfaceNumber, alternateSetting: alt.alternateSetting,
                endpoints: alt.endpoints.compactMap(BandwidthDeviceInput.endpoint)))
            if alt.isAudioStreaming, let s = BandwidthDeviceInput.streamingAlt(alt) { streaming.append(s) }
        }
        return (streaming, periodic)
    }

    static func busSpeed(_ s: USBSpeed) -> BandwidthBusSpeed? {
        switch s {
        case .low: return nil
        case .full: return .full
        case .high: return .high
        case .super: return .superSpeed
        case .superPlus: return .superPlus
        }
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
    static func streamingAlt(_ alt: AltSetting) -> BandwidthStreamingAltInput? {
        let iso = alt.endpoints.filter { $0.transferType == .isochronous }
        guard let data = iso.first(where: { $0.usageType == .data || $0.usageType == .implicitFeedback }) else { return nil }
        let feedback = iso.first { ep in
            ep.address != data.address
                && (ep.usageType == .feedback || (data.bSynchAddress.map { $0 != 0 && $0 == Int(ep.address) } ?? false))
        }
        let general = alt.classSpecific("AS_GENERAL")
        let format = alt.classSpecific.first { $0.layout.subtype?.contains("FORMAT_TYPE") == true }
        let id = format?.layout.id ?? general?.layout.id ?? ""
        let version = id.hasPrefix("UAC3") ? "UAC3" : id.hasPrefix("UAC2") ? "UAC2" : id.hasPrefix("UAC1") ? "UAC1"
            : (alt.interfaceProtocol == 0x20 ? "UAC2" : alt.interfaceProtocol == 0x30 ? "UAC3" : "UAC1")
        var channels: Int?, subslot: Int?, bits: Int?
        var rates: [Int]? = nil, lo: Int? = nil, hi: Int? = nil
        switch version {
        case "UAC1":
            channels = format?["bNrChannels"]
            subslot = format?["bSubframeSize"]
            bits = format?["bBitResolution"]
            if let f = format, let type = f["bSamFreqType"] {
                let table = f.values("tSamFreq")
                if type == 0, table.count >= 2 { lo = table[0]; hi = table[1] } else { rates = table }
            }
        case "UAC3":
            channels = nil  // UAC3 channel counts live in the cluster descriptor (GET only)
            subslot = general?["bSubslotSize"]
            bits = general?["bBitResolution"]
        default:
            channels = general?["bNrChannels"]
            subslot = format?["bSubslotSize"]
            bits = format?["bBitResolution"]
        }
        let sync: BandwidthSyncType
        switch data.syncType {
        case .synchronous: sync = .synchronous
        case .asynchronous: sync = .asynchronous
        case .adaptive: sync = .adaptive
        case .none: sync = .none
        }
        return BandwidthStreamingAltInput(
            interfaceNumber: alt.interfaceNumber, alternateSetting: alt.alternateSetting, audioClass: version,
            formatType: format?["bFormatType"] ?? general?["bFormatType"], channels: channels, subslotBytes: subslot,
            bitResolution: bits, sampleRates: rates, sampleRateMin: lo, sampleRateMax: hi, syncType: sync,
            dataEndpoint: endpoint(data), feedbackEndpoint: feedback.flatMap(endpoint))
    }
}
