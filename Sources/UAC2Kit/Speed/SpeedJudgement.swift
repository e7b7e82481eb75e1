/// The speeds one device is judged at and the evidence for them. `check`, `decode` and `bandwidth
/// --descriptors` all take it from `judge(_:option:)`, so one input gets one speed and one reason.
/// When nothing proves the speed, the device is judged at every speed it may run at (full and high for
/// a USB 2.x device), as USB20CV runs a high-speed device at both.
public struct SpeedJudgement: Sendable, Hashable, Codable {
    /// One speed when it is known; several when the verdicts are given per speed.
    public let speeds: [USBSpeed]
    /// What decided it: the proof, or (with several speeds) the facts that contradict each other.
    public let evidence: [SpeedEvidence]
    /// Why the speed stays open, when it does.
    public let unknownReason: String?

    public init(speeds: [USBSpeed], evidence: [SpeedEvidence], unknownReason: String? = nil) {
        self.speeds = speeds
        self.evidence = evidence
        self.unknownReason = unknownReason
    }

    public var known: USBSpeed? { speeds.count == 1 ? speeds[0] : nil }
    public var isKnown: Bool { speeds.count == 1 }

    /// A judgement from one fact (an option, a capture's link speed, a live device).
    public static func proven(_ e: SpeedEvidence) -> SpeedJudgement {
        SpeedJudgement(speeds: e.speeds.isEmpty ? [.full, .high] : e.speeds, evidence: [e])
    }

    /// `--speed`.
    public static func option(_ s: USBSpeed) -> SpeedJudgement { proven(.option(s)) }

    /// The reason in one line: "bcdUSB 1.10 is a USB 1.x device (line 2)".
    public var reason: String {
        if let why = unknownReason {
            return ([why] + evidence.map(\.description)).joined(separator: "; ")
        }
        return evidence.map(\.description).joined(separator: "; ")
    }

    /// "full speed", or "full speed or high speed".
    public var speedText: String { speeds.map(\.displayName).joined(separator: " or ") }

    /// How a user narrows an open speed.
    public var narrowHint: String? {
        guard !isKnown else { return nil }
        return "narrow it with " + speeds.map { "--speed \($0.rawValue)" }.joined(separator: " or ")
    }

    /// One line for report headers: "at full speed (bcdUSB 1.10 ...)" or "at unknown speed: judged at
    /// full speed and at high speed (...); narrow it with --speed full or --speed high".
    public var headline: String {
        if let s = known { return "at \(s.displayName) (\(reason))" }
        let each = speeds.map(\.displayName).joined(separator: " and at ")
        return "at unknown speed: judged at \(each), since \(reason); \(narrowHint ?? "")"
    }

    /// The judgement for one device: `option` first, then what the input states, then what the
    /// descriptors prove by themselves.
    public static func judge(_ dev: USBDevice, option: USBSpeed? = nil) -> SpeedJudgement {
        if let o = option { return .option(o) }
        if let stated = dev.speedEvidence.first(where: { $0.proves != nil }) { return proven(stated) }
        // Firmware with one unnamed configuration per speed: either is possible whatever the
        // descriptors hold (their qualifier is shared by both sets).
        if let open = dev.speedEvidence.first(where: { $0.source == .configurationSets && $0.speeds.count > 1 }) {
            return SpeedJudgement(speeds: open.speeds, evidence: [open], unknownReason: "this set is one of the firmware's speed variants")
        }
        let facts = descriptorEvidence(dev)
        if let ss = facts.first(where: { $0.source == .superSpeedCompanion }) { return proven(ss) }
        let high = facts.filter { $0.speeds == [.high] }
        let full = facts.filter { $0.speeds == [.full] }
        switch (high.isEmpty, full.isEmpty) {
        case (false, true): return SpeedJudgement(speeds: [.high], evidence: high)
        case (true, false): return SpeedJudgement(speeds: [.full], evidence: full)
        case (false, false):
            return SpeedJudgement(speeds: [.full, .high], evidence: high + full,
                                  unknownReason: "the descriptors contradict each other")
        case (true, true):
            var why = "nothing in the input fixes the speed"
            if let bcd = dev.bcdUSB {
                why += " (bcdUSB \(bcdText(bcd)) allows full and high speed; no device qualifier, no other speed configuration, no field legal at one speed only)"
            } else {
                why += " (no device descriptor)"
            }
            return SpeedJudgement(speeds: [.full, .high], evidence: [], unknownReason: why)
        }
    }

    /// "2.00", "1.10".
    static func bcdText(_ bcd: Int) -> String {
        let minor = bcd & 0xFF
        return "\(String(bcd >> 8, radix: 16)).\(minor < 0x10 ? "0" : "")\(String(minor, radix: 16))"
    }

    /// Facts the descriptors hold by themselves, one per kind (the first endpoint stands for the rest).
    /// Isochronous sizes are deliberately absent: they are what the bandwidth verdicts judge.
    static func descriptorEvidence(_ dev: USBDevice) -> [SpeedEvidence] {
        var out: [SpeedEvidence] = []
        var kinds = Set<String>()
        func add(_ kind: String, _ e: @autoclosure () -> SpeedEvidence) {
            if kinds.insert(kind).inserted { out.append(e()) }
        }
        func place(_ d: Descriptor) -> String? { SpeedEvidence.place(d.location) }
        let configs = dev.configurations.filter { !$0.isOtherSpeed }
        let endpoints = configs.flatMap(\.altSettings).flatMap(\.endpoints)
        if let ep = endpoints.first(where: { $0.sspCompanion != nil }) {
            add("ssp", SpeedEvidence(.superSpeedCompanion, .superPlus,
                                     reason: "a SuperSpeedPlus isochronous endpoint companion is present (sent only at SuperSpeedPlus)",
                                     place: place(ep.sspCompanion!)))
        }
        if let ep = endpoints.first(where: { $0.companion != nil }) {
            add("ss", SpeedEvidence(.superSpeedCompanion, .super,
                                    reason: "SuperSpeed endpoint companions are present (sent only at SuperSpeed or above)",
                                    place: place(ep.companion!)))
        }
        if let q = dev.qualifier {
            add("qualifier", SpeedEvidence(.deviceQualifier, .high,
                                           reason: "a device qualifier shows a high-speed capable device: its configuration is the high-speed one"
                                               + (dev.configurations.contains(where: \.isOtherSpeed) ? ", the other speed configuration the full-speed one" : ""),
                                           place: place(q)))
        }
        if let o = dev.configurations.first(where: \.isOtherSpeed) {
            add("other", SpeedEvidence(.otherSpeedConfiguration, .high,
                                       reason: "an other speed configuration shows a high-speed capable device: configuration \(configs.first?.value ?? 1) is the high-speed one, the other speed configuration the full-speed one",
                                       place: place(o.descriptor)))
        }
        if let d = dev.device, let bcd = dev.bcdUSB, bcd > 0, bcd < 0x0200 {
            add("bcd", SpeedEvidence(.bcdUSB, .full, reason: "bcdUSB \(bcdText(bcd)) is a USB 1.x device, which cannot run at high speed",
                                     place: place(d)))
        }
        if let d = dev.device, let mps0 = dev.device?["bMaxPacketSize0"], [8, 16, 32].contains(mps0) {
            add("mps0", SpeedEvidence(.encoding, .full, reason: "bMaxPacketSize0 \(mps0) is below the 64 B high speed requires",
                                      place: place(d)))
        }
        for ep in endpoints {
            let size = ep.maxPacketSize
            let periodic = ep.transferType == .isochronous || ep.transferType == .interrupt
            let where_ = place(ep.descriptor)
            if periodic && ep.additionalTransactions > 0 {
                add("mult", SpeedEvidence(.encoding, .high,
                                          reason: "EP 0x\(hex2(ep.address)) declares \(ep.additionalTransactions + 1) transactions per microframe (wMaxPacketSize 0x\(hexN(UInt64(ep.wMaxPacketSize), digits: 4)), bits 12..11), which exist only at high speed",
                                          place: where_))
            }
            switch ep.transferType {
            case .interrupt where size > 64:
                add("int>64", SpeedEvidence(.encoding, .high,
                                            reason: "EP 0x\(hex2(ep.address)) is an interrupt endpoint of \(size) B, above the full-speed maximum of 64",
                                            place: where_))
            case .interrupt where ep.bInterval > 16:
                add("int-interval", SpeedEvidence(.encoding, .full,
                                                  reason: "EP 0x\(hex2(ep.address)) is an interrupt endpoint with bInterval \(ep.bInterval), a full-speed frame count (high speed allows 1-16)",
                                                  place: where_))
            case .bulk where size == 512:
                add("bulk512", SpeedEvidence(.encoding, .high,
                                             reason: "EP 0x\(hex2(ep.address)) is a bulk endpoint of 512 B, the only high-speed bulk size",
                                             place: where_))
            case .bulk where [8, 16, 32, 64].contains(size) && dev.qualifier == nil:
                add("bulk64", SpeedEvidence(.encoding, .full,
                                            reason: "EP 0x\(hex2(ep.address)) is a bulk endpoint of \(size) B, a full-speed size (high-speed bulk is 512 B), and no device qualifier shows high-speed capability",
                                            place: where_))
            default:
                break
            }
        }
        return out
    }
}
