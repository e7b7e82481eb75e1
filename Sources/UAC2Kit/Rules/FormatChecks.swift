/// Channel clusters and the AudioStreaming format descriptors.
enum FormatChecks {
    static func base(_ st: AudioStreamingAlt) -> [String: String] {
        ["interface": "\(st.interfaceNumber)", "alt": "\(st.alternateSetting)"]
    }

    static func streams(_ s: ConfigScope) -> [(AudioFunction, AudioStreamingAlt)] {
        s.functions.flatMap { f in f.streams.map { (f, $0) } }
    }

    @Sendable static func clusterBits(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for f in s.functions {
                for e in f.entities {
                    guard let nr = e.nrChannels, let cfg = e.channelConfig, cfg.nonzeroBitCount > nr else { continue }
                    out.append(ci.finding(s.loc(e), [
                        "subject": e.label, "nr": "\(nr)", "config": hexN(UInt64(cfg), digits: 8),
                        "bits": "\(cfg.nonzeroBitCount)", "names": RuleText.channelList(cfg),
                        "linuxMap": LinuxChannelMap.text(channels: nr, bits: cfg, version: f.version)]))
                }
                for st in f.streams where st.version == .uac2 {
                    guard let nr = st.nrChannels, let cfg = st.channelConfig, cfg.nonzeroBitCount > nr else { continue }
                    out.append(ci.finding(s.loc(st.general ?? st.alt.descriptor, interface: st.interfaceNumber, alt: st.alternateSetting), [
                        "subject": "Interface \(st.interfaceNumber) alt \(st.alternateSetting) (AS_GENERAL)", "nr": "\(nr)",
                        "config": hexN(UInt64(cfg), digits: 8), "bits": "\(cfg.nonzeroBitCount)", "names": RuleText.channelList(cfg),
                        "linuxMap": LinuxChannelMap.text(channels: nr, bits: cfg, version: .uac2)]))
                }
            }
        }
        return out
    }

    /// The channel count of the cluster a stream's linked terminal carries.
    static func terminalChannels(_ f: AudioFunction, _ t: AudioEntity) -> Int? {
        switch t.kind {
        case .inputTerminal: return t.nrChannels
        case .outputTerminal: return t.sourceIDs.first.flatMap { LengthChecks.outputChannels(f, $0)?.channels }
        default: return nil
        }
    }

    @Sendable static func streamVersusTerminal(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for (f, st) in streams(s) where st.version != .uac3 && st.dataEndpoint != nil {
                guard let n = st.nrChannels, n > 0, let link = st.terminalLink, let t = f.entity(link),
                      let tn = terminalChannels(f, t), tn > 0, tn != n else { continue }
                var v = base(st)
                v["asChannels"] = "\(n)"; v["terminal"] = t.label; v["terminalChannels"] = "\(tn)"
                v["countSource"] = st.version == .uac1 ? "the FORMAT_TYPE bNrChannels" : "AS_GENERAL bNrChannels"
                v["linuxMap"] = linuxStreamMap(st, channels: n)
                out.append(ci.finding(s.loc(st.general ?? st.alt.descriptor, interface: st.interfaceNumber, alt: st.alternateSetting), v))
            }
        }
        return out
    }

    /// What convert_chmap() gets for a stream whose channel count differs from its terminal's: UAC2
    /// passes AS_GENERAL's bmChannelConfig (the terminal's is borrowed only when the counts match);
    /// UAC1 zeroes wChannelConfig when the format's count differs from the Input Terminal's.
    static func linuxStreamMap(_ st: AudioStreamingAlt, channels n: Int) -> String {
        let bits = st.version == .uac2 ? (st.channelConfig ?? 0) : 0
        let map = LinuxChannelMap.text(channels: n, bits: bits, version: st.version)
        if n > LinuxChannelMap.maxChannels { return map }
        if bits != 0 { return "AS_GENERAL's own bmChannelConfig 0x\(hexN(UInt64(bits), digits: 8)): \(map)" }
        let why = st.version == .uac2 ? "AS_GENERAL bmChannelConfig is 0" : "UAC1 drops wChannelConfig when the counts differ"
        return "a guessed layout (\(why)): \(map)"
    }

    static func isSampled(_ st: AudioStreamingAlt) -> Bool { st.formatType == 1 || st.formatType == 3 }

    static func formatLoc(_ s: ConfigScope, _ st: AudioStreamingAlt) -> FindingLocation {
        s.loc(st.format ?? st.general ?? st.alt.descriptor, interface: st.interfaceNumber, alt: st.alternateSetting)
    }

    @Sendable static func subslotRange(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for (_, st) in streams(s) where isSampled(st) {
                guard let sub = st.subslotSize, !(1...4).contains(sub) else { continue }
                let bits = st.bitResolution ?? 16
                var v = base(st)
                v["subslot"] = "\(sub)"; v["bits"] = "\(bits)"; v["suggest"] = "\(min(4, max(1, (bits + 7) / 8)))"
                out.append(ci.finding(formatLoc(s, st), v))
            }
        }
        return out
    }

    @Sendable static func bitsInSubslot(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for (_, st) in streams(s) where isSampled(st) {
                guard let sub = st.subslotSize, (1...4).contains(sub), let bits = st.bitResolution, bits > sub * 8 else { continue }
                var v = base(st)
                v["subslot"] = "\(sub)"; v["bits"] = "\(bits)"; v["maxBits"] = "\(sub * 8)"
                v["suggest"] = "\(min(4, (bits + 7) / 8))"
                out.append(ci.finding(formatLoc(s, st), v))
            }
        }
        return out
    }

    static let formatNames = ["PCM", "PCM8", "IEEE_FLOAT", "ALAW", "MULAW"]

    static func formatList(_ v: UInt64) -> String {
        (0..<32).filter { v & (1 << UInt64($0)) != 0 }.map { $0 < formatNames.count ? formatNames[$0] : ($0 == 31 ? "TYPE_I_RAW_DATA" : "bit \($0)") }
            .joined(separator: ", ")
    }

    @Sendable static func formatBits(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for (_, st) in streams(s) where st.version == .uac2 && st.formatType == 1 && st.dataEndpoint != nil {
                guard let g = st.general, let fmts = g.field("bmFormats")?.value else { continue }
                let n = fmts.nonzeroBitCount
                guard n != 1 else { continue }
                var v = base(st)
                v["formats"] = hexN(fmts, digits: 8)
                v["problem"] = n == 0 ? "no format bit is set" : "\(n) formats are set at once (\(formatList(fmts)))"
                v["suggest"] = " (bit 0, PCM, for ordinary audio: bmFormats 0x00000001)"
                out.append(ci.finding(s.loc(g, interface: st.interfaceNumber, alt: st.alternateSetting), v))
            }
        }
        return out
    }

    @Sendable static func formatTypeAgreement(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for (_, st) in streams(s) where st.version == .uac2 {
                guard let g = st.general?["bFormatType"], let fd = st.format, let t = fd["bFormatType"], g != t else { continue }
                var v = base(st)
                v["general"] = "\(g)"; v["format"] = "\(t)"
                out.append(ci.finding(formatLoc(s, st), v))
            }
        }
        return out
    }

    @Sendable static func windowsTypeI(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for (_, st) in streams(s) where st.version == .uac2 && st.formatType == 1 && st.dataEndpoint != nil {
                guard let fmts = st.formats, fmts.nonzeroBitCount == 1, let sub = st.subslotSize, (1...4).contains(sub),
                      let bits = st.bitResolution, bits <= sub * 8 else { continue }
                var rule: String?
                var fix = ""
                if fmts == 1 && bits < 8 {
                    rule = "Windows plays PCM only with 8 to 32 bits"
                    fix = "Use bBitResolution 8 or more (e.g. \(sub * 8) for this \(sub)-byte subslot)."
                } else if fmts == 2 && (sub != 1 || bits != 8) {
                    rule = "Windows plays PCM8 only as bSubslotSize 1 with bBitResolution 8"
                    fix = "Use bSubslotSize 1 and bBitResolution 8 for PCM8, or declare PCM (bmFormats bit 0)."
                } else if fmts == 4 && (sub != 4 || bits != 32) {
                    rule = "Windows plays IEEE_FLOAT only as bSubslotSize 4 with bBitResolution 32"
                    fix = "Use bSubslotSize 4 and bBitResolution 32 for IEEE_FLOAT."
                }
                guard let rule else { continue }
                var v = base(st)
                v["format"] = formatList(fmts); v["subslot"] = "\(sub)"; v["bits"] = "\(bits)"; v["rule"] = rule; v["fixText"] = fix
                out.append(ci.finding(formatLoc(s, st), v))
            }
        }
        return out
    }

    @Sendable static func zeroChannels(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for (_, st) in streams(s) where st.dataEndpoint != nil && st.nrChannels == 0 {
                out.append(ci.finding(s.loc(st.general ?? st.alt.descriptor, interface: st.interfaceNumber, alt: st.alternateSetting), base(st)))
            }
        }
        return out
    }

    /// An alt that streams without AS_GENERAL/FORMAT_TYPE: an error on an audio-class alt (UAC-FMT-009);
    /// on a vendor-specific (class 255) alt it is a vendor format by design (UAC-FMT-011, info).
    static func missingFormat(_ ci: CheckInput, vendor: Bool) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for (_, st) in streams(s) where st.alternateSetting != 0 && st.dataEndpoint != nil && !s.mayBeCut(st.alt)
                && (st.alt.interfaceClass == 0xFF) == vendor {
                let noGeneral = st.general == nil
                let noFormat = st.format == nil && st.version != .uac3
                guard noGeneral || noFormat else { continue }
                var v = base(st)
                v["missing"] = noGeneral && noFormat ? "AS_GENERAL or FORMAT_TYPE" : noGeneral ? "AS_GENERAL" : "FORMAT_TYPE"
                v["linuxLine"] = noGeneral ? "UAC_AS_GENERAL descriptor not found" : "no UAC_FORMAT_TYPE desc"
                out.append(ci.finding(s.loc(st.alt), v))
            }
        }
        return out
    }

    @Sendable static func unsupportedType(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for (_, st) in streams(s) where st.version == .uac2 && st.dataEndpoint != nil {
                guard let t = st.format?["bFormatType"], t == 2 || t == 4 else { continue }
                var v = base(st)
                v["type"] = t == 2 ? "II" : "IV"
                v["support"] = t == 2 ? "the Windows USB Audio 2.0 driver does not support" : "neither Linux nor the Windows USB Audio 2.0 driver supports"
                out.append(ci.finding(formatLoc(s, st), v))
            }
        }
        return out
    }
}
