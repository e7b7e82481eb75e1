/// What a descriptor set says about the bus speed it was read at. lsusb text and raw blobs rarely
/// state it, but some fields are only legal at one speed.
public struct BandwidthSpeedEvidence: Codable, Sendable, Equatable {
    public struct Endpoint: Codable, Sendable, Equatable {
        public enum Kind: String, Codable, Sendable { case isochronous, interrupt, bulk }
        public var kind: Kind
        /// The whole wMaxPacketSize word, including bits 12..11.
        public var rawWMaxPacketSize: Int
        public var bInterval: Int
        public init(kind: Kind, rawWMaxPacketSize: Int, bInterval: Int) {
            self.kind = kind
            self.rawWMaxPacketSize = rawWMaxPacketSize
            self.bInterval = bInterval
        }
    }

    /// A speed the source states (USBTreeView "Device Bus Speed", a usbmon speed field, --speed).
    public var statedSpeed: BandwidthBusSpeed?
    public var bcdUSB: Int?
    public var bMaxPacketSize0: Int?
    public var hasDeviceQualifier: Bool
    public var hasOtherSpeedConfiguration: Bool
    public var hasSuperSpeedCompanion: Bool
    public var hasSuperSpeedPlusIsoCompanion: Bool
    public var endpoints: [Endpoint]

    public init(statedSpeed: BandwidthBusSpeed? = nil, bcdUSB: Int? = nil, bMaxPacketSize0: Int? = nil,
                hasDeviceQualifier: Bool = false, hasOtherSpeedConfiguration: Bool = false,
                hasSuperSpeedCompanion: Bool = false, hasSuperSpeedPlusIsoCompanion: Bool = false,
                endpoints: [Endpoint] = []) {
        self.statedSpeed = statedSpeed
        self.bcdUSB = bcdUSB
        self.bMaxPacketSize0 = bMaxPacketSize0
        self.hasDeviceQualifier = hasDeviceQualifier
        self.hasOtherSpeedConfiguration = hasOtherSpeedConfiguration
        self.hasSuperSpeedCompanion = hasSuperSpeedCompanion
        self.hasSuperSpeedPlusIsoCompanion = hasSuperSpeedPlusIsoCompanion
        self.endpoints = endpoints
    }
}

/// The speeds the descriptors could have been read at, with the reasons. When `candidates` has more
/// than one entry, verdicts are given per candidate, labelled.
public struct BandwidthSpeedGuess: Codable, Sendable, Equatable {
    public let candidates: [BandwidthBusSpeed]
    public let reasons: [String]
    public var isCertain: Bool { candidates.count == 1 }

    public static func infer(_ e: BandwidthSpeedEvidence) -> BandwidthSpeedGuess {
        if let s = e.statedSpeed {
            return BandwidthSpeedGuess(candidates: [s], reasons: ["the source states \(s.displayName)"])
        }
        if e.hasSuperSpeedPlusIsoCompanion {
            return BandwidthSpeedGuess(candidates: [.superPlus], reasons: ["a SuperSpeedPlus isochronous endpoint companion is present (only sent at SuperSpeedPlus)"])
        }
        if e.hasSuperSpeedCompanion {
            return BandwidthSpeedGuess(candidates: [.superSpeed], reasons: ["SuperSpeed endpoint companions are present (only sent at SuperSpeed or above)"])
        }
        // One reason per kind of evidence: the first endpoint stands for the rest.
        var high: [String] = [], full: [String] = []
        var kinds = Set<String>()
        func add(_ kind: String, _ list: inout [String], _ reason: @autoclosure () -> String) {
            if kinds.insert(kind).inserted { list.append(reason()) }
        }
        for ep in e.endpoints {
            let size = ep.rawWMaxPacketSize & 0x7FF
            let extra = (ep.rawWMaxPacketSize >> 11) & 0x3
            if extra > 0 && ep.kind != .bulk {
                add("mult", &high, "an endpoint declares \(extra + 1) transactions per microframe (wMaxPacketSize 0x\(BandwidthExplainer.hex4(ep.rawWMaxPacketSize)), bits 12..11), which exists only at high speed")
            }
            switch ep.kind {
            case .isochronous where size > 1023:
                add("iso>1023", &high, "an isochronous wMaxPacketSize of \(size) B is above the full-speed maximum of 1023")
            case .interrupt where size > 64:
                add("int>64", &high, "an interrupt wMaxPacketSize of \(size) B is above the full-speed maximum of 64")
            case .interrupt where ep.bInterval > 16:
                add("int-interval", &full, "an interrupt bInterval of \(ep.bInterval) is a full-speed frame count (high speed allows 1-16)")
            case .bulk where size == 512:
                add("bulk512", &high, "a bulk wMaxPacketSize of 512 B is the high-speed bulk size")
            case .bulk where size <= 64 && size > 0:
                add("bulk64", &full, "a bulk wMaxPacketSize of \(size) B is a full-speed size (high-speed bulk is 512 B)")
            default:
                break
            }
        }
        if let bcd = e.bcdUSB, bcd < 0x0200 {
            full.append("bcdUSB \(String(bcd >> 8, radix: 16)).\(String(BandwidthExplainer.hex4(bcd & 0xFF).suffix(2))) is a USB 1.x device")
        }
        if let mps0 = e.bMaxPacketSize0, mps0 < 64 {
            full.append("bMaxPacketSize0 \(mps0) is below the 64 B high speed requires")
        }
        if !high.isEmpty && full.isEmpty { return BandwidthSpeedGuess(candidates: [.high], reasons: high) }
        if !full.isEmpty && high.isEmpty { return BandwidthSpeedGuess(candidates: [.full], reasons: full) }
        if !full.isEmpty {
            return BandwidthSpeedGuess(candidates: [.full, .high], reasons: ["the descriptors contradict each other: "] + high + full)
        }
        var reasons: [String] = []
        if e.hasDeviceQualifier || e.hasOtherSpeedConfiguration {
            reasons.append("a device qualifier / other-speed configuration shows a high-speed capable device, but not which speed these descriptors were read at")
        } else {
            reasons.append("nothing in the descriptors fixes the speed")
        }
        return BandwidthSpeedGuess(candidates: [.full, .high], reasons: reasons)
    }
}
