public enum BandwidthTransferType: String, Codable, Sendable { case isochronous, interrupt }
public enum BandwidthDirection: String, Codable, Sendable { case `in`, out }

/// One periodic endpoint that is active at the same time as the others being checked.
public struct BusTimeEndpoint: Codable, Sendable, Equatable {
    public var label: String
    public var direction: BandwidthDirection
    public var transferType: BandwidthTransferType
    /// Bytes per transaction the host reserves (normally wMaxPacketSize bits 10..0).
    public var bytesPerTransaction: Int
    /// High-speed transactions per microframe (1...3); 1 at full speed.
    public var transactionsPerInterval: Int
    public var bInterval: Int

    public init(label: String, direction: BandwidthDirection, transferType: BandwidthTransferType = .isochronous,
                bytesPerTransaction: Int, transactionsPerInterval: Int = 1, bInterval: Int = 1) {
        self.label = label
        self.direction = direction
        self.transferType = transferType
        self.bytesPerTransaction = bytesPerTransaction
        self.transactionsPerInterval = transactionsPerInterval
        self.bInterval = bInterval
    }
}

public enum BusTimeVerdict: String, Codable, Sendable {
    case fits
    /// Only if the host puts the endpoints with a period above one (micro)frame into different
    /// (micro)frames; the ones serviced every (micro)frame fit together.
    case fitsOnlyIfSpread = "fits-only-if-spread"
    case exceeds
}

/// The periodic bus time of a set of endpoints per (micro)frame, against the share of the
/// (micro)frame the host may give to periodic transfers.
public struct BusTimeReport: Codable, Sendable, Equatable {
    public struct Cost: Codable, Sendable, Equatable {
        public let endpoint: BusTimeEndpoint
        /// Worst-case bus time of one service (all its transactions), ns.
        public let nanoseconds: Int
        /// Service period in (micro)frames.
        public let periodFrames: Int
    }

    public let speed: USBSpeed
    /// 900 µs (90 % of a 1 ms frame) at full speed, 100 µs (80 % of 125 µs) at high speed.
    public let budgetNanoseconds: Int
    public let costs: [Cost]
    /// All endpoints in the same (micro)frame.
    public let worstCaseNanoseconds: Int
    /// The least peak any schedule can reach: every-(micro)frame endpoints plus the largest other one.
    public let minimumPeakNanoseconds: Int
    public let verdict: BusTimeVerdict
    /// worstCase − budget when positive.
    public let overrunNanoseconds: Int
    /// minimumPeak − budget when positive: no schedule avoids this.
    public let unavoidableOverrunNanoseconds: Int
    public private(set) var explanation: String = ""

    /// USB 2.0 §5.11.3 worst-case bit stuffing, as Linux BitTime(): 7/6 bit times per data bit.
    public static func bitTime(_ bytes: Int) -> Int { 7 * 8 * bytes / 6 }

    /// One transaction, ns: Linux usb_calc_bus_time() for full speed (BW_HOST_DELAY 1000 ns) and
    /// HS_NSECS_ISO / HS_NSECS for high speed (USB2_HOST_DELAY 5 ns).
    public static func transactionNanoseconds(speed: USBSpeed, direction: BandwidthDirection,
                                              type: BandwidthTransferType, bytes: Int) -> Int {
        let bt = bitTime(bytes)
        if speed == .full {
            let data = 8354 * (31 + 10 * bt) / 1000
            if type == .isochronous { return (direction == .in ? 7268 : 6265) + 1000 + data }
            return 9107 + 1000 + data
        }
        let overhead = type == .isochronous ? 38 * 8 * 2083 : 55 * 8 * 2083
        return (overhead + 2083 * (3 + bt)) / 1000 + 5
    }

    public init(speed: USBSpeed, endpoints: [BusTimeEndpoint]) throws(BandwidthInputError) {
        guard speed == .full || speed == .high else {
            throw BandwidthInputError(field: "speed", message:
                "The bus-time check covers full and high speed (USB 2.0 §5.11.3); SuperSpeed scheduling is the xHCI's own and is not modelled.")
        }
        var costs: [Cost] = []
        for ep in endpoints {
            try BusTimeReport.validate(ep, speed: speed)
            // USB 2.0 §5.11.3 gives the time per transaction, so a high-bandwidth endpoint pays the
            // overhead once per transaction (Linux EHCI charges it once per endpoint, ~1.3 µs less
            // per extra transaction).
            let one = BusTimeReport.transactionNanoseconds(speed: speed, direction: ep.direction, type: ep.transferType,
                                                           bytes: ep.bytesPerTransaction)
            let period = (speed == .full && ep.transferType == .interrupt) ? ep.bInterval : 1 << (ep.bInterval - 1)
            costs.append(Cost(endpoint: ep, nanoseconds: one * ep.transactionsPerInterval, periodFrames: period))
        }
        self.speed = speed
        budgetNanoseconds = speed == .full ? 900_000 : 100_000
        self.costs = costs
        worstCaseNanoseconds = costs.reduce(0) { $0 + $1.nanoseconds }
        let every = costs.filter { $0.periodFrames == 1 }.reduce(0) { $0 + $1.nanoseconds }
        let largestOther = costs.filter { $0.periodFrames > 1 }.map(\.nanoseconds).max() ?? 0
        minimumPeakNanoseconds = every + largestOther
        if worstCaseNanoseconds <= budgetNanoseconds {
            verdict = .fits
        } else if minimumPeakNanoseconds <= budgetNanoseconds {
            verdict = .fitsOnlyIfSpread
        } else {
            verdict = .exceeds
        }
        overrunNanoseconds = max(0, worstCaseNanoseconds - budgetNanoseconds)
        unavoidableOverrunNanoseconds = max(0, minimumPeakNanoseconds - budgetNanoseconds)
        explanation = BusTimeReport.explain(self)
    }

    static func validate(_ ep: BusTimeEndpoint, speed: USBSpeed) throws(BandwidthInputError) {
        let maxBytes: Int
        switch (speed, ep.transferType) {
        case (.full, .isochronous): maxBytes = 1023
        case (.full, .interrupt): maxBytes = 64
        default: maxBytes = 1024
        }
        guard (0...maxBytes).contains(ep.bytesPerTransaction) else {
            throw BandwidthInputError(field: "bytes", message:
                "\(ep.label): \(ep.bytesPerTransaction) B per transaction is outside 0-\(maxBytes) B for a \(speed.displayName) \(ep.transferType.rawValue) endpoint.")
        }
        let mults = speed == .high ? 1...3 : 1...1
        guard mults.contains(ep.transactionsPerInterval) else {
            throw BandwidthInputError(field: "mult", message:
                "\(ep.label): \(ep.transactionsPerInterval) transactions per interval is not possible at \(speed.displayName) (allowed \(mults.lowerBound)-\(mults.upperBound)).")
        }
        let intervals = (speed == .full && ep.transferType == .interrupt) ? 1...255 : 1...16
        guard intervals.contains(ep.bInterval) else {
            throw BandwidthInputError(field: "interval", message:
                "\(ep.label): bInterval \(ep.bInterval) is outside \(intervals.lowerBound)-\(intervals.upperBound) for a \(speed.displayName) \(ep.transferType.rawValue) endpoint.")
        }
    }

    /// ns shown as µs rounded to one decimal ("933.0 µs").
    public static func microseconds(_ ns: Int) -> String {
        let tenths = (ns + 50) / 100
        return "\(tenths / 10).\(tenths % 10) µs"
    }

    static func explain(_ r: BusTimeReport) -> String {
        let frame = r.speed == .full ? "frame" : "microframe"
        let share = r.speed == .full ? "90 % of a 1 ms frame" : "80 % of a 125 µs microframe"
        let parts = r.costs.map { c -> String in
            let t = c.endpoint.transactionsPerInterval > 1 ? "\(c.endpoint.transactionsPerInterval) × " : ""
            let every = c.periodFrames > 1 ? ", every \(c.periodFrames) \(frame)s" : ""
            return "\(c.endpoint.label) (\(c.endpoint.direction.rawValue) \(t)\(c.endpoint.bytesPerTransaction) B\(every)) \(microseconds(c.nanoseconds))"
        }
        var text = "Periodic bus time per \(frame) at \(r.speed.displayName): " + (parts.isEmpty ? "no endpoints" : parts.joined(separator: " + "))
            + " = \(microseconds(r.worstCaseNanoseconds)) against \(microseconds(r.budgetNanoseconds)) (\(share))"
        switch r.verdict {
        case .fits:
            text += ": fits with \(microseconds(r.budgetNanoseconds - r.worstCaseNanoseconds)) to spare."
        case .fitsOnlyIfSpread:
            text += ": \(microseconds(r.overrunNanoseconds)) over if all land in the same \(frame); it fits only if the host schedules the endpoints with longer periods in different \(frame)s."
        case .exceeds:
            text += ": does not fit, \(microseconds(r.unavoidableOverrunNanoseconds)) over budget. The host refuses the alt setting (Linux: \"Not enough bandwidth\", usb_set_interface failed (-28)); " + (r.speed == .full ? "use smaller packets, fewer channels, or high speed." : "use smaller packets, fewer channels or transactions, or a longer bInterval where the data allows it.")
        }
        return text
    }
}
