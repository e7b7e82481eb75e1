/// A per-function summary under the descriptor tree: the topology and each streaming alt in one line.
public enum AudioSummary {
    public static func render(_ c: Configuration, _ ctx: RenderContext, ordinal: Int = 1, of count: Int = 1) -> String {
        let functions = c.audioFunctions
        guard !functions.isEmpty else { return "" }
        var out = ""
        for (i, f) in functions.enumerated() {
            let ifs = f.interfaceNumbers.map(String.init).joined(separator: ", ")
            let which = count > 1 ? " (configuration descriptor \(ordinal) of \(count))" : ""
            out += "\nAudio function \(i + 1) of configuration \(c.value)\(c.isOtherSpeed ? " (other speed)" : "")\(which): \(f.version.rawValue), interfaces \(ifs)\n"
            if !f.entities.isEmpty { out += "  Topology:\n" }
            for e in f.entities { out += "    " + entityLine(e, f) + "\n" }
            if !f.streams.isEmpty { out += "  Streaming alternate settings:\n" }
            for s in f.streams { out += "    " + streamLine(s, f) + "\n" }
        }
        return out
    }

    public static func channelList(_ config: UInt32?, uac1: Bool) -> String? {
        guard let c = config, c != 0 else { return nil }
        let names = uac1 ? USBNames.uac1ChannelNames : USBNames.uac2ChannelNames
        return (0..<32).filter { c >> UInt32($0) & 1 == 1 }
            .map { $0 < names.count ? FieldRenderer.shortName(names[$0]) : "bit\($0)" }.joined(separator: " ")
    }

    static func entityLine(_ e: AudioEntity, _ f: AudioFunction) -> String {
        var s = e.label + ":"
        switch e.kind {
        case .clockSource:
            s += " " + FieldRenderer.clockAttributes(UInt64(e.descriptor["bmAttributes"] ?? 0))
            if let c = e.descriptor.field("bmControls"), f.version == .uac2 {
                let ctl = FieldRenderer.controls(c.value, width: 1, names: ["Frequency", "Validity"])
                s += ctl.isEmpty ? "; no controls" : "; " + ctl.joined(separator: ", ")
            }
        case .clockSelector:
            s += " selects clock " + e.clockSourceIDs.map(String.init).joined(separator: " or ")
        case .clockMultiplier:
            s += " multiplies clock " + e.clockSourceIDs.map(String.init).joined(separator: ", ")
        default:
            var parts: [String] = []
            if !e.sourceIDs.isEmpty { parts.append("from " + e.sourceIDs.map(String.init).joined(separator: ", ")) }
            if let n = e.nrChannels {
                var c = "\(n) ch"
                if let names = channelList(e.channelConfig, uac1: f.version == .uac1) { c += " (\(names))" }
                parts.append(c)
            }
            if e.kind.isTerminal || e.kind == .sampleRateConverter, !e.clockSourceIDs.isEmpty {
                parts.append("clock " + e.clockSourceIDs.map(String.init).joined(separator: ", "))
            }
            s += parts.isEmpty ? "" : " " + parts.joined(separator: "; ")
        }
        return s
    }

    static func streamLine(_ s: AudioStreamingAlt, _ f: AudioFunction) -> String {
        var line = "\(s.label):"
        guard let ep = s.dataEndpoint else { return line + " no data endpoint (zero-bandwidth setting)" }
        line += s.direction == .in ? " IN (device to host)" : " OUT (host to device)"
        if let c = s.nrChannels {
            line += " \(c) ch"
            if let names = channelList(s.channelConfig, uac1: s.version == .uac1) { line += " (\(names))" }
        }
        if let b = s.bitResolution, let sub = s.subslotSize { line += ", \(b)-bit in \(sub)-byte subslots" }
        if let t = s.terminalLink { line += ", terminal \(t)" }
        line += "; EP 0x\(hex2(ep.address)) \(ep.transferType.rawValue)"
        if ep.transferType == .isochronous { line += " \(ep.syncType.rawValue)" }
        line += ", \(ep.additionalTransactions + 1) x \(ep.maxPacketSize) bytes, bInterval \(ep.bInterval)"
        if let fb = s.feedbackEndpoint { line += "; feedback EP 0x\(hex2(fb.address)) (\(fb.maxPacketSize) bytes)" }
        else if ep.usageType == .implicitFeedback { line += "; implicit feedback data" }
        if let rates = s.sampleRates {
            switch rates {
            case .discrete(let r): line += "; rates " + r.map { "\($0)" }.joined(separator: ", ") + " Hz"
            case .continuous(let lo, let hi): line += "; rates \(lo)..\(hi) Hz (continuous)"
            }
        }
        if let t = s.terminalLink, let e = f.entity(t) {
            let clk = e.clockSourceIDs.first.map { f.clockPath(from: $0) }
            if let src = clk?.sources.first { line += "; clock source \(src.id)" }
        }
        return line
    }
}
