/// Bandwidth verdicts of the bandwidth engine (BandwidthDeviceReport) turned into findings.
/// UAC1 alternate settings are judged at the rates of their own format descriptor, UAC2/UAC3 ones at
/// the rates of `CheckOptions.rates` (their rates are only known live, from GET RANGE).
struct BandwidthFacts: Sendable {
    let deviceIndex: Int
    let configurationIndex: Int
    let report: BandwidthDeviceReport
    let uac1Report: BandwidthDeviceReport

    /// Alt reports of every section, each from the report whose rates fit its class.
    var sections: [(BandwidthSpeedSection, [BandwidthAltReport])] {
        report.sections.enumerated().map { i, s in
            let uac1 = i < uac1Report.sections.count ? uac1Report.sections[i].alts.filter { $0.audioClass == "UAC1" } : []
            return (s, s.alts.filter { $0.audioClass != "UAC1" } + uac1)
        }
    }

    /// Facts per device and configuration at the speed each device is judged at in this pass.
    static func make(_ devices: [USBDevice], _ speeds: [USBSpeed?], _ options: CheckOptions) -> [BandwidthFacts] {
        var out: [BandwidthFacts] = []
        for (di, dev) in devices.enumerated() where di < speeds.count {
            guard let speed = speeds[di], speed != .low else { continue }
            let count = dev.configurations.filter { !$0.isOtherSpeed }.count
            for ci in 0..<count {
                let input = BandwidthDeviceInput(device: dev, configurationIndex: ci)
                out.append(BandwidthFacts(deviceIndex: di, configurationIndex: ci,
                                          report: BandwidthDeviceReport(input, speed: speed, rates: options.rates),
                                          uac1Report: BandwidthDeviceReport(input, speed: speed, rates: nil)))
            }
        }
        return out
    }

    /// For a device judged at several speeds: the bandwidth sentences (UAC2 alts at `--rates`, UAC1
    /// alts at their own rates).
    static func bySpeedSentences(_ dev: USBDevice, _ judgement: SpeedJudgement, _ options: CheckOptions) -> [String] {
        let speeds = judgement.speeds.filter { $0 != .low }
        return BandwidthDeviceReport.bySpeedSentences(speeds.map { s in
            (s, make([dev], [s], options).flatMap { f in f.sections.filter { !$0.0.otherSpeedConfiguration }.flatMap(\.1) })
        })
    }
}

enum BandwidthChecks {
    /// Said once per device whose speed nothing proves (the same in every per-speed pass).
    @Sendable static func unknownSpeed(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for (i, d) in ci.devices.enumerated() where !d.judgement.isKnown {
            let dev = ci.input.devices[i]
            let hasAudio = dev.configurations.contains { $0.altSettings.contains { $0.isAudioStreaming } }
            guard hasAudio else { continue }
            let speeds = d.judgement.speeds.map(\.displayName)
            out.append(ci.finding(FindingLocation(device: i, source: dev.device?.location ?? SourceLocation()),
                                  ["reasons": d.speedReason, "speeds": speeds.joined(separator: " and at "),
                                   "options": d.judgement.speeds.map { "--speed \($0.rawValue)" }.joined(separator: " or ")]))
        }
        return out
    }

    /// The configuration scope a facts entry describes (other-speed sections use the other-speed one).
    static func scope(_ ci: CheckInput, _ f: BandwidthFacts, otherSpeed: Bool) -> ConfigScope? {
        let mine = ci.configs.filter { $0.deviceIndex == f.deviceIndex }
        if otherSpeed { return mine.first { $0.config.isOtherSpeed } }
        let normal = mine.filter { !$0.config.isOtherSpeed }
        return f.configurationIndex < normal.count ? normal[f.configurationIndex] : nil
    }

    static func rule(for b: IsoPacketBudget) -> String? {
        switch b.verdict {
        case .fits: return nil
        case .exceedsSpeedLimit:
            // Only the ±1 rule's extra frame is over the limit: the nominal frames fit a synchronous stream.
            let nominal = b.framesSynchronous * b.bytesPerFrame
            return b.request.syncType != .synchronous && nominal <= b.capacity.speedLimitBytes ? "UAC-BW-007" : "UAC-BW-001"
        case .needsLargerMaxPacketSize:
            return b.framesSynchronous * b.bytesPerFrame > b.capacity.availableBytes ? "UAC-BW-002" : "UAC-BW-003"
        }
    }

    /// wMaxPacketSize that carries `bytes` at this speed: one transaction, or up to 3 at high speed.
    static func encode(_ bytes: Int, speed: USBSpeed) -> (raw: Int, mult: Int, per: Int) {
        guard speed == .high, bytes > 1024 else { return (bytes, 1, bytes) }
        let mult = min(3, (bytes + 1023) / 1024)
        let per = (bytes + mult - 1) / mult
        return (((mult - 1) << 11) | per, mult, per)
    }

    /// The alts whose worst failing rate `rule(for:)` gives to the rule being checked.
    @Sendable static func altVerdicts(_ ci: CheckInput) -> [Finding] {
        let id = ci.rule.id
        var out: [Finding] = []
        for f in ci.bandwidth {
            for (section, alts) in f.sections {
                guard let s = scope(ci, f, otherSpeed: section.otherSpeedConfiguration) else { continue }
                for a in alts {
                    // The worst failing rate of this alt decides its finding.
                    let failing = a.verdicts.compactMap(\.budget).filter { $0.verdict != .fits }
                    guard let b = failing.max(by: { $0.bytesPerPacket < $1.bytesPerPacket }), rule(for: b) == id else { continue }
                    guard let alt = s.config.interface(a.interfaceNumber)?.alternates.first(where: { $0.alternateSetting == a.alternateSetting })
                    else { continue }
                    let st = AudioStreamingAlt(version: AudioClassVersion(protocol: alt.interfaceProtocol), alt: alt)
                    // Full-speed UAC1 packets are 1 ms whatever bInterval says (Linux ignores it); UAC-EP-011 reports it.
                    if st.version == .uac1 && section.speed == .full && (st.dataEndpoint?.bInterval ?? 1) != 1 { continue }
                    out.append(ci.finding(s.loc(alt, endpoint: st.dataEndpoint), values(b, a, st, assumed: a.rateSource != .descriptor)))
                }
            }
        }
        return out
    }

    static func values(_ b: IsoPacketBudget, _ a: BandwidthAltReport, _ st: AudioStreamingAlt, assumed: Bool) -> [String: String] {
        let r = b.request
        let unit = r.speed == .full || r.bInterval > 1 ? "packet" : "microframe"
        let rate = RuleText.rate(r.sampleRate)
        let enc = encode(b.bytesPerPacket, speed: r.speed)
        let l = b.largest
        var v: [String: String] = [
            "subject": "\(a.label) (\(r.channels) ch × \(r.subslotBytes) B, \(r.syncType.shortName))",
            "frames": "\(b.framesPerPacket)", "frameBytes": "\(b.bytesPerFrame)", "needed": "\(b.bytesPerPacket)",
            "unit": unit, "rate": rate, "rateNote": assumed ? " (a UAC2 rate, from --rates: the descriptors do not list UAC2 rates)" : "", "speed": r.speed.displayName, "limit": "\(b.capacity.speedLimitBytes)",
            "declared": "\(b.capacity.availableBytes)", "address": RuleText.hex(Int(st.dataEndpoint?.address ?? 0)),
            "nominalFrames": "\(b.framesSynchronous)", "nominalBytes": "\(b.framesSynchronous * b.bytesPerFrame)",
            "sync": r.syncType == .asynchronous ? "asynchronous" : r.syncType == .adaptive ? "adaptive" : r.syncType.shortName,
            "maxChannels": "\(l.maxChannels)", "subslot": "\(r.subslotBytes)",
            "maxSubslot": l.maxSubslotBytes.map { "\($0)-byte subslots for \(r.channels) channels" } ?? "no subslot size for \(r.channels) channels",
            "maxRate": l.maxStandardSampleRate.map { "\(r.channels) ch × \(r.subslotBytes) B fits up to \(RuleText.rate($0))" }
                ?? "\(r.channels) ch × \(r.subslotBytes) B fits at no common rate",
            "neededHex": RuleText.hex(enc.raw, 4),
            "plusOne": b.bytesPerPacket > b.framesSynchronous * b.bytesPerFrame ? " (\(b.bytesPerPacket) B with the ±1 frame)" : "",
            "hsFix": enc.mult > 1 ? " = \(enc.mult) transactions of \(enc.per) B per microframe (older macOS, TN2274 of 2013: one transaction per microframe; TN3190 of 2025, which supersedes it, documents up to 3072 B per 125 µs)" : "",
        ]
        if r.speed == .high && b.bytesPerPacket > 3072 { v["hsFix"] = " is not possible: split the channels over two endpoints" }
        v["otherwise"] = r.speed == .full ? "Otherwise split the channels over two endpoints or run at high speed."
            : "Otherwise split the channels over two endpoints."
        let nominal = b.framesSynchronous * b.bytesPerFrame
        let sync = encode(nominal, speed: r.speed)
        v["syncAttributes"] = RuleText.hex(Int(((st.dataEndpoint?.attributes ?? 0x05) & 0xF3) | 0x0C))
        v["syncMaxp"] = RuleText.hex(sync.raw, 4)
        v["syncMaxpText"] = sync.mult > 1 ? "\(sync.mult) transactions × \(sync.per) B" : "\(sync.raw) B"
        v["maxChannelsAsync"] = "\(min(255, b.capacity.speedLimitBytes / max(1, b.framesPerPacket * r.subslotBytes)))"
        return v
    }

    static func busTime(_ ci: CheckInput, exceeds: Bool) -> [Finding] {
        var out: [Finding] = []
        var seen = Set<String>()
        for f in ci.bandwidth {
            for section in f.report.sections {
                guard let s = scope(ci, f, otherSpeed: section.otherSpeedConfiguration) else { continue }
                // Interfaces that declare the same endpoint address cannot be active together (the host
                // drops the duplicate, USB-CH9-007), so such combinations are not judged here.
                let wanted = section.bus.failing.filter { ($0.busTime.verdict == .exceeds) == exceeds && !sharesEndpoint($0) }
                guard let worst = wanted.first, seen.insert("\(f.deviceIndex)|\(s.config.value)|\(section.otherSpeedConfiguration)").inserted else { continue }
                let full = section.speed == .full
                let others = wanted.count > 1 ? " (\(wanted.count) of the \(section.bus.combinationsChecked) combinations of alternate settings fail; this is the worst)" : ""
                out.append(ci.finding(s.loc(s.config.descriptor), [
                    "detail": "When " + worst.alternates.joined(separator: ", ") + " are active together: " + worst.busTime.explanation + others,
                    "budget": full ? "900 µs" : "100 µs", "frame": full ? "1 ms frame" : "125 µs microframe"]))
            }
        }
        return out
    }

    /// Two interfaces of the combination use one endpoint address (labels read "interface N alt M EP 0xAA").
    static func sharesEndpoint(_ c: BandwidthCombination) -> Bool {
        var owner: [String: String] = [:]
        for cost in c.busTime.costs {
            let parts = cost.endpoint.label.components(separatedBy: " EP ")
            guard parts.count == 2 else { continue }
            let interface = parts[0].components(separatedBy: " alt ").first ?? parts[0]
            if let o = owner[parts[1]], o != interface { return true }
            owner[parts[1]] = interface
        }
        return false
    }

    @Sendable static func transactions(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs where s.speed == .high {
            for (_, st) in FormatChecks.streams(s) {
                guard let ep = st.dataEndpoint, ep.transferType == .isochronous, ep.additionalTransactions > 0,
                      ep.additionalTransactions < 3 else { continue }
                var v = EndpointChecks.epValues(st, ep)
                v["transactions"] = "\(ep.additionalTransactions + 1)"; v["declared"] = "\(ep.maxPacketSize)"
                out.append(ci.finding(s.loc(st.alt, endpoint: ep), v))
            }
        }
        return out
    }
}
