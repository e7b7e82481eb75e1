/// Turns an `IsoPacketBudget` into sentences a firmware developer can act on: what the packet needs,
/// what the endpoint and speed allow, and the nearest formats or settings that would fit.
enum BandwidthExplainer {
    static func explain(_ b: IsoPacketBudget, label: String?) -> String {
        let r = b.request
        var sentences: [String] = []
        let fmt = formatName(bits: r.bitResolution, subslot: r.subslotBytes)
        let subject = "\(r.channels) ch, \(fmt), \(r.syncType.shortName)"
        let who = label.map { "\($0) (\(subject))" } ?? subject
        let unit = packetUnit(r.speed, bInterval: r.bInterval)
        sentences.append("\(who) at \(rateText(r.sampleRate)) \(r.speed.displayName)\(intervalClause(b)) needs \(b.framesPerPacket) frames × \(b.bytesPerFrame) B = \(b.bytesPerPacket) B per \(unit)\(nominalClause(b))")
        let cap = b.capacity
        switch b.verdict {
        case .fits:
            let spare = cap.availableBytes - b.bytesPerPacket
            sentences[0] += "; the endpoint allows \(cap.availableBytes) B (\(capacityText(b))): fits" + (spare > 0 ? " with \(spare) B to spare." : " exactly.")
            if !b.safeFits {
                sentences.append("Firmware that budgets the conservative ceil(N)+1 = \(b.framesSafe) frames needs \(b.bytesPerPacketSafe) B, which would not fit.")
            }
        case .exceedsSpeedLimit:
            sentences[0] += "; " + speedLimitText(b) + "."
            sentences.append(largestText(b))
            if let alt = alternativesText(b) { sentences.append(alt) }
            if let rate = rateText(b) { sentences.append(rate) }
        case .needsLargerMaxPacketSize:
            sentences[0] += "; " + declaredText(b) + "."
            sentences.append(fixText(b))
            sentences.append(largestText(b))
            if let alt = alternativesText(b) { sentences.append(alt) }
        }
        sentences.append(contentsOf: b.notes)
        return sentences.joined(separator: " ")
    }

    // MARK: - Pieces

    static func formatName(bits: Int, subslot: Int) -> String {
        bits == subslot * 8 ? "\(bits)-bit" : "\(bits)-bit in \(subslot)-byte subslots"
    }

    static func bitText(bits: Int, subslot: Int) -> String {
        bits == subslot * 8 ? "\(bits) bit" : "\(bits) bit in \(subslot)-byte subslots"
    }

    /// "48 kHz", "44.1 kHz", "11.025 kHz", "500 Hz".
    public static func rateText(_ rate: Int) -> String {
        if rate < 1000 { return "\(rate) Hz" }
        return BandwidthFraction(rate, 1000).description + " kHz"
    }

    static func packetUnit(_ speed: USBSpeed, bInterval: Int) -> String {
        if speed == .full || bInterval > 1 { return "packet" }
        return speed.intervalUnitName
    }

    static func intervalClause(_ b: IsoPacketBudget) -> String {
        let r = b.request
        guard r.bInterval > 1 else { return "" }
        let units = 1 << (r.bInterval - 1)
        let period = b.servicePeriodMicroseconds
        let periodText = period % 1000 == 0 ? "\(period / 1000) ms" : "\(period) µs"
        return " with bInterval \(r.bInterval) (one packet every \(units) \(r.speed.intervalUnitName)s = \(periodText))"
    }

    static func nominalClause(_ b: IsoPacketBudget) -> String {
        let n = b.nominalFrames
        let sync = b.request.syncType
        if n.isInteger {
            return sync == .synchronous ? "" : " (nominal \(n) + 1 for the \(sync.shortName) ±1 rule)"
        }
        return " (nominal \(n), rounded up)"
    }

    static func capacityText(_ b: IsoPacketBudget) -> String {
        let r = b.request, cap = b.capacity
        switch r.speed {
        case .full, .low:
            return r.endpoint.maxPacketSize != nil ? "wMaxPacketSize \(r.endpoint.maxPacketSize!)" : "the full-speed maximum"
        case .high:
            let t = cap.transactions == 1 ? "1 transaction" : "\(cap.transactions) transactions"
            return r.endpoint.maxPacketSize != nil ? "wMaxPacketSize \(cap.bytesPerTransaction) × \(t)" : "\(t) of at most 1024 B"
        case .super, .superPlus:
            if let bpi = r.endpoint.bytesPerInterval {
                return (r.speed == .super ? "wBytesPerInterval " : "dwBytesPerInterval ") + "\(bpi)"
            }
            return "\(cap.bytesPerTransaction) B × \(cap.transactions) packets"
        }
    }

    static func speedLimitText(_ b: IsoPacketBudget) -> String {
        switch b.request.speed {
        case .full, .low:
            return "full speed allows \(BandwidthEndpointCapacity.fullSpeedMaxPacket) B per isochronous packet"
        case .high:
            return "high speed allows at most 3 transactions × 1024 B = 3072 B per \(packetUnit(.high, bInterval: b.request.bInterval))"
        case .super:
            return "SuperSpeed allows at most 1024 B × 16 (bMaxBurst 15) × Mult 3 = \(BandwidthEndpointCapacity.superSpeedMaxPerInterval) B per service interval"
        case .superPlus:
            return "a SuperSpeedPlus dwBytesPerInterval is a 32-bit field and cannot say more than \(UInt32.max) B"
        }
    }

    static func declaredText(_ b: IsoPacketBudget) -> String {
        let r = b.request, cap = b.capacity
        if r.endpoint.maxPacketSize == nil && r.endpoint.bytesPerInterval == nil && r.endpoint.maxBurst == nil {
            if r.speed == .high {
                return cap.transactions == 1 ? "one high-speed transaction carries at most 1024 B"
                                             : "\(cap.transactions) high-speed transactions carry at most \(cap.availableBytes) B"
            }
            return "the endpoint carries at most \(cap.availableBytes) B (\(capacityText(b)))"
        }
        return "the endpoint declares \(capacityText(b)) = \(cap.availableBytes) B"
    }

    static func fixText(_ b: IsoPacketBudget) -> String {
        let r = b.request
        let need = b.bytesPerPacket
        switch r.speed {
        case .full, .low:
            return "Declare wMaxPacketSize ≥ \(need)."
        case .high:
            let t = (need + 1023) / 1024
            var text: String
            if t == 1 {
                text = "Declare wMaxPacketSize ≥ \(need)"
            } else {
                let size = (need + t - 1) / t
                let raw = ((t - 1) << 11) | size
                text = "It needs \(t) transactions per microframe (\(t) × \(size) B: wMaxPacketSize 0x\(hex4(raw)), bits 12..11 = \(t - 1))"
            }
            if r.bInterval > 1, let one = shorterInterval(b) {
                if one.transactionsNeeded == 1 {
                    text += " or bInterval 1 (\(one.framesPerPacket) frames × \(one.bytesPerFrame) B = \(one.bytesPerPacket) B per microframe)"
                } else if one.transactionsNeeded < t {
                    text += " or bInterval 1 with \(one.transactionsNeeded) transactions (\(one.framesPerPacket) frames × \(one.bytesPerFrame) B = \(one.bytesPerPacket) B per microframe)"
                }
            }
            return text + "."
        case .super, .superPlus:
            let packets = (need + 1023) / 1024
            return "The endpoint needs \(packets) packets of 1024 B per service interval: raise bMaxBurst / Mult and declare w/dwBytesPerInterval ≥ \(need)."
        }
    }

    static func largestText(_ b: IsoPacketBudget) -> String {
        let r = b.request
        let bits = bitText(bits: r.bitResolution, subslot: r.subslotBytes)
        let m = b.largest.maxChannels
        if m == 0 {
            return "Not even 1 channel of \(bits) fits (\(b.framesPerPacket * r.subslotBytes) B)."
        }
        return "At most \(m) channel\(m == 1 ? " of \(bits) fits" : "s of \(bits) fit") (\(m * b.framesPerPacket * r.subslotBytes) B)."
    }

    /// Smaller subslot at this speed, or the faster service interval / speed.
    static func alternativesText(_ b: IsoPacketBudget) -> String? {
        let r = b.request
        var alts: [String] = []
        if let s = b.largest.maxSubslotBytes, s < r.subslotBytes {
            alts.append("at \(s * 8) bit (\(b.framesPerPacket * r.channels * s) B)")
        }
        if r.speed == .full {
            var hs = r
            hs.speed = .high
            hs.bInterval = 1
            hs.endpoint = BandwidthEndpointDeclaration()
            if let h = try? IsoPacketBudget(hs), h.verdict != .exceedsSpeedLimit {
                if h.transactionsNeeded == 1 {
                    alts.append("at high speed with bInterval 1 (\(h.framesPerPacket) frames × \(h.bytesPerFrame) B = \(h.bytesPerPacket) B per microframe)")
                } else {
                    alts.append("at high speed with bInterval 1 and \(h.transactionsNeeded) transactions per microframe (\(h.framesPerPacket) frames × \(h.bytesPerFrame) B = \(h.bytesPerPacket) B)")
                }
            }
        } else if r.speed == .high && b.verdict == .exceedsSpeedLimit && r.bInterval > 1, let one = shorterInterval(b),
                  one.verdict != .exceedsSpeedLimit {
            alts.append("with bInterval 1 (\(one.framesPerPacket) frames × \(one.bytesPerFrame) B = \(one.bytesPerPacket) B per microframe)")
        }
        guard !alts.isEmpty else { return nil }
        return "\(r.channels) channel\(r.channels == 1 ? "" : "s") fit " + alts.joined(separator: ", or ") + "."
    }

    static func rateText(_ b: IsoPacketBudget) -> String? {
        let r = b.request
        let fmt = bitText(bits: r.bitResolution, subslot: r.subslotBytes)
        guard let max = b.largest.maxSampleRate else {
            return "No sample rate fits \(r.channels) ch of \(fmt) here."
        }
        guard max < r.sampleRate else { return nil }
        let std = b.largest.maxStandardSampleRate.map { " (largest common rate \(rateText($0)))" } ?? ""
        return "\(r.channels) ch of \(fmt) fit up to \(max) Hz\(std)."
    }

    static func shorterInterval(_ b: IsoPacketBudget) -> IsoPacketBudget? {
        var one = b.request
        one.bInterval = 1
        one.endpoint = BandwidthEndpointDeclaration()
        return try? IsoPacketBudget(one)
    }

    static func hex4(_ v: Int) -> String {
        let h = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - h.count)) + h
    }
}
