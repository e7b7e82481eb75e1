/// USB 2.0 chapter 9 structure: lengths, counts, numbering, endpoint fields.
enum Chapter9Checks {
    /// USB 2.0 §9.6 sizes; longer descriptors are legal (§9.5: the host ignores the extra bytes).
    static let minimumLength: [UInt8: Int] = [
        DescriptorType.device: 18, DescriptorType.configuration: 9, DescriptorType.otherSpeedConfiguration: 9,
        DescriptorType.interface: 9, DescriptorType.endpoint: 7, DescriptorType.deviceQualifier: 10,
        DescriptorType.interfaceAssociation: 8, DescriptorType.ssEndpointCompanion: 6,
    ]

    @Sendable static func standardLength(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        func check(_ d: Descriptor, _ scope: ConfigScope?) {
            guard let min = minimumLength[d.bDescriptorType], d.bLength >= 2, d.bLength < min else { return }
            let values = ["descriptor": d.layout.title, "bLength": "\(d.bLength)", "expected": "\(min)",
                          "config": scope.map { "\($0.config.value)" } ?? "?"]
            let loc = scope?.loc(d) ?? FindingLocation(source: d.location)
            out.append(ci.finding(loc, values))
        }
        for (di, dev) in ci.input.devices.enumerated() {
            for d in [dev.device, dev.qualifier].compactMap({ $0 }) {
                check(d, nil)
                _ = di
            }
        }
        for s in ci.configs { for d in s.config.sequence { check(d, s) } }
        return out
    }

    @Sendable static func totalLength(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        let cut = ci.input.diagnostics.contains { $0.severity == .error }
        for s in ci.configs {
            guard let declared = s.config.descriptor["wTotalLength"] else { continue }
            let actual = s.config.sequence.reduce(0) { $0 + $1.bytes.count }
            guard declared != actual else { continue }
            // lsusb -v does not print every descriptor (class-specific endpoint descriptors of vendor
            // interfaces, some video ones), so only a surplus is evidence in its text.
            if ci.input.format == .lsusb && actual < declared { continue }
            let index = s.device.configurations.firstIndex { $0.descriptor == s.config.descriptor } ?? 0
            out.append(ci.finding(s.loc(s.config.descriptor), [
                "config": "\(s.config.value)", "declared": "\(declared)", "actual": "\(actual)", "index": "\(index)",
                "inputNote": cut ? " (the input itself is cut short, see USB-READ-001: the device may be right)"
                    : s.cutShort ? " (the input ends there: if the capture was cut short, the device may be right)" : "",
            ]))
        }
        return out
    }

    @Sendable static func interfaceCount(_ ci: CheckInput) -> [Finding] {
        ci.configs.compactMap { s in
            guard let declared = s.config.descriptor["bNumInterfaces"] else { return nil }
            let numbers = s.config.interfaces.map(\.number).sorted()
            guard declared != numbers.count, !(s.cutShort && declared > numbers.count) else { return nil }
            return ci.finding(s.loc(s.config.descriptor), [
                "config": "\(s.config.value)", "declared": "\(declared)", "actual": "\(numbers.count)",
                "numbers": numbers.isEmpty ? "none" : RuleText.list(numbers)])
        }
    }

    @Sendable static func interfaceNumbering(_ ci: CheckInput) -> [Finding] {
        ci.configs.compactMap { s in
            let numbers = s.config.interfaces.map(\.number).sorted()
            guard !numbers.isEmpty, let missing = (0..<numbers.count).first(where: { !numbers.contains($0) }) else { return nil }
            return ci.finding(s.loc(s.config.descriptor), [
                "config": "\(s.config.value)", "numbers": RuleText.list(numbers), "missing": "\(missing)",
                "last": "\(numbers.count - 1)"])
        }
    }

    @Sendable static func endpointCount(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for alt in s.config.altSettings {
                guard let declared = alt.descriptor["bNumEndpoints"], declared != alt.endpoints.count,
                      !(s.mayBeCut(alt) && declared > alt.endpoints.count) else { continue }
                out.append(ci.finding(s.loc(alt), [
                    "config": "\(s.config.value)", "interface": "\(alt.interfaceNumber)", "alt": "\(alt.alternateSetting)",
                    "declared": "\(declared)", "actual": "\(alt.endpoints.count)"]))
            }
        }
        return out
    }

    @Sendable static func alternateNumbering(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for i in s.config.interfaces {
                let alts = i.alternates.map(\.alternateSetting)
                guard alts != Array(0..<alts.count), let first = i.alternates.first else { continue }
                out.append(ci.finding(s.loc(first.descriptor, interface: i.number), [
                    "config": "\(s.config.value)", "interface": "\(i.number)", "alts": RuleText.list(alts),
                    "last": "\(Set(alts).count - 1)"]))
            }
        }
        return out
    }

    @Sendable static func duplicateEndpoints(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            // First owner of each address: (interface, alt). Alternate settings of one interface may share.
            var owner: [UInt8: AltSetting] = [:]
            var reported = Set<String>()
            for alt in s.config.altSettings {
                var inThisAlt = Set<UInt8>()
                for ep in alt.endpoints {
                    let a = ep.address
                    var other: String?
                    if !inThisAlt.insert(a).inserted {
                        other = "another endpoint of the same alternate setting"
                    } else if let o = owner[a], o.interfaceNumber != alt.interfaceNumber {
                        other = "interface \(o.interfaceNumber) alt \(o.alternateSetting)"
                    }
                    if owner[a] == nil { owner[a] = alt }
                    guard let other, reported.insert("\(a)|\(alt.interfaceNumber)|\(other)").inserted else { continue }
                    out.append(ci.finding(s.loc(alt, endpoint: ep), [
                        "address": RuleText.hex(Int(a)), "ADDRESS": RuleText.linuxHex(a),
                        "interface": "\(alt.interfaceNumber)", "alt": "\(alt.alternateSetting)", "other": other]))
                }
            }
        }
        return out
    }

    @Sendable static func isoInterval(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for alt in s.config.altSettings {
                for ep in alt.endpoints where ep.transferType == .isochronous && !(1...16).contains(ep.bInterval) {
                    let suggest = s.speed == .full ? "1" : "4"
                    out.append(ci.finding(s.loc(alt, endpoint: ep), [
                        "address": RuleText.hex(Int(ep.address)), "ADDRESS": RuleText.linuxHex(ep.address),
                        "bInterval": "\(ep.bInterval)", "unit": RuleText.unit(s.speed), "suggest": suggest,
                        "period": s.speed == .full ? "one packet per 1 ms frame" : "one packet per 1 ms; 1 gives one per 125 µs microframe"]))
                }
            }
        }
        return out
    }

    @Sendable static func configAttributes(_ ci: CheckInput) -> [Finding] {
        ci.configs.compactMap { s in
            guard let v = s.config.descriptor["bmAttributes"], v & 0x80 == 0 else { return nil }
            return ci.finding(s.loc(s.config.descriptor), [
                "config": "\(s.config.value)", "value": RuleText.hex(v), "fixed": RuleText.hex(v | 0x80)])
        }
    }

    @Sendable static func fullSpeedBcd(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for (i, dev) in ci.input.devices.enumerated() where i < ci.devices.count {
            guard ci.devices[i].judgement.known == .full, let bcd = dev.bcdUSB, bcd >= 0x0200, dev.qualifier == nil,
                  !dev.configurations.contains(where: \.isOtherSpeed), let d = dev.device else { continue }
            out.append(ci.finding(FindingLocation(device: i, source: d.location),
                                  ["bcd": "0x" + RuleText.hex(bcd, 4)]))
        }
        return out
    }

    static func speedLimit(_ speed: USBSpeed) -> Int { speed == .full ? 1023 : 1024 }

    @Sendable static func maxPacketLimit(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            guard let speed = s.speed, speed != .low else { continue }
            let limit = speedLimit(speed)
            for alt in s.config.altSettings {
                for ep in alt.endpoints where ep.transferType == .isochronous && ep.maxPacketSize > limit {
                    out.append(ci.finding(s.loc(alt, endpoint: ep), [
                        "address": RuleText.hex(Int(ep.address)), "ADDRESS": RuleText.linuxHex(ep.address),
                        "declared": "\(ep.maxPacketSize)", "speed": RuleText.speedName(speed), "limit": "\(limit)",
                        "config": "\(s.config.value)", "interface": "\(alt.interfaceNumber)", "alt": "\(alt.alternateSetting)",
                        "hsHint": speed == .high ? "; at high speed up to 3 transactions of 1024 B per microframe are possible (wMaxPacketSize bits 12..11)" : ""]))
                }
            }
        }
        return out
    }

    @Sendable static func highBandwidthBits(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for alt in s.config.altSettings {
                for ep in alt.endpoints {
                    let bits = ep.additionalTransactions
                    let size = ep.maxPacketSize
                    let periodic = ep.transferType == .isochronous || ep.transferType == .interrupt
                    var problem: String?
                    if bits == 3 {
                        problem = "bits 12..11 are 11, which USB 2.0 reserves"
                    } else if bits > 0 && !periodic {
                        problem = "bits 12..11 ask for \(bits + 1) transactions per microframe on a \(ep.transferType.rawValue) endpoint; only isochronous and interrupt endpoints have them"
                    } else if bits > 0 && (s.speed == .full || s.speed == .low) {
                        problem = "bits 12..11 ask for \(bits + 1) transactions per microframe, which exist only at high speed"
                    } else if bits == 1 && size < 513 && s.speed == .high {
                        problem = "2 transactions per microframe need 513–1024 B each; \(size) B fits in one"
                    } else if bits == 2 && size < 683 && s.speed == .high {
                        problem = "3 transactions per microframe need 683–1024 B each; \(size) B fits in two"
                    }
                    guard let problem else { continue }
                    // Transactions per microframe exist only at high speed on periodic endpoints.
                    let total = (s.speed == .high && periodic) ? size * min(bits + 1, 3) : size
                    var suggestion: String
                    if s.speed == .full || !periodic {
                        suggestion = "0x" + RuleText.hex(min(total, 1023), 4)
                    } else {
                        let mult = max(1, min(3, (total + 1023) / 1024))
                        let per = (total + mult - 1) / mult
                        suggestion = "0x" + RuleText.hex(((mult - 1) << 11) | per, 4)
                    }
                    out.append(ci.finding(s.loc(alt, endpoint: ep), [
                        "address": RuleText.hex(Int(ep.address)), "raw": RuleText.hex(ep.wMaxPacketSize, 4), "problem": problem,
                        "fixText": "Use bits 12..11 = 00 (1 transaction), 01 (2, 513–1024 B each) or 10 (3, 683–1024 B each), only at high speed on isochronous or interrupt endpoints; for these \(total) B that is wMaxPacketSize \(suggestion)."]))
                }
            }
        }
        return out
    }

    @Sendable static func zeroMaxPacket(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for alt in s.config.altSettings where alt.alternateSetting != 0 && alt.interfaceClass == 1 {
                for ep in alt.endpoints where ep.transferType == .isochronous && ep.maxPacketSize == 0 && ep.usageType != .feedback {
                    out.append(ci.finding(s.loc(alt, endpoint: ep), [
                        "address": RuleText.hex(Int(ep.address)), "ADDRESS": RuleText.linuxHex(ep.address),
                        "interface": "\(alt.interfaceNumber)", "alt": "\(alt.alternateSetting)"]))
                }
            }
        }
        return out
    }

    /// Bulk packet sizes are fixed per speed (USB 2.0 §5.8.3): 8, 16, 32 or 64 at full speed, 512 at
    /// high speed. A full-speed bulk maxp of 4 made an xHCI fail on a real DJ controller.
    @Sendable static func bulkPacketSize(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs where s.speed == .full || s.speed == .high {
            let legal = s.speed == .full ? [8, 16, 32, 64] : [512]
            for alt in s.config.altSettings {
                for ep in alt.endpoints where ep.transferType == .bulk && !legal.contains(ep.maxPacketSize) {
                    out.append(ci.finding(s.loc(alt, endpoint: ep), [
                        "address": RuleText.hex(Int(ep.address)), "ADDRESS": RuleText.linuxHex(ep.address),
                        "declared": "\(ep.maxPacketSize)", "speed": s.speedName,
                        "legal": s.speed == .full ? "8, 16, 32 or 64 B" : "512 B",
                        "suggest": s.speed == .full ? "64" : "512",
                        "config": "\(s.config.value)", "interface": "\(alt.interfaceNumber)", "alt": "\(alt.alternateSetting)"]))
                }
            }
        }
        return out
    }

    @Sendable static func endpointZero(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for alt in s.config.altSettings {
                for ep in alt.endpoints where ep.number == 0 && ep.descriptor["bEndpointAddress"] != nil {
                    out.append(ci.finding(s.loc(alt, endpoint: ep), [
                        "address": RuleText.hex(Int(ep.address)), "ADDRESS": RuleText.linuxHex(ep.address),
                        "interface": "\(alt.interfaceNumber)", "alt": "\(alt.alternateSetting)"]))
                }
            }
        }
        return out
    }
}
