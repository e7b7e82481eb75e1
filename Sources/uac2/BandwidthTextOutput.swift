import UAC2Kit

/// Plain-text rendering of the bandwidth results for the terminal.
enum BandwidthTextOutput {
    static func budget(_ b: IsoPacketBudget) -> String {
        let r = b.request
        let verdict: String
        switch b.verdict {
        case .fits: verdict = "FITS"
        case .needsLargerMaxPacketSize: verdict = "DOES NOT FIT: needs a larger wMaxPacketSize" + (r.speed == .high ? " or more transactions" : "")
        case .exceedsSpeedLimit: verdict = "DOES NOT FIT: exceeds what \(r.speed.displayName) allows"
        }
        let unit = r.speed.intervalUnitName
        var lines = ["Verdict: \(verdict)", ""]
        func row(_ k: String, _ v: String) { lines.append("  " + k.padding(toLength: 20, withPad: " ", startingAt: 0) + v) }
        row("packet period", "bInterval \(r.bInterval) = \(1 << (r.bInterval - 1)) \(unit)\(r.bInterval > 1 ? "s" : "") = \(b.servicePeriodMicroseconds) µs (\(b.packetsPerSecond) packets/s)")
        row("nominal frames N", "\(r.sampleRate) Hz / \(b.packetsPerSecond) = \(b.nominalFrames)")
        row("frames per packet", "sync ceil(N) \(b.framesSynchronous), async/adaptive floor(N)+1 \(b.framesAsynchronous), safe ceil(N)+1 \(b.framesSafe); using \(b.framesPerPacket) (\(r.syncType.shortName))")
        row("bytes per frame", "\(r.channels) ch × \(r.subslotBytes) B = \(b.bytesPerFrame) B (\(r.bitResolution)-bit samples)")
        row("bytes per packet", "\(b.framesPerPacket) × \(b.bytesPerFrame) = \(b.bytesPerPacket) B (safe: \(b.bytesPerPacketSafe) B)")
        let declared = b.capacity.declaredBytes.map { "declared \($0) B, " } ?? "nothing declared, "
        row("endpoint allows", "\(declared)compared against \(b.capacity.availableBytes) B; \(r.speed.displayName) limit \(b.capacity.speedLimitBytes) B")
        if r.speed == .full {
            // Full speed moves one packet per (micro)frame interval; there are no extra transactions to add.
            row("transactions", "1 per frame at full speed (no high-bandwidth transactions); the packet must fit in \(b.capacity.transactionLimitBytes) B")
        } else {
            row("transactions", "\(b.transactionsNeeded) of up to \(b.capacity.transactionLimitBytes) B needed; endpoint has \(b.capacity.transactions) of \(b.capacity.bytesPerTransaction) B")
        }
        var largest = "\(b.largest.maxChannels) ch of \(r.subslotBytes) B (safe: \(b.largest.maxChannelsSafe))"
        if let s = b.largest.maxSubslotBytes { largest += "; \(r.channels) ch up to \(s)-byte subslots" } else { largest += "; \(r.channels) ch fit no subslot size" }
        if let m = b.largest.maxSampleRate {
            largest += "; up to \(m) Hz" + (b.largest.maxStandardSampleRate.map { " (common: \($0) Hz)" } ?? "")
        }
        row("largest that fits", largest)
        lines.append("")
        lines.append(wrap(b.explanation))
        return lines.joined(separator: "\n")
    }

    static func table(_ t: BandwidthChannelTable) -> String {
        let unit = t.speed.intervalUnitName
        var lines = ["Maximum channels per endpoint at \(t.speed.displayName), bInterval \(t.bInterval) (\(1 << (t.bInterval - 1)) \(unit)\(t.bInterval > 1 ? "s" : "")), \(t.availableBytes) B per packet, \(t.syncType.shortName) (safe ceil(N)+1 in brackets)", ""]
        var header = "rate".padding(toLength: 12, withPad: " ", startingAt: 0) + "frames".padding(toLength: 10, withPad: " ", startingAt: 0)
        for s in t.subslotSizes { header += "\(s) B".padding(toLength: 14, withPad: " ", startingAt: 0) }
        lines.append(header)
        for row in t.rows {
            var line = "\(row.sampleRate)".padding(toLength: 12, withPad: " ", startingAt: 0)
                + "\(row.framesPerPacket) [\(row.framesSafe)]".padding(toLength: 10, withPad: " ", startingAt: 0)
            for (i, _) in t.subslotSizes.enumerated() {
                line += "\(row.maxChannels[i]) [\(row.maxChannelsSafe[i])]".padding(toLength: 14, withPad: " ", startingAt: 0)
            }
            lines.append(line)
        }
        lines.append("")
        lines.append("255 is the bNrChannels ceiling; 0 means not even one channel fits.")
        return lines.joined(separator: "\n")
    }

    static func bus(_ r: BusTimeReport) -> String {
        let head: String
        switch r.verdict {
        case .fits: head = "Bus time: FITS"
        case .fitsOnlyIfSpread: head = "Bus time: FITS ONLY IF the host spreads the longer-period endpoints"
        case .exceeds: head = "Bus time: DOES NOT FIT (\(BusTimeReport.microseconds(r.unavoidableOverrunNanoseconds)) over)"
        }
        return head + "\n\n" + wrap(r.explanation)
    }

    /// Wraps at `width`, keeping the text's leading spaces and indenting continuation lines
    /// `hanging` more.
    static func wrap(_ text: String, width: Int = 100, hanging: Int = 0) -> String {
        let indent = String(text.prefix { $0 == " " })
        let pad = indent + String(repeating: " ", count: hanging)
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += line.isEmpty ? (lines.isEmpty ? indent : pad) + word : " " + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n")
    }
}
