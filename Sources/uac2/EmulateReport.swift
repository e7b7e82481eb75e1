import Foundation
import UAC2Kit

/// `uac2 emulate`'s report: what Linux did with the descriptors, and each `uac2 check` finding beside
/// the kernel lines about the same place.
struct EmulateReport {
    let file: String
    let plan: EmulatePlan
    let check: CheckResult
    let observation: EmulateObservation

    /// Where a kernel log line points: usbcore names "interface N altsetting M endpoint 0xE",
    /// snd-usb-audio prefixes "N:M:" (interface:alt) and names clock sources by id.
    struct LineRef: Equatable {
        var interface: Int?
        var alternate: Int?
        var endpoint: Int?
        var clock: Int?
    }

    static func ref(_ line: String) -> LineRef {
        func int(_ pattern: String, radix: Int = 10) -> Int? {
            guard let r = line.range(of: pattern, options: .regularExpression) else { return nil }
            let digits = line[r].split(whereSeparator: { !$0.isHexDigit && $0 != "x" }).last.map(String.init) ?? ""
            return Int(digits.replacingOccurrences(of: "0x", with: ""), radix: radix)
        }
        var r = LineRef()
        r.interface = int(#"interface [0-9]+"#)
        r.alternate = int(#"altsetting [0-9]+"#)
        r.endpoint = int(#"endpoint 0x[0-9a-f]+"#, radix: 16)
        r.clock = int(#"clock (source )?[0-9]+"#)
        if r.interface == nil, let m = line.range(of: #"\b[0-9]+:[0-9]+: "#, options: .regularExpression) {
            let parts = line[m].dropLast(2).split(separator: ":")
            if parts.count == 2 { r.interface = Int(parts[0]); r.alternate = Int(parts[1]) }
        }
        return r
    }

    /// A finding is beside a kernel line when both name the same endpoint, the same interface and alt,
    /// or the same clock entity.
    static func matches(_ f: Finding, _ r: LineRef) -> Bool {
        let l = f.location
        if let e = r.endpoint, let fe = l.endpoint, Int(fe & 0x0f) == e & 0x0f,
           r.interface == nil || r.interface == l.interface { return true }
        if let i = r.interface, i == l.interface, let a = r.alternate, a == l.alternate { return true }
        if let i = r.interface, i == l.interface, r.alternate == nil, r.endpoint == nil, l.alternate == nil { return true }
        if let c = r.clock, let ent = l.entity, ent.hasPrefix("Clock"), ent.hasSuffix(" \(c)") { return true }
        return false
    }

    /// The streaming alts snd-usb-audio listed in /proc/asound/cardN/stream*: interface → alts.
    var listedAlts: [Int: Set<Int>] {
        var out: [Int: Set<Int>] = [:]
        for (_, lines) in observation.streamFiles {
            var iface: Int?
            for l in lines {
                let t = l.trimmingCharacters(in: .whitespaces)
                if t.hasPrefix("Interface "), !t.contains("=") { iface = Int(t.dropFirst(10)) }
                if t.hasPrefix("Altset "), !t.contains("="), let i = iface, let a = Int(t.dropFirst(7)) { out[i, default: []].insert(a) }
            }
        }
        return out
    }

    /// What snd-usb-audio wrote about each streaming alt in /proc/asound/cardN/stream*: interface →
    /// alt → one line ("S32_LE, 34 ch, rates 44100, 48000, 96000, sync 0x81 (1 IN), implicit feedback").
    var procAlts: [Int: [Int: String]] {
        var out: [Int: [Int: String]] = [:]
        for (path, lines) in observation.streamFiles.sorted(by: { $0.key < $1.key }) {
            var iface: Int?, alt: Int?, parts: [String] = []
            func flush() {
                if let i = iface, let a = alt, out[i]?[a] == nil { out[i, default: [:]][a] = "\(path): " + parts.joined(separator: ", ") }
                parts = []
            }
            for l in lines {
                let t = l.trimmingCharacters(in: .whitespaces)
                if t.hasPrefix("Interface "), !t.contains("=") { flush(); iface = Int(t.dropFirst(10)); alt = nil }
                else if t.hasPrefix("Altset "), !t.contains("=") { flush(); alt = Int(t.dropFirst(7)) }
                else if alt != nil, let colon = t.firstIndex(of: ":") {
                    let key = t[..<colon], value = t[t.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                    switch key {
                    case "Format": parts.append(value)
                    case "Channels": parts.append("\(value) ch")
                    case "Rates": parts.append("rates \(value)")
                    case "Sync Endpoint": parts.append("sync endpoint \(value)")
                    case "Implicit Feedback Mode": if value == "Yes" { parts.append("implicit feedback") }
                    default: break
                    }
                } else if t.hasSuffix(":") || t.hasPrefix("Status") { flush(); if !t.hasPrefix("Status") { iface = nil; alt = nil } }
            }
            flush()
        }
        return out
    }

    /// The /proc line beside a finding about a streaming alt: what Linux listed for it, or that it
    /// skipped it.
    func procLine(_ f: Finding) -> String? {
        guard let i = f.location.interface, let a = f.location.alternate,
              altRows.contains(where: { $0.interface == i && $0.alternate == a }) else { return nil }
        if let l = procAlts[i]?[a] { return "interface \(i) alt \(a) listed in \(l)" }
        return "interface \(i) alt \(a) not in /proc/asound/card*/stream* (snd-usb-audio skipped it)"
    }

    struct AltRow: Codable {
        var interface: Int
        var alternate: Int
        var direction: String
        var channels: Int?
        var bits: Int?
        var wMaxPacketSize: Int
        var listedByLinux: Bool
    }

    var altRows: [AltRow] {
        let listed = listedAlts
        return plan.functions.flatMap(\.streams).compactMap { a in
            guard let ep = a.dataEndpoint else { return nil }
            return AltRow(interface: a.interfaceNumber, alternate: a.alternateSetting, direction: a.direction?.rawValue ?? "?",
                          channels: a.nrChannels, bits: a.bitResolution, wMaxPacketSize: ep.wMaxPacketSize,
                          listedByLinux: listed[a.interfaceNumber]?.contains(a.alternateSetting) ?? false)
        }
    }

    var entityKinds: [Int: AudioEntityKind] {
        var k: [Int: AudioEntityKind] = [:]
        for f in plan.functions { for e in f.entities { k[e.id] = e.kind } }
        return k
    }

    var hasCard: Bool { observation.cards.contains { $0.contains("USB-Audio") } }

    var exitStatus: Int32 {
        if !hasCard { return 2 }
        return altRows.allSatisfy(\.listedByLinux) ? 0 : 1
    }

    /// Limits of the emulation, with the findings they concern.
    var cannotShow: [String] {
        var busTime = Set<String>(), packets = Set<String>()
        for f in check.findings where f.ruleID.hasPrefix("UAC-BW") {
            if f.title.lowercased().contains("bus time") { busTime.insert(f.ruleID) } else { packets.insert(f.ruleID) }
        }
        var bus = "bus bandwidth: dummy_hcd does no periodic bandwidth accounting, so \"usb_set_interface failed (-28)\" / \"Not enough bandwidth for altsetting\" needs a real xHCI or EHCI"
        if !busTime.isEmpty { bus += " (it concerns \(busTime.sorted().joined(separator: ", ")))" }
        var iso = "isochronous data: the responder answers control requests only, so nothing is streamed"
        if !packets.isEmpty { iso += " (the packet findings \(packets.sorted().joined(separator: ", ")) show only while streaming)" }
        iso += "; packet sizes and feedback on the real kernel: Tools/vm/suite with f_uac2"
        return [bus, iso] + plan.adjustments.map { "presented differently: " + $0 }
    }

    func text() -> String {
        let o = observation
        var s = "uac2 emulate: \(file) presented to the real Linux \(o.kernel) host (Debian, qemu TCG) at \(plan.speed.rawValue) speed, raw-gadget on dummy_hcd; VM run \(String(format: "%.1f", o.bootSeconds)) s"
        if let t = o.secondsToSettle { s += String(format: ", enumeration + driver probe settled %.1f s after the descriptors were written", t) }
        s += "\n\nWhat Linux did\n  kernel log (usbcore, snd-usb-audio):\n"
        s += o.kernelLines.isEmpty ? "    (nothing)\n" : o.kernelLines.map { "    \($0)\n" }.joined()
        s += "  sound cards (/proc/asound/cards):\n" + (o.cards.first == "--- no soundcards ---" || o.cards.isEmpty ? "    none\n" : o.cards.map { "    \($0.trimmingCharacters(in: .whitespaces))\n" }.joined())
        s += "  PCMs (/proc/asound/pcm): " + (o.pcms.isEmpty ? "none" : o.pcms.joined(separator: "; ")) + "\n"
        s += "  drivers: " + (o.drivers.isEmpty ? "no interface (not configured)" : o.drivers.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")) + "\n"
        let rows = altRows
        if !rows.isEmpty {
            s += "  streaming alts with a data endpoint (listed in /proc/asound/cardN/stream* = taken by snd-usb-audio):\n"
            for r in rows {
                s += "    interface \(r.interface) alt \(r.alternate) \(r.direction) \(r.channels.map { "\($0) ch" } ?? "? ch") \(r.bits.map { "\($0)-bit" } ?? ""), wMaxPacketSize \(r.wMaxPacketSize): \(r.listedByLinux ? "listed" : "NOT listed (skipped)")\n"
            }
        }
        for (path, lines) in o.streamFiles.sorted(by: { $0.key < $1.key }) {
            s += "  \(path):\n" + lines.map { "    \($0)\n" }.joined()
        }
        s += "  control requests the host sent, answered from the model:\n"
        s += o.requests.isEmpty ? "    none\n" : EmulateRequests.summary(o.requests, kinds: entityKinds).map { "    \($0)\n" }.joined()

        s += "\n`uac2 check` at \(plan.speed.rawValue) speed for \(plan.rates.map(String.init).joined(separator: ", ")) Hz, each finding beside what Linux logged about the same place:\n"
        let refs = o.kernelLines.map { ($0, Self.ref($0)) }
        var used = Set<String>()
        let shown = check.findings.filter { $0.severity != .info }
        if shown.isEmpty { s += "  no errors or warnings\n" }
        for f in shown {
            s += "  \(f.severity.rawValue) \(f.ruleID) [\(f.location.key)]: \(f.message)\n"
            let lines = refs.filter { Self.matches(f, $0.1) }.map(\.0)
            if lines.isEmpty {
                s += "    Linux: no log line about this place\n"
            } else {
                for l in lines { s += "    Linux: \(l)\n"; used.insert(l) }
            }
            if let p = procLine(f) { s += "    Linux /proc: \(p)\n" }
        }
        let infos = check.findings.count - shown.count
        if infos > 0 { s += "  (\(infos) info finding(s): uac2 check \(file))\n" }
        let unexplained = o.kernelLines.filter { l in !used.contains(l) && (l.contains("invalid") || l.contains("cannot") || l.contains("error") || l.contains("skipping") || l.contains("failed") || l.contains("not ") || l.contains("too many") || l.contains("too short")) }
        if !unexplained.isEmpty {
            s += "\nKernel complaints no finding is beside:\n" + unexplained.map { "  \($0)\n" }.joined()
        }
        s += "\nWhat this VM cannot show:\n" + cannotShow.map { "  - \($0)\n" }.joined()
        return s
    }

    struct JSONDoc: Codable {
        var file: String
        var kernel: String
        var speed: String
        var rates: [Int]
        var vmSeconds: Double
        var secondsToSettle: Double?
        var kernelLines: [String]
        var cards: [String]
        var pcms: [String]
        var drivers: [String: String]
        var streamFiles: [String: [String]]
        var alts: [AltRow]
        var requests: [String]
        var findings: [FindingBeside]
        var cannotShow: [String]
        var exitStatus: Int32
    }
    struct FindingBeside: Codable {
        var ruleID: String
        var severity: String
        var location: String
        var message: String
        var linux: [String]
        /// For a finding about a streaming alt: what snd-usb-audio listed for it in /proc, or that it skipped it.
        var linuxProc: String?
    }

    func json() throws -> String {
        let o = observation
        let refs = o.kernelLines.map { ($0, Self.ref($0)) }
        let doc = JSONDoc(
            file: file, kernel: o.kernel, speed: plan.speed.rawValue, rates: plan.rates, vmSeconds: o.bootSeconds,
            secondsToSettle: o.secondsToSettle, kernelLines: o.kernelLines, cards: o.cards, pcms: o.pcms, drivers: o.drivers,
            streamFiles: o.streamFiles, alts: altRows, requests: o.requests,
            findings: check.findings.map { f in
                FindingBeside(ruleID: f.ruleID, severity: f.severity.rawValue, location: f.location.key, message: f.message,
                              linux: refs.filter { Self.matches(f, $0.1) }.map(\.0), linuxProc: procLine(f))
            },
            cannotShow: cannotShow, exitStatus: exitStatus)
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try enc.encode(doc), as: UTF8.self)
    }
}

/// Names the control requests in the responder's log ("req a1 02 0100 0a00 14 -> ...").
enum EmulateRequests {
    static func name(_ type: Int, _ req: Int, _ value: Int, _ index: Int, _ kinds: [Int: AudioEntityKind]) -> String {
        let entity = index >> 8
        let kind = kinds[entity]
        let csNames: [AudioEntityKind: [Int: String]] = [.clockSource: [1: "SAM_FREQ", 2: "CLOCK_VALID"],
                                                         .clockSelector: [1: "CLOCK_SELECTOR"], .featureUnit: [1: "MUTE", 2: "VOLUME"]]
        let cs = kind.flatMap { csNames[$0]?[value >> 8] } ?? "control \(value >> 8)"
        let what = kind.map { "\($0.rawValue.lowercased().replacingOccurrences(of: "_", with: " ")) \(entity)" } ?? "entity \(entity)"
        switch (type, req) {
        case (0x00, 0x09): return "SET_CONFIGURATION \(value)"
        case (0x01, 0x0b): return "SET_INTERFACE interface \(index) alt \(value)"
        case (0x80, 0x06):
            let names = [1: "device", 2: "configuration", 3: "string", 6: "device qualifier", 7: "other-speed configuration", 15: "BOS"]
            return "GET_DESCRIPTOR \(names[value >> 8] ?? String(format: "type 0x%02x", value >> 8)) \(value & 0xff)"
        case (0x80, 0x08): return "GET_CONFIGURATION"
        case (0x81, 0x0a): return "GET_INTERFACE interface \(index)"
        case (0xa1, 0x01): return "GET CUR \(cs) of \(what)"
        case (0xa1, 0x02): return "GET RANGE \(cs) of \(what)"
        case (0x21, 0x01): return "SET CUR \(cs) of \(what)"
        case (0xa1, 0x81...0x84): return "UAC1 \(["GET_CUR", "GET_MIN", "GET_MAX", "GET_RES"][req - 0x81]) \(cs) of \(what)"
        case (0x22, 0x01): return "UAC1 SET_CUR SAMPLING_FREQ endpoint \(String(format: "0x%02x", index & 0xff))"
        case (0xa2, 0x81): return "UAC1 GET_CUR SAMPLING_FREQ endpoint \(String(format: "0x%02x", index & 0xff))"
        default: return String(format: "bmRequestType 0x%02x bRequest 0x%02x wValue 0x%04x wIndex 0x%04x", type, req, value, index)
        }
    }

    /// One line per distinct request and answer, with how often it came, in first-seen order.
    static func summary(_ lines: [String], kinds: [Int: AudioEntityKind]) -> [String] {
        var order: [String] = []
        var count: [String: Int] = [:]
        for l in lines {
            let parts = l.split(separator: " ")
            guard parts.count >= 8, let t = Int(parts[1], radix: 16), let r = Int(parts[2], radix: 16),
                  let v = Int(parts[3], radix: 16), let i = Int(parts[4], radix: 16) else { continue }
            let answer = parts[(parts[6] == "->" ? 7 : 6)...].joined(separator: " ")
            let key = "\(name(t, r, v, i, kinds)) (wLength \(parts[5])) → \(answer)"
            if count[key] == nil { order.append(key) }
            count[key, default: 0] += 1
        }
        return order.map { count[$0]! > 1 ? "\($0)  ×\(count[$0]!)" : $0 }
    }
}
