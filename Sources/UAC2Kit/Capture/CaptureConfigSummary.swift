/// The few facts about a configuration that capture analysis needs (which alt owns which
/// endpoint, its audio frame size and rate, which audio entity an ID names). A deliberately
/// small walk over the recovered bytes; the full model lives in the descriptor layer.
public struct CaptureConfigSummary: Sendable {
    public struct Endpoint: Sendable, Codable {
        public var bEndpointAddress: UInt8
        public var bmAttributes: UInt8
        public var wMaxPacketSize: UInt16
        public var bInterval: UInt8
        public var transferType: UInt8 { bmAttributes & 3 }
        public var usageType: UInt8 { (bmAttributes >> 4) & 3 }   // 0 data, 1 feedback, 2 implicit feedback data
        /// Bytes per (micro)frame the endpoint may move: size bits 10..0 × (1 + bits 12..11).
        public var maxBytesPerInterval: Int { Int(wMaxPacketSize & 0x7FF) * (1 + Int((wMaxPacketSize >> 11) & 3)) }
    }
    public struct AltSetting: Sendable {
        public var bInterfaceNumber: UInt8
        public var bAlternateSetting: UInt8
        public var bInterfaceClass: UInt8
        public var bInterfaceSubClass: UInt8
        public var bInterfaceProtocol: UInt8
        public var endpoints: [Endpoint] = []
        public var bTerminalLink: UInt8?
        public var bNrChannels: Int?
        public var bSubslotSize: Int?
        public var bBitResolution: Int?
        public var bFormatType: Int?
        /// UAC1 Type I discrete rates (UAC2 rates come from the clock source).
        public var discreteRates: [Int] = []
        public var frameBytes: Int? {
            guard let c = bNrChannels, let s = bSubslotSize, c > 0, s > 0 else { return nil }
            return c * s
        }
        public var isUAC2: Bool { bInterfaceProtocol == 0x20 }
    }
    public enum EntityKind: String, Sendable, Codable {
        case inputTerminal, outputTerminal, mixerUnit, selectorUnit, featureUnit, effectUnit, processingUnit,
             extensionUnit, clockSource, clockSelector, clockMultiplier, sampleRateConverter, other
    }
    public struct Entity: Sendable {
        public var id: UInt8
        public var kind: EntityKind
        /// For terminals: bCSourceID (UAC2).
        public var clockSourceID: UInt8?
    }

    public var bConfigurationValue: UInt8 = 0
    public var alts: [AltSetting] = []
    public var entities: [UInt8: Entity] = [:]
    public var audioControlInterfaces: Set<UInt8> = []
    public var audioControlIsUAC2 = false
    public var hasAudio: Bool { !audioControlInterfaces.isEmpty || alts.contains { $0.bInterfaceClass == 1 } }

    /// Parses a configuration descriptor set; stops quietly at the first malformed descriptor.
    public init(bytes: [UInt8]) {
        var i = 0
        var current: Int? = nil
        while i + 2 <= bytes.count {
            let len = Int(bytes[i])
            if len < 2 || i + len > bytes.count { break }
            let type = bytes[i + 1]
            let d = bytes[i..<(i + len)]
            func u8(_ o: Int) -> UInt8? { o < len ? d[d.startIndex + o] : nil }
            func u16(_ o: Int) -> UInt16? { o + 1 < len ? UInt16(d[d.startIndex + o]) | UInt16(d[d.startIndex + o + 1]) << 8 : nil }
            switch type {
            case 2:
                bConfigurationValue = u8(5) ?? 0
            case 4 where len >= 9:
                alts.append(AltSetting(bInterfaceNumber: u8(2)!, bAlternateSetting: u8(3)!, bInterfaceClass: u8(5)!,
                                       bInterfaceSubClass: u8(6)!, bInterfaceProtocol: u8(7)!))
                current = alts.count - 1
                if u8(5) == 1 && u8(6) == 1 {
                    audioControlInterfaces.insert(u8(2)!)
                    if u8(7) == 0x20 { audioControlIsUAC2 = true }
                }
            case 5 where len >= 7:
                if let c = current {
                    alts[c].endpoints.append(Endpoint(bEndpointAddress: u8(2)!, bmAttributes: u8(3)!,
                                                      wMaxPacketSize: u16(4)!, bInterval: u8(6)!))
                }
            case 0x24:
                guard let c = current, alts[c].bInterfaceClass == 1, let subtype = u8(2) else { break }
                let uac2 = alts[c].bInterfaceProtocol == 0x20
                if alts[c].bInterfaceSubClass == 1 {
                    parseEntity(subtype: subtype, uac2: uac2, u8: u8)
                } else if alts[c].bInterfaceSubClass == 2 {
                    if subtype == 1 {
                        alts[c].bTerminalLink = u8(3)
                        if uac2 { alts[c].bNrChannels = u8(10).map(Int.init) }
                    } else if subtype == 2 {
                        alts[c].bFormatType = u8(3).map(Int.init)
                        if uac2 {
                            alts[c].bSubslotSize = u8(4).map(Int.init)
                            alts[c].bBitResolution = u8(5).map(Int.init)
                        } else if u8(3) == 1 {
                            alts[c].bNrChannels = u8(4).map(Int.init)
                            alts[c].bSubslotSize = u8(5).map(Int.init)
                            alts[c].bBitResolution = u8(6).map(Int.init)
                            if let n = u8(7), n > 0 {
                                for k in 0..<Int(n) {
                                    let o = 8 + 3 * k
                                    if o + 2 < len {
                                        alts[c].discreteRates.append(Int(d[d.startIndex + o]) | Int(d[d.startIndex + o + 1]) << 8 | Int(d[d.startIndex + o + 2]) << 16)
                                    }
                                }
                            }
                        }
                    }
                }
            default:
                break
            }
            i += len
        }
    }

    private mutating func parseEntity(subtype: UInt8, uac2: Bool, u8: (Int) -> UInt8?) {
        guard let id = u8(3) else { return }
        let kind: EntityKind
        var clock: UInt8? = nil
        if uac2 {
            switch subtype {
            case 0x02: kind = .inputTerminal; clock = u8(7)
            case 0x03: kind = .outputTerminal; clock = u8(8)
            case 0x04: kind = .mixerUnit
            case 0x05: kind = .selectorUnit
            case 0x06: kind = .featureUnit
            case 0x07: kind = .effectUnit
            case 0x08: kind = .processingUnit
            case 0x09: kind = .extensionUnit
            case 0x0A: kind = .clockSource
            case 0x0B: kind = .clockSelector
            case 0x0C: kind = .clockMultiplier
            case 0x0D: kind = .sampleRateConverter
            default: return
            }
        } else {
            switch subtype {
            case 0x02: kind = .inputTerminal
            case 0x03: kind = .outputTerminal
            case 0x04: kind = .mixerUnit
            case 0x05: kind = .selectorUnit
            case 0x06: kind = .featureUnit
            case 0x07: kind = .processingUnit
            case 0x08: kind = .extensionUnit
            default: return
            }
        }
        entities[id] = Entity(id: id, kind: kind, clockSourceID: clock)
    }

    /// The alt setting of `interface` numbered `alt`.
    public func alt(interface: UInt8, alt: UInt8) -> AltSetting? {
        alts.first { $0.bInterfaceNumber == interface && $0.bAlternateSetting == alt }
    }

    /// The interface/alt that holds endpoint `address` under the given active alts.
    public func owner(ofEndpoint address: UInt8, activeAlts: [UInt8: UInt8]) -> AltSetting? {
        for a in alts where a.bAlternateSetting == (activeAlts[a.bInterfaceNumber] ?? 0) {
            if a.endpoints.contains(where: { $0.bEndpointAddress == address }) { return a }
        }
        // An endpoint used outside its declared alt (or before SET_INTERFACE was captured).
        return alts.first { $0.endpoints.contains(where: { $0.bEndpointAddress == address }) }
    }

    /// Bus speed from encodings legal at high speed only: 512-byte bulk, isochronous bits 12..11.
    /// Isochronous sizes are not used: they are what the stream analysis judges.
    public var impliedSpeed: USBSpeed? {
        for a in alts {
            for e in a.endpoints {
                if e.transferType == 2 && (e.wMaxPacketSize & 0x7FF) == 512 { return .high }
                if e.transferType == 1 && (e.wMaxPacketSize & 0x1800) != 0 { return .high }
            }
        }
        return nil
    }
}
