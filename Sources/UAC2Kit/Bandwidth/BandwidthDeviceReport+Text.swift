/// Plain-text lines of a device bandwidth report, for `decode --bandwidth` and `check`.
extension BandwidthDeviceReport {
    /// - Parameter explain: add the full explanation of the first rate that does not fit, per alt.
    public func textLines(explain: Bool = true) -> [String] {
        var lines: [String] = []
        lines.append("Bandwidth " + speed.headline)
        for sentence in bySpeedSentences { lines.append("  Per speed: " + sentence + ".") }
        for section in sections {
            var indent = "  "
            if section.otherSpeedConfiguration {
                lines.append("  Other Speed Configuration, checked at \(section.speed.displayName):")
                indent = "    "
            } else if !speed.isKnown {
                lines.append("  If the device runs at \(section.speed.displayName):")
                indent = "    "
            } else if sections.count > 1 {
                lines.append("  At \(section.speed.displayName):")
                indent = "    "
            }
            for alt in section.alts {
                lines.append(indent + altHeadline(alt) + ": " + alt.summary)
                if explain, let bad = alt.verdicts.first(where: { !$0.fits }) {
                    lines.append(indent + "    " + (bad.budget?.explanation(label: nil) ?? bad.error ?? ""))
                }
            }
            lines.append(indent + busLine(section))
            for c in section.bus.failing.prefix(5) {
                lines.append(indent + "    " + c.alternates.joined(separator: " + ") + ": " + c.busTime.explanation)
            }
        }
        return lines
    }

    func altHeadline(_ alt: BandwidthAltReport) -> String {
        guard let b = alt.verdicts.compactMap(\.budget).first else { return "\(alt.label) (\(alt.audioClass))" }
        let r = b.request
        let dir = alt.direction.map { $0 == .in ? "IN" : "OUT" } ?? "?"
        let fmt = BandwidthExplainer.formatName(bits: r.bitResolution, subslot: r.subslotBytes)
        let t = b.capacity.transactions > 1 ? " × \(b.capacity.transactions)" : ""
        return "\(alt.label) (\(alt.audioClass) \(dir), \(r.channels) ch, \(fmt), \(r.syncType.shortName), wMaxPacketSize \(b.capacity.bytesPerTransaction)\(t), bInterval \(r.bInterval))"
    }

    func busLine(_ s: BandwidthSpeedSection) -> String {
        let bus = s.bus
        if bus.combinationsChecked == 0 { return "bus time: " + (bus.note ?? "no periodic endpoints") }
        var text = "bus time: \(bus.combinationsChecked) combination\(bus.combinationsChecked == 1 ? "" : "s") of alt settings checked; "
        if bus.failingCount == 0 {
            text += "all fit"
        } else {
            text += "\(bus.failingCount) \(bus.failingCount == 1 ? "does" : "do") not fit"
        }
        if let h = bus.heaviest {
            text += " (heaviest: \(h.alternates.joined(separator: " + ")) = \(BusTimeReport.microseconds(h.busTime.worstCaseNanoseconds)) of \(BusTimeReport.microseconds(h.busTime.budgetNanoseconds)))"
        }
        if let n = bus.note { text += "; " + n }
        return text
    }
}
