/// AudioStreaming endpoints, synchronisation and intervals.
enum EndpointChecks {
    static func streams(_ s: ConfigScope) -> [(AudioFunction, AudioStreamingAlt)] { FormatChecks.streams(s) }

    static func epValues(_ st: AudioStreamingAlt, _ ep: Endpoint) -> [String: String] {
        ["interface": "\(st.interfaceNumber)", "alt": "\(st.alternateSetting)", "address": RuleText.hex(Int(ep.address)),
         "bInterval": "\(ep.bInterval)"]
    }

    @Sendable static func altZeroEndpoints(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for alt in s.config.altSettings where alt.isAudioStreaming && alt.alternateSetting == 0 && !alt.endpoints.isEmpty {
                let list = alt.endpoints.map { "0x\(RuleText.hex(Int($0.address))), wMaxPacketSize \($0.maxPacketSize)" }
                out.append(ci.finding(s.loc(alt, endpoint: alt.endpoints[0]), [
                    "interface": "\(alt.interfaceNumber)", "count": "\(alt.endpoints.count)", "endpoints": list.joined(separator: "; ")]))
            }
        }
        return out
    }

    @Sendable static func missingDataEndpoint(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for alt in s.config.altSettings where alt.isAudioStreaming && alt.alternateSetting != 0 {
                let iso = alt.endpoints.filter { $0.transferType == .isochronous && $0.usageType != .feedback }
                guard iso.isEmpty, !s.mayBeCut(alt) else { continue }
                // A UAC1 alt with no endpoint and no class-specific descriptor describes no stream: a second
                // zero-bandwidth setting (Logitech G933/G935 interface 2 alt 1). Linux skips it without a word,
                // UAC1 hosts select only alts that carry a format, and the Microsoft rule quoted is usbaudio2's.
                if alt.interfaceProtocol == 0, alt.endpoints.isEmpty, alt.classSpecific.isEmpty { continue }
                let what = alt.endpoints.isEmpty ? "no endpoint"
                    : "no isochronous data endpoint (only " + alt.endpoints.map { "\($0.transferType.rawValue) \($0.usageType.rawValue) 0x\(RuleText.hex(Int($0.address)))" }.joined(separator: ", ") + ")"
                out.append(ci.finding(s.loc(alt), [
                    "interface": "\(alt.interfaceNumber)", "alt": "\(alt.alternateSetting)", "what": what]))
            }
        }
        return out
    }

    /// Linux's generic UAC2 implicit-feedback rule (sound/usb/implicit.c, add_generic_uac2_implicit_fb): for an
    /// asynchronous OUT alt with exactly one endpoint, the next interface's alt with the same number must be a
    /// UAC2 AudioStreaming alt whose first endpoint is an isochronous IN endpoint with usage Implicit feedback.
    static func linuxImplicitPartner(_ s: ConfigScope, _ st: AudioStreamingAlt) -> Endpoint? {
        guard st.alt.endpoints.count == 1, st.alt.interfaceProtocol == 0x20,
              let next = s.config.interface(st.interfaceNumber + 1),
              let alt = next.alternates.first(where: { $0.alternateSetting == st.alternateSetting }),
              alt.isAudioStreaming, alt.interfaceProtocol == 0x20, let ep = alt.endpoints.first,
              ep.isIn, ep.transferType == .isochronous, ep.usageType == .implicitFeedback else { return nil }
        return ep
    }

    /// Apple's criterion (TN2274 Table 4, TN3190): an input endpoint of the same function marked Implicit
    /// feedback, with the OUT endpoint's bInterval. Any alternate setting of it serves.
    static func declaredImplicitSource(_ f: AudioFunction, _ out: Endpoint) -> (AudioStreamingAlt, Endpoint)? {
        for st in f.streams {
            for ep in st.alt.endpoints where ep.isIn && ep.transferType == .isochronous && ep.usageType == .implicitFeedback
                && ep.bInterval == out.bInterval {
                return (st, ep)
            }
        }
        return nil
    }

    /// Asynchronous OUT alternate settings with no explicit feedback endpoint, with the function they belong to.
    static func asyncOutWithoutFeedback(_ s: ConfigScope) -> [(AudioFunction, AudioStreamingAlt, Endpoint)] {
        streams(s).compactMap { f, st in
            guard st.version != .uac1, let ep = st.dataEndpoint, !ep.isIn, ep.transferType == .isochronous,
                  ep.syncType == .asynchronous, st.feedbackEndpoint == nil else { return nil }
            return (f, st, ep)
        }
    }

    /// No feedback of any kind a host can find: neither an explicit feedback endpoint nor an input endpoint
    /// the device marks as its implicit-feedback source.
    @Sendable static func asyncWithoutFeedback(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for (f, st, ep) in asyncOutWithoutFeedback(s) where declaredImplicitSource(f, ep) == nil {
                var v = epValues(st, ep)
                v["implicit"] = ""
                v["fbSize"] = s.speed == .full ? "3" : s.speed == .high ? "4" : "3 at full speed or 4 at high speed"
                v["fbInterval"] = s.speed == .full ? "1" : "4"
                v["fbFormat"] = s.speed == .full ? "10.14" : s.speed == .high ? "16.16" : "10.14 (full speed) or 16.16 (high speed)"
                v["nextInterface"] = "\(st.interfaceNumber + 1)"
                out.append(ci.finding(s.loc(st.alt, endpoint: ep), v))
            }
        }
        return out
    }

    /// A deliberate implicit-feedback design (the IN endpoint says so): Linux and macOS pace playback from the
    /// recording stream, Windows' in-box driver cannot. Also says when Linux's generic rule does not reach
    /// this particular alternate setting, because then snd-usb-audio plays it at the nominal rate.
    @Sendable static func implicitFeedbackOnly(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for (f, st, ep) in asyncOutWithoutFeedback(s) {
                guard let (src, srcEP) = declaredImplicitSource(f, ep) else { continue }
                var v = epValues(st, ep)
                v["source"] = RuleText.hex(Int(srcEP.address))
                v["sourceInterface"] = "\(src.interfaceNumber)"
                v["sourceAlt"] = "\(src.alternateSetting)"
                v["nextInterface"] = "\(st.interfaceNumber + 1)"
                if linuxImplicitPartner(s, st) != nil {
                    v["linux"] = "snd-usb-audio's generic UAC2 rule pairs it with IN endpoint 0x\(v["source"]!) of interface \(st.interfaceNumber + 1) alt \(st.alternateSetting) and paces playback from it"
                } else {
                    v["linux"] = "snd-usb-audio's generic UAC2 rule looks only at interface \(st.interfaceNumber + 1) alt \(st.alternateSetting) (same alternate setting number, first endpoint an implicit-feedback IN endpoint, and a single endpoint in the OUT alt); it finds no partner there, so unless a quirk names this device it plays this alt at the nominal rate and the device's buffer drifts"
                }
                out.append(ci.finding(s.loc(st.alt, endpoint: ep), v))
            }
        }
        return out
    }

    static func feedbacks(_ s: ConfigScope) -> [(AudioFunction, AudioStreamingAlt, Endpoint)] {
        streams(s).compactMap { f, st in st.feedbackEndpoint.map { (f, st, $0) } }
    }

    /// USB 2.0 §5.12.4.2: feedback carries Ff for an asynchronous sink or an adaptive source; a
    /// synchronous endpoint (or an adaptive sink) is paced by SOF, so a feedback endpoint there is
    /// a contradiction in the descriptors (seen on the Scarlett 2i2 2nd gen: synchronous OUT + 0x81).
    @Sendable static func feedbackWithoutNeed(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for (_, st, fb) in feedbacks(s) {
                guard let ep = st.dataEndpoint, ep.transferType == .isochronous else { continue }
                let needsFeedback = ep.isIn ? ep.syncType == .adaptive : ep.syncType == .asynchronous
                guard !needsFeedback else { continue }
                var v = epValues(st, ep)
                v["feedback"] = RuleText.hex(Int(fb.address))
                v["direction"] = ep.isIn ? "IN" : "OUT"
                v["sync"] = ep.syncType.rawValue
                v["asyncAttributes"] = "0x" + RuleText.hex(Int((ep.attributes & 0xF3) | 0x04))
                out.append(ci.finding(s.loc(st.alt, endpoint: ep), v))
            }
        }
        return out
    }

    @Sendable static func feedbackSize(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            guard s.speed == .full || s.speed == .high else { continue }
            for (_, st, fb) in feedbacks(s) {
                let size = fb.maxPacketSize
                // UAC1 predates high speed and defines a 3-byte 10.14 synch value; hosts accept it there.
                let ok = s.speed == .full || st.version == .uac1 ? (size == 3 || size == 4) : size == 4
                guard !ok else { continue }
                var v = epValues(st, fb)
                v["size"] = "\(size)"; v["speed"] = RuleText.speedName(s.speed!)
                v["format"] = s.speed == .full ? "10.14" : "16.16"
                v["expected"] = s.speed == .full ? "3" : "4"
                v["nominal"] = s.speed == .full ? "0x0C0000 (48 << 14)" : "0x00060000 (6 << 16 per microframe)"
                out.append(ci.finding(s.loc(st.alt, endpoint: fb), v))
            }
        }
        return out
    }

    /// At high speed the 16.16 value is frames per microframe (USB 2.0 §5.12.4.2); for an OUT endpoint
    /// serviced every 2^(bInterval−1) microframes, Linux's f_uac2 gadget sends frames per data packet
    /// instead (commit f5dfd98a80ff: Windows 10 and macOS honoured only that form in its author's
    /// tests). With bInterval 1 the two are one number, so only longer intervals are ambiguous.
    @Sendable static func perPacketFeedbackForm(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs where s.speed == .high {
            for (_, st, fb) in feedbacks(s) {
                guard let ep = st.dataEndpoint, ep.transferType == .isochronous, !ep.isIn, ep.syncType == .asynchronous,
                      (2...4).contains(ep.bInterval) else { continue }
                let rate = ci.options.rates.first ?? 48000
                let microframes = 1 << (ep.bInterval - 1)
                var v = epValues(st, ep)
                v["feedback"] = RuleText.hex(Int(fb.address))
                v["period"] = RuleText.period(ep.bInterval, .high)
                v["rate"] = RuleText.rate(rate)
                v["perMicroframe"] = frames(Double(rate) / 8000) + " frames"
                v["perPacket"] = frames(Double(rate * microframes) / 8000) + " frames per \(RuleText.period(ep.bInterval, .high)) packet"
                v["perMicroframeHex"] = hexN(UInt64(rate) * 65536 / 8000, digits: 8)
                v["perPacketHex"] = hexN(UInt64(rate * microframes) * 65536 / 8000, digits: 8)
                v["framesPerMicroframe"] = "\(Int((Double(rate) / 8000).rounded(.down)) + 1)"
                // Linux prints (32 − res).res with res = 16 − shift; the per-packet value needs a right
                // shift of bInterval − 1 (VM suite, f_uac2 at bInterval 4: "Feedback Format = 13.19").
                let res = 16 + (ep.bInterval - 1)
                v["linuxPerPacket"] = "\(32 - res).\(res)"
                out.append(ci.finding(s.loc(st.alt, endpoint: ep), v))
            }
        }
        return out
    }

    /// "6.0", "5.5125": frames to at most four decimals, without Foundation.
    static func frames(_ x: Double) -> String {
        let tenThousandths = Int((x * 10000).rounded())
        var frac = String(tenThousandths % 10000)
        frac = String(repeating: "0", count: 4 - frac.count) + frac
        while frac.count > 1 && frac.hasSuffix("0") { frac.removeLast() }
        return "\(tenThousandths / 10000).\(frac)"
    }

    @Sendable static func fullSpeedThreeByteFeedback(_ ci: CheckInput) -> [Finding] {
        ci.configs.filter { $0.speed == .full }.flatMap { s in
            feedbacks(s).filter { $0.1.version == .uac2 && $0.2.maxPacketSize == 3 }.map { _, st, fb in
                ci.finding(s.loc(st.alt, endpoint: fb), epValues(st, fb))
            }
        }
    }

    @Sendable static func fullSpeedFourByteFeedback(_ ci: CheckInput) -> [Finding] {
        ci.configs.filter { $0.speed == .full }.flatMap { s in
            feedbacks(s).filter { $0.2.maxPacketSize == 4 }.map { _, st, fb in
                ci.finding(s.loc(st.alt, endpoint: fb), epValues(st, fb))
            }
        }
    }

    @Sendable static func feedbackInterval(_ ci: CheckInput) -> [Finding] {
        ci.configs.filter { $0.speed == .high }.flatMap { s in
            feedbacks(s).filter { $0.2.bInterval > 4 && $0.2.bInterval <= 16 }.map { _, st, fb in
                var v = epValues(st, fb)
                v["period"] = RuleText.period(fb.bInterval, .high)
                return ci.finding(s.loc(st.alt, endpoint: fb), v)
            }
        }
    }

    @Sendable static func synchAddress(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for (_, st) in streams(s) {
                guard let ep = st.dataEndpoint, ep.transferType == .isochronous, let synch = ep.bSynchAddress else { continue }
                let needsSync = (!ep.isIn && ep.syncType == .asynchronous) || (ep.isIn && ep.syncType == .adaptive)
                let others = st.alt.endpoints.filter { $0.address != ep.address && $0.transferType == .isochronous }
                var problem: String?
                var fix = ""
                if synch != 0 {
                    if let target = others.first(where: { Int($0.address) == synch }) {
                        if target.isIn == ep.isIn {
                            problem = "which is an endpoint in the same direction as the data"
                            fix = "Point bSynchAddress at the synchronisation endpoint of the opposite direction."
                        }
                    } else if let sync = others.first {
                        problem = "but the synchronisation endpoint of this alternate setting is 0x\(RuleText.hex(Int(sync.address)))"
                        fix = "Set bSynchAddress to 0x\(RuleText.hex(Int(sync.address)))."
                    } else {
                        problem = "but this alternate setting has no endpoint with that address"
                        fix = "Add the synchronisation endpoint 0x\(RuleText.hex(synch)) to this alternate setting, or set bSynchAddress to 0."
                    }
                } else if needsSync, let sync = others.first(where: { $0.isIn != ep.isIn }) {
                    problem = "while this \(ep.syncType.rawValue) \(ep.isIn ? "IN" : "OUT") endpoint has synchronisation endpoint 0x\(RuleText.hex(Int(sync.address))) beside it"
                    fix = "Set bSynchAddress to 0x\(RuleText.hex(Int(sync.address)))."
                }
                guard let problem else { continue }
                var v = epValues(st, ep)
                v["synch"] = RuleText.hex(synch); v["problem"] = problem; v["fixText"] = fix
                out.append(ci.finding(s.loc(st.alt, endpoint: ep), v))
            }
        }
        return out
    }

    @Sendable static func implicitPairing(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for f in s.functions {
                let outs = f.streams.compactMap { st -> Endpoint? in
                    guard let ep = st.dataEndpoint, !ep.isIn, ep.syncType == .asynchronous else { return nil }
                    return ep
                }
                for st in f.streams {
                    for ep in st.alt.endpoints where ep.usageType == .implicitFeedback && ep.transferType == .isochronous {
                        var problem: String?
                        if outs.isEmpty {
                            problem = "no asynchronous OUT data endpoint in this audio function can use it"
                        } else if !outs.contains(where: { $0.bInterval == ep.bInterval }) {
                            problem = "no asynchronous OUT data endpoint of this function has its bInterval \(ep.bInterval) (they use \(Set(outs.map(\.bInterval)).sorted().map(String.init).joined(separator: ", ")))"
                        }
                        guard let problem else { continue }
                        var v = epValues(st, ep)
                        v["problem"] = problem
                        out.append(ci.finding(s.loc(st.alt, endpoint: ep), v))
                    }
                }
            }
        }
        return out
    }

    @Sendable static func highSpeedDataInterval(_ ci: CheckInput) -> [Finding] {
        ci.configs.filter { $0.speed == .high }.flatMap { s in
            streams(s).compactMap { _, st -> Finding? in
                guard st.version != .uac1, let ep = st.dataEndpoint, ep.transferType == .isochronous,
                      (5...16).contains(ep.bInterval) else { return nil }
                var v = epValues(st, ep)
                v["period"] = RuleText.period(ep.bInterval, .high)
                return ci.finding(s.loc(st.alt, endpoint: ep), v)
            }
        }
    }

    @Sendable static func uac1HighSpeedInterval(_ ci: CheckInput) -> [Finding] {
        ci.configs.filter { $0.speed == .high || $0.speed == .full }.flatMap { s in
            streams(s).compactMap { _, st -> Finding? in
                let expected = s.speed == .full ? 1 : 4
                guard st.version == .uac1, st.general != nil, let ep = st.dataEndpoint, ep.transferType == .isochronous,
                      (1...16).contains(ep.bInterval), ep.bInterval != expected else { return nil }
                var v = epValues(st, ep)
                v["period"] = RuleText.period(ep.bInterval, s.speed)
                v["speed"] = RuleText.speedName(s.speed!)
                v["expected"] = "\(expected)"
                v["expectedText"] = s.speed == .full ? "every 1 ms frame" : "8 microframes = 1 ms"
                v["otherHint"] = s.config.isOtherSpeed ? " (this is the other-speed configuration: its values must be the ones for \(RuleText.speedName(s.speed!)), not copies of the other speed's)" : ""
                return ci.finding(s.loc(st.alt, endpoint: ep), v)
            }
        }
    }

    @Sendable static func missingEndpointGeneral(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            // Alternate settings without AS_GENERAL are not audio formats (UAC-FMT-009 reports them).
            for (_, st) in streams(s) where st.alternateSetting != 0 && st.general != nil {
                guard let ep = st.dataEndpoint, ep.transferType == .isochronous else { continue }
                let cs = ep.classSpecific.filter { $0.bDescriptorType == DescriptorType.csEndpoint }
                guard !cs.contains(where: { $0.layout.subtype == "EP_GENERAL" }) else { continue }
                var v = epValues(st, ep)
                v["problem"] = cs.isEmpty ? "no class-specific EP_GENERAL descriptor after it" : "a class-specific endpoint descriptor that is not EP_GENERAL"
                v["size"] = st.version == .uac1 ? "7" : "8"
                out.append(ci.finding(s.loc(st.alt, endpoint: ep), v))
            }
        }
        return out
    }

    @Sendable static func nineByteEndpoint(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for (_, st) in streams(s) where st.version == .uac2 {
                for ep in st.alt.endpoints where ep.descriptor.bLength == 9 {
                    out.append(ci.finding(s.loc(st.alt, endpoint: ep), epValues(st, ep)))
                }
            }
        }
        return out
    }

    @Sendable static func feedbackDirection(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for (_, st) in streams(s) {
                guard let data = st.dataEndpoint else { continue }
                for fb in st.alt.endpoints where fb.address != data.address && fb.usageType == .feedback {
                    var problems: [String] = []
                    if fb.transferType != .isochronous { problems.append("a \(fb.transferType.rawValue) endpoint, not isochronous") }
                    if fb.isIn == data.isIn { problems.append("in the same direction (\(fb.isIn ? "IN" : "OUT")) as its data endpoint") }
                    guard !problems.isEmpty else { continue }
                    var v = epValues(st, fb)
                    v["data"] = RuleText.hex(Int(data.address)); v["problem"] = problems.joined(separator: " and ")
                    out.append(ci.finding(s.loc(st.alt, endpoint: fb), v))
                }
            }
        }
        return out
    }
}
