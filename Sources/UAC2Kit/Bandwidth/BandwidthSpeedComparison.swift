/// One device's bandwidth verdicts side by side when its speed is unknown: which streaming alts fit
/// at which speed, in the words a firmware developer can act on.
extension BandwidthDeviceReport {
    /// The sentences for this report's own sections (one per speed judged), or none when the speed is known.
    public var bySpeedSentences: [String] {
        guard !speed.isKnown else { return [] }
        return BandwidthDeviceReport.bySpeedSentences(sections.filter { !$0.otherSpeedConfiguration }.map { ($0.speed, $0.alts) })
    }

    /// One sentence per streaming alt whose verdict (at 48 kHz, or its lowest rate) depends on the
    /// speed, or that fits at none
    /// ("interface 1 alt 2 (12 ch × 16 bit) does not fit at full speed (48 kHz: 49 frames × 24 B =
    /// 1176 B > 1023 B; 10 channels fit) and fits at high speed"), then one for the alts that fit at
    /// every speed.
    public static func bySpeedSentences(_ perSpeed: [(USBSpeed, [BandwidthAltReport])]) -> [String] {
        guard let first = perSpeed.first?.1 else { return [] }
        let speeds = perSpeed.map(\.0)
        // Alts of one interface with the same format and verdicts make one sentence naming each.
        var sentences: [(interface: Int, alts: [Int], label: String, tail: String)] = []
        var fitEverywhere: [String] = []
        for alt in first {
            let reports = perSpeed.map { $0.1.first { $0.label == alt.label } }
            guard let any = reports.lazy.compactMap({ $0?.verdicts.compactMap(\.budget).first }).first else { continue }
            let format = " (\(formatText(any.request)))"
            let subject = alt.label + format
            // One rate stands for the alt: 48 kHz when it was checked (the common case), else the lowest.
            let rates = Set(reports.flatMap { $0?.verdicts.map(\.sampleRate) ?? [] })
            let reference = rates.contains(48000) ? 48000 : (rates.min() ?? 48000)
            let worst = reports.map { r in
                r?.verdicts.first { $0.sampleRate == reference }?.budget.flatMap { $0.verdict == .fits ? nil : $0 }
            }
            if worst.allSatisfy({ $0 == nil }) {
                fitEverywhere.append(subject)
                continue
            }
            let parts = zip(speeds, worst).map { s, b in
                b.map { "does not fit at \(s.displayName) (\(failureText($0)))" }
                    ?? "fits at \(s.displayName)" + (rates.count > 1 ? " at \(BandwidthExplainer.rateText(reference))" : "")
            }
            let tail = format + " " + parts.joined(separator: " and ")
            if let i = sentences.firstIndex(where: { $0.interface == alt.interfaceNumber && $0.tail == tail }) {
                sentences[i].alts.append(alt.alternateSetting)
            } else {
                sentences.append((alt.interfaceNumber, [alt.alternateSetting], alt.label, tail))
            }
        }
        var out = sentences.map { s in
            (s.alts.count == 1 ? s.label : "interface \(s.interface) alts " + RuleText.and(s.alts.map(String.init))) + s.tail
        }
        if !fitEverywhere.isEmpty {
            let list = fitEverywhere.count > 4 ? "\(fitEverywhere.count) other streaming alts" : fitEverywhere.joined(separator: ", ")
            out.append("\(list) \(fitEverywhere.count == 1 ? "fits" : "fit") at \(speeds.map(\.displayName).joined(separator: " and "))")
        }
        return out
    }

    /// "12 ch × 16 bit", "2 ch × 24 bit in 4 B".
    static func formatText(_ r: BandwidthRequest) -> String {
        "\(r.channels) ch × \(r.bitResolution) bit" + (r.bitResolution == r.subslotBytes * 8 ? "" : " in \(r.subslotBytes) B")
    }

    /// "48 kHz: 49 frames × 24 B = 1176 B > 1023 B; 10 channels fit".
    static func failureText(_ b: IsoPacketBudget) -> String {
        let n = b.largest.maxChannels
        let fit = n == 0 ? "no channel count fits" : n == 1 ? "1 channel fits" : "\(n) channels fit"
        return "\(BandwidthExplainer.rateText(b.request.sampleRate)): \(b.framesPerPacket) frames × \(b.bytesPerFrame) B = \(b.bytesPerPacket) B > \(b.capacity.availableBytes) B; \(fit)"
    }
}
