/// SuperSpeed Endpoint Companion fields, per endpoint that has one (whatever the stated speed: the
/// companion's presence is the evidence that the descriptor is meant for SuperSpeed).
enum SuperSpeedChecks {
    /// The values every companion finding names: the endpoint and where usbcore says it is.
    static func place(_ s: ConfigScope, _ alt: AltSetting, _ ep: Endpoint) -> [String: String] {
        ["address": RuleText.hex(Int(ep.address)), "ADDRESS": RuleText.linuxHex(ep.address), "config": "\(s.config.value)",
         "interface": "\(alt.interfaceNumber)", "alt": "\(alt.alternateSetting)"]
    }

    /// Every endpoint with a companion, with its alternate setting and scope.
    static func companions(_ ci: CheckInput) -> [(ConfigScope, AltSetting, Endpoint, Descriptor)] {
        var out: [(ConfigScope, AltSetting, Endpoint, Descriptor)] = []
        for s in ci.configs {
            for alt in s.config.altSettings {
                for ep in alt.endpoints {
                    if let c = ep.companion, c.firstMissingField == nil { out.append((s, alt, ep, c)) }
                }
            }
        }
        return out
    }

    @Sendable static func maxBurst(_ ci: CheckInput) -> [Finding] {
        companions(ci).compactMap { s, alt, ep, c in
            guard let burst = c["bMaxBurst"], burst > 15 else { return nil }
            return ci.finding(s.loc(alt, endpoint: ep), place(s, alt, ep).merging(["burst": "\(burst)"]) { a, _ in a })
        }
    }

    @Sendable static func isoAttributes(_ ci: CheckInput) -> [Finding] {
        companions(ci).compactMap { s, alt, ep, c in
            guard let raw = c["bmAttributes"], ep.transferType == .isochronous, raw & 0x3 == 3 else { return nil }
            var problems = ["bits 1..0 are 11, Mult 3 (4 bursts per service interval), and Mult is at most 2"]
            if raw & 0x7C != 0 { problems.append("reserved bits 6..2 are set too (0x\(RuleText.hex(raw & 0x7C)))") }
            let ssp = raw & 0x80 != 0
            var v = place(s, alt, ep)
            v["raw"] = RuleText.hex(raw)
            v["problem"] = problems.joined(separator: "; ")
            v["sspNote"] = ssp ? "; bit 7 says a SuperSpeedPlus isochronous companion follows, with the bytes per interval in dwBytesPerInterval" : ""
            // usbcore checks Mult only without bit 7 (USB_SS_SSP_ISOC_COMP); with it, it looks for
            // the SuperSpeedPlus companion instead.
            v["linuxLine"] = ssp
                ? "usbcore does not check Mult when bit 7 is set; it expects a SuperSpeedPlus isochronous companion next (\"Invalid SuperSpeedPlus isoc endpoint companion…\" without one)"
                : "\"Isoc endpoint has Mult of \((raw & 3) + 1) in config \(s.config.value) interface \(alt.interfaceNumber) altsetting \(alt.alternateSetting) ep 0x\(RuleText.linuxHex(ep.address)): setting to 3\""
            return ci.finding(s.loc(alt, endpoint: ep), v)
        }
    }

    @Sendable static func bytesPerInterval(_ ci: CheckInput) -> [Finding] {
        companions(ci).compactMap { s, alt, ep, c in
            guard ep.transferType == .isochronous || ep.transferType == .interrupt,
                  let bpi = c["wBytesPerInterval"], let burst = c["bMaxBurst"], let raw = c["bmAttributes"] else { return nil }
            // As usbcore computes it: burst clamped to 16 packets, Mult (isochronous only, without
            // the SuperSpeedPlus bit) clamped to 3.
            let packets = min(burst, 15) + 1
            let mult = ep.transferType == .isochronous && raw & 0x80 == 0 ? min(raw & 3, 2) + 1 : 1
            let capacity = packets * mult * ep.maxPacketSize
            guard bpi > capacity else { return nil }
            return ci.finding(s.loc(alt, endpoint: ep), place(s, alt, ep).merging([
                "bpi": "\(bpi)", "burstPackets": "\(packets)", "mult": "\(mult)", "maxp": "\(ep.maxPacketSize)",
                "capacity": "\(capacity)", "kind": ep.transferType == .isochronous ? "Isoc" : "Int"]) { a, _ in a })
        }
    }
}
