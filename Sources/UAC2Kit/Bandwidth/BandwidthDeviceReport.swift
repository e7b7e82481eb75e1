/// The verdict of one streaming alt at one sample rate: the full budget, or why none was computed.
public struct BandwidthAltRateVerdict: Codable, Sendable, Equatable {
    public let sampleRate: Int
    public let budget: IsoPacketBudget?
    /// Set when the descriptor values cannot be checked (wMaxPacketSize 0, bNrChannels 0 ...).
    public let error: String?
    public var fits: Bool { budget?.verdict == .fits }
}

/// Per-alt verdicts at one speed.
public struct BandwidthAltReport: Codable, Sendable, Equatable {
    public enum RateSource: String, Codable, Sendable {
        /// UAC1 tSamFreq table or range.
        case descriptor
        /// UAC2/3 rates come from the clock's GET RANGE (live only): a default set was assumed.
        case assumed
        /// Given by the caller (--rates).
        case given
    }

    public let label: String
    public let interfaceNumber: Int
    public let alternateSetting: Int
    public let audioClass: String
    public let direction: BandwidthDirection?
    public let speed: USBSpeed
    public let rateSource: RateSource
    public let verdicts: [BandwidthAltRateVerdict]
    /// Why no per-rate verdict was computed (no format, Type II, no isochronous endpoint).
    public let skipped: String?
    public let summary: String
}

/// Alternate settings of different interfaces that are active together, and their bus time.
public struct BandwidthCombination: Codable, Sendable, Equatable {
    /// "interface 1 alt 2" per interface with periodic endpoints.
    public let alternates: [String]
    public let busTime: BusTimeReport
}

public struct BandwidthBusSection: Codable, Sendable, Equatable {
    public let combinationsChecked: Int
    /// Combinations that do not fit (at most 20, largest overrun first).
    public let failing: [BandwidthCombination]
    public let failingCount: Int
    public let heaviest: BandwidthCombination?
    public let note: String?
}

public struct BandwidthSpeedSection: Codable, Sendable, Equatable {
    public let speed: USBSpeed
    /// True for the Other Speed Configuration checked at the other speed.
    public let otherSpeedConfiguration: Bool
    public let alts: [BandwidthAltReport]
    public let bus: BandwidthBusSection
}

/// Bandwidth verdicts for every streaming alt of a device, per speed it may run at, and the bus-time
/// check over one alt per interface. This is what `decode` and `check` show.
public struct BandwidthDeviceReport: Codable, Sendable, Equatable {
    /// The speeds the sections are for, and why.
    public let speed: SpeedJudgement
    /// The rates used for UAC2/3 alts, and whether they were assumed.
    public let assumedRates: [Int]
    public let sections: [BandwidthSpeedSection]

    /// UAC2 clock rates are not in the descriptors; this is the set assumed offline (issue 4).
    public static let defaultUAC2Rates = [44100, 48000, 88200, 96000, 176400, 192000, 352800, 384000]
    static let maxCombinations = 4096

    /// - Parameters:
    ///   - speed: the bus speed if given (`--speed`); otherwise the input's own judgement.
    ///   - rates: rates for UAC2/3 alts (and, when given, for UAC1 too); nil = defaults.
    public init(_ input: BandwidthDeviceInput, speed: USBSpeed? = nil, rates: [Int]? = nil) {
        self.init(input, judgement: speed.map(SpeedJudgement.option) ?? input.speed, rates: rates)
    }

    public init(_ input: BandwidthDeviceInput, judgement: SpeedJudgement, rates: [Int]? = nil) {
        speed = judgement
        assumedRates = rates ?? BandwidthDeviceReport.defaultUAC2Rates
        var sections = judgement.speeds.map { s in
            BandwidthSpeedSection(speed: s, otherSpeedConfiguration: false,
                                  alts: input.streamingAlts.map { BandwidthDeviceReport.altReport($0, speed: s, rates: rates) },
                                  bus: BandwidthDeviceReport.busSection(input.interfaceAlts, speed: s))
        }
        // With a known speed of full or high, the Other Speed Configuration is what the device
        // declares for the other one: check it at that speed.
        if let s = judgement.known, let other = s.other, !input.otherSpeedInterfaceAlts.isEmpty {
            sections.append(BandwidthSpeedSection(
                speed: other, otherSpeedConfiguration: true,
                alts: input.otherSpeedStreamingAlts.map { BandwidthDeviceReport.altReport($0, speed: other, rates: rates) },
                bus: BandwidthDeviceReport.busSection(input.otherSpeedInterfaceAlts, speed: other)))
        }
        self.sections = sections
    }

    // MARK: - Per alt

    static func altReport(_ a: BandwidthStreamingAltInput, speed: USBSpeed, rates given: [Int]?) -> BandwidthAltReport {
        let direction = a.dataEndpoint.map { $0.isIn ? BandwidthDirection.in : .out }
        var source = BandwidthAltReport.RateSource.descriptor
        var rates: [Int]
        if let given {
            rates = given
            source = .given
        } else if a.audioClass == "UAC1" {
            if let table = a.sampleRates, !table.isEmpty {
                rates = table
            } else if let lo = a.sampleRateMin, let hi = a.sampleRateMax {
                // A continuous range: its ends and the common rates inside it.
                rates = ([lo] + IsoPacketBudget.standardSampleRates.filter { $0 > lo && $0 < hi } + [hi])
            } else {
                rates = []
            }
        } else {
            rates = defaultUAC2Rates
            source = .assumed
        }
        var seen = Set<Int>()
        rates = rates.filter { seen.insert($0).inserted }
        func skip(_ why: String) -> BandwidthAltReport {
            BandwidthAltReport(label: a.label, interfaceNumber: a.interfaceNumber, alternateSetting: a.alternateSetting,
                               audioClass: a.audioClass, direction: direction, speed: speed, rateSource: source,
                               verdicts: [], skipped: why, summary: "not checked: \(why)")
        }
        guard let ep = a.dataEndpoint, ep.kind == .isochronous else { return skip("no isochronous data endpoint") }
        if let ft = a.formatType, ft == 2 {
            return skip("Format Type II (compressed) packets follow the bit rate, not channels × subslot")
        }
        guard let channels = a.channels, let subslot = a.subslotBytes else {
            return skip("the format does not give bNrChannels and a subslot size")
        }
        guard !rates.isEmpty else { return skip("no sample rate in the format descriptor") }
        let endpoint: BandwidthEndpointDeclaration
        switch speed {
        case .full, .low:
            endpoint = BandwidthEndpointDeclaration(maxPacketSize: ep.size)
        case .high:
            endpoint = BandwidthEndpointDeclaration(maxPacketSize: ep.size, transactionsPerInterval: min(ep.transactions, 3))
        case .super, .superPlus:
            endpoint = BandwidthEndpointDeclaration(maxPacketSize: ep.size, transactionsPerInterval: (ep.companionMult ?? 0) + 1,
                                                    maxBurst: ep.maxBurst, bytesPerInterval: ep.bytesPerInterval)
        }
        let bits = a.bitResolution ?? subslot * 8
        let verdicts = rates.map { rate -> BandwidthAltRateVerdict in
            let request = BandwidthRequest(speed: speed, sampleRate: rate, channels: channels, subslotBytes: subslot,
                                           bitResolution: bits, syncType: a.syncType, bInterval: ep.bInterval, endpoint: endpoint)
            do {
                return BandwidthAltRateVerdict(sampleRate: rate, budget: try IsoPacketBudget(request), error: nil)
            } catch {
                return BandwidthAltRateVerdict(sampleRate: rate, budget: nil, error: (error as? BandwidthInputError)?.message ?? "\(error)")
            }
        }
        return BandwidthAltReport(label: a.label, interfaceNumber: a.interfaceNumber, alternateSetting: a.alternateSetting,
                                  audioClass: a.audioClass, direction: direction, speed: speed, rateSource: source,
                                  verdicts: verdicts, skipped: nil, summary: summary(verdicts, source: source))
    }

    static func summary(_ verdicts: [BandwidthAltRateVerdict], source: BandwidthAltReport.RateSource) -> String {
        func rateList(_ vs: [BandwidthAltRateVerdict]) -> String {
            vs.map { BandwidthFraction($0.sampleRate, 1000).description }.joined(separator: ", ") + " kHz"
        }
        var parts: [String] = []
        let fit = verdicts.filter(\.fits)
        if fit.count == verdicts.count {
            parts.append("fits at every rate checked (\(rateList(verdicts)))")
        } else {
            if !fit.isEmpty { parts.append("fits at \(rateList(fit))") }
            let larger = verdicts.filter { $0.budget?.verdict == .needsLargerMaxPacketSize }
            if !larger.isEmpty {
                let need = larger.map { "\($0.budget!.bytesPerPacket)" }.joined(separator: "/")
                parts.append("needs a larger wMaxPacketSize at \(rateList(larger)) (\(need) B > \(larger[0].budget!.capacity.availableBytes) B)")
            }
            let over = verdicts.filter { $0.budget?.verdict == .exceedsSpeedLimit }
            if !over.isEmpty { parts.append("exceeds what the speed allows at \(rateList(over))") }
            let bad = verdicts.filter { $0.error != nil }
            if let e = bad.first?.error { parts.append("cannot be checked: \(e)") }
        }
        var text = parts.joined(separator: "; ")
        if source == .assumed {
            text += " (rates assumed: UAC2 rates come from the clock's GET RANGE, not the descriptors)"
        }
        return text
    }

    // MARK: - Bus time

    static func busSection(_ alts: [BandwidthInterfaceAltInput], speed: USBSpeed) -> BandwidthBusSection {
        guard speed == .full || speed == .high else {
            return BandwidthBusSection(combinationsChecked: 0, failing: [], failingCount: 0, heaviest: nil,
                                       note: "bus time is not modelled for \(speed.displayName) (the xHCI keeps its own budget)")
        }
        // One choice list per interface that has periodic endpoints in some alt.
        var order: [Int] = []
        var byInterface: [Int: [BandwidthInterfaceAltInput]] = [:]
        for a in alts {
            let periodic = BandwidthInterfaceAltInput(interfaceNumber: a.interfaceNumber, alternateSetting: a.alternateSetting,
                                                      endpoints: a.endpoints.filter { $0.kind != .bulk })
            if byInterface[a.interfaceNumber] == nil { order.append(a.interfaceNumber) }
            byInterface[a.interfaceNumber, default: []].append(periodic)
        }
        var choices = order.compactMap { n -> [BandwidthInterfaceAltInput]? in
            let list = byInterface[n]!
            return list.contains { !$0.endpoints.isEmpty } ? list.filter { !$0.endpoints.isEmpty } : nil
        }
        var notes: [String] = []
        var total = 1
        for c in choices { total = total > maxCombinations ? total : total * c.count }
        // Bound the work too (combinations × endpoints each), so a fuzzed configuration stays fast.
        let endpointsPerCombination = choices.reduce(0) { $0 + ($1.map(\.endpoints.count).max() ?? 0) }
        if total > maxCombinations || total * endpointsPerCombination > 200_000 {
            // Too many to list: check each interface's heaviest alt only.
            choices = choices.map { list in [list.max { cost($0, speed) < cost($1, speed) }!] }
            notes.append("\(total) combinations are too many to list; only the heaviest alt of each interface was checked")
        }
        var combos: [[BandwidthInterfaceAltInput]] = [[]]
        for list in choices { combos = combos.flatMap { prefix in list.map { prefix + [$0] } } }
        if choices.isEmpty { combos = [] }
        var checked: [BandwidthCombination] = []
        var clamped = Set<String>()
        for combo in combos {
            var eps: [BusTimeEndpoint] = []
            for alt in combo {
                for ep in alt.endpoints {
                    let (b, note) = busEndpoint(ep, alt: alt, speed: speed)
                    eps.append(b)
                    if let note { clamped.insert(note) }
                }
            }
            guard let report = try? BusTimeReport(speed: speed, endpoints: eps) else { continue }
            checked.append(BandwidthCombination(alternates: combo.map { "interface \($0.interfaceNumber) alt \($0.alternateSetting)" },
                                                busTime: report))
        }
        notes.append(contentsOf: clamped.sorted())
        let failing = checked.filter { $0.busTime.verdict != .fits }
            .sorted { $0.busTime.overrunNanoseconds > $1.busTime.overrunNanoseconds }
        let heaviest = checked.max { $0.busTime.worstCaseNanoseconds < $1.busTime.worstCaseNanoseconds }
        return BandwidthBusSection(combinationsChecked: checked.count, failing: Array(failing.prefix(20)),
                                   failingCount: failing.count, heaviest: heaviest,
                                   note: notes.isEmpty ? nil : notes.joined(separator: "; "))
    }

    /// The endpoint as the host reserves it: sizes and intervals clamped the way Linux usbcore
    /// clamps out-of-range descriptor values.
    static func busEndpoint(_ ep: BandwidthEndpointInput, alt: BandwidthInterfaceAltInput,
                            speed: USBSpeed) -> (BusTimeEndpoint, String?) {
        let type: BandwidthTransferType = ep.kind == .interrupt ? .interrupt : .isochronous
        let maxBytes = speed == .full ? (type == .isochronous ? 1023 : 64) : 1024
        var note: String? = nil
        var bytes = ep.size
        if bytes > maxBytes {
            note = "\(ep.addressText) wMaxPacketSize \(bytes) counted as \(maxBytes), the \(speed.displayName) maximum"
            bytes = maxBytes
        }
        let intervals = (speed == .full && type == .interrupt) ? 1...255 : 1...16
        var interval = ep.bInterval
        if !intervals.contains(interval) {
            let fixed = min(max(interval, intervals.lowerBound), intervals.upperBound)
            note = "\(ep.addressText) bInterval \(interval) counted as \(fixed)"
            interval = fixed
        }
        let mult = speed == .high ? min(ep.transactions, 3) : 1
        let label = "interface \(alt.interfaceNumber) alt \(alt.alternateSetting) \(ep.addressText)"
        return (BusTimeEndpoint(label: label, direction: ep.isIn ? .in : .out, transferType: type, bytesPerTransaction: bytes,
                                transactionsPerInterval: mult, bInterval: interval), note)
    }

    static func cost(_ alt: BandwidthInterfaceAltInput, _ speed: USBSpeed) -> Int {
        alt.endpoints.reduce(0) { sum, ep in
            let (b, _) = busEndpoint(ep, alt: alt, speed: speed)
            return sum + BusTimeReport.transactionNanoseconds(speed: speed, direction: b.direction, type: b.transferType,
                                                              bytes: b.bytesPerTransaction) * b.transactionsPerInterval
        }
    }
}

extension BandwidthDeviceReport {
    /// Something a firmware developer must fix for the speed the device runs at: an alt that fits at
    /// none of its rates, or alt settings that exceed the bus time together. Other-speed
    /// configurations and "if" sections of an unknown speed count too, since the device may run there.
    public var hasProblem: Bool {
        sections.contains { s in
            s.bus.failingCount > 0 || s.alts.contains { $0.skipped == nil && !$0.verdicts.isEmpty && !$0.verdicts.contains(where: \.fits) }
        }
    }
}
