#if Live
import Foundation
import UAC2Kit
import UAC2Live

/// Text report of `uac2 probe --usb`. Each figure names the request or measurement behind it.
enum USBReport {
    static func text(_ r: USBProbeResult, decoded: DecodedInput, fullDecode: Bool) -> String {
        var s = ""
        let d = r.device
        let speed = decoded.devices.first.map { SpeedJudgement.judge($0) }
        s += "USB device \(d.idVendor):\(d.idProduct) at bus \(d.bus) address \(d.address), "
            + (speed?.headline ?? "\(d.speed?.rawValue ?? "unknown") speed (libusb_get_device_speed)") + "\n"
        s += "  descriptors: \(r.descriptors.bytes) bytes read by \(r.descriptors.readBy)\n"
        for p in r.descriptors.decodeProblems { s += "    \(p)\n" }
        if fullDecode {
            s += TextReport.render(decoded)
        } else if let dev = decoded.devices.first {
            let ctx = RenderContext(speed: speed?.known, strings: dev.stringTexts)
            for c in dev.configurations { s += AudioSummary.render(c, ctx) }
        }
        s += "\nClock entities (UAC2 class requests to the AudioControl interface):\n"
        if let skip = r.clockQueriesSkipped { s += "  \(skip)\n" }
        if r.clocks.isEmpty && r.clockQueriesSkipped == nil { s += "  none\n" }
        for c in r.clocks {
            if c.kind == "CLOCK_SELECTOR" {
                s += "  \(c.label): pins \((c.inputPins ?? []).map(String.init).joined(separator: ", ")), selector control \(c.selectorControl ?? "?")\n"
                s += "    GET CUR selector: \(reading(c.cur))\n"
                continue
            }
            s += "  \(c.label): frequency control \(c.frequencyControl ?? "?"), validity control \(c.validityControl ?? "?")\n"
            s += "    GET CUR SAM_FREQ:    \(reading(c.cur, unit: " Hz"))\n"
            var range = reading(c.range)
            if let subs = c.subranges, c.range?.status == "ok" {
                range = subs.map { $0.min == $0.max ? "\($0.min)" + ($0.res != 0 ? " (RES \($0.res))" : "") : "\($0.min)..\($0.max) step \($0.res)" }
                    .joined(separator: ", ") + " Hz"
            }
            s += "    GET RANGE SAM_FREQ:  \(range)\n"
            s += "    GET CUR CLOCK_VALID: \(reading(c.valid))\n"
        }
        if !r.alts.isEmpty {
            s += "\nRates per streaming alt (offered by the clock vs what the endpoint carries at \(d.speed?.rawValue ?? "unknown") speed):\n"
            for a in r.alts {
                s += "  interface \(a.interface) alt \(a.alt) (\(a.direction)), rates from \(a.ratesFrom):\n    "
                s += a.rates.map { "\($0.rate) \($0.verdict == "fits" ? "fits" : $0.verdict)" }.joined(separator: ", ") + "\n"
            }
        }
        if let st = r.stream { s += stream(st) }
        s += "\nFindings:\n"
        if r.findings.isEmpty { s += "  none\n" }
        for f in r.findings {
            s += "  \(f.severity.rawValue) \(f.id)\(f.entity.map { " [\($0)]" } ?? ""): \(f.message) (from \(f.measuredBy))\n"
        }
        if !r.cleanup.isEmpty {
            s += "\nRestored on exit:\n"
            for c in r.cleanup { s += "  \(c)\n" }
        }
        if let sig = r.interruptedBySignal { s += "\nInterrupted by signal \(sig): figures cover the time streamed.\n" }
        if let f = r.failure { s += "\nThe probe stopped: \(f.message) (exit \(f.exitStatus)); everything above was measured before that.\n" }
        return s
    }

    static func reading(_ r: Reading?, unit: String = "") -> String {
        guard let r else { return "not sent" }
        guard r.status == "ok", let v = r.value else { return r.status + (r.bytes.map { " (\($0) bytes)" } ?? "") }
        switch v {
        case .uint(let u): return "\(u)\(unit)"
        case .bool(let b): return b ? "1 (valid)" : "0 (not valid)"
        case .string(let t): return t
        }
    }

    static func stream(_ st: StreamResult) -> String {
        var s = "\nStream: interface \(st.interface) alt \(st.alt), \(st.direction.uppercased()) endpoint \(st.endpoint), service interval \(fmt(st.servicePeriodMicroseconds, 1)) µs\n"
        s += "  rate: \(st.rateSet)"
        if let rb = st.rateReadBack { s += "; GET CUR reads \(rb) Hz" }
        s += "\n"
        s += "  streamed \(fmt(st.secondsStreamed, 3)) s by CLOCK_MONOTONIC: \(st.packets) packets, \(st.frames) frames\n"
        s += "  packet status: " + st.packetStatus.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "\n"
        let sizes = st.packetSizes.sorted { $0.key < $1.key }
        s += "  packet sizes (\(st.direction == "in" ? "received" : "sent")): " + sizes.prefix(12).map { "\($0.key) B ×\($0.value)" }.joined(separator: ", ")
            + (sizes.count > 12 ? ", …" : "") + "\n"
        if let f = st.feedback {
            s += "  feedback \(f.endpoint) (\(f.format), \(f.values) values, sizes " + f.packetBytes.sorted { $0.key < $1.key }.map { "\($0.key) B ×\($0.value)" }.joined(separator: ", ")
            s += "): min \(fmt(f.min, 5)) / mean \(fmt(f.mean, 5)) / max \(fmt(f.max, 5)) as sent"
            if let form = f.form, let per = f.framesPerBusFrame {
                s += ", \(form) (Linux: Feedback Format = \(f.linuxFeedbackFormat ?? "?")) = \(fmt(per, 5)) frames per (micro)frame\n"
            } else {
                s += ", zero: no form fits\n"
            }
        }
        for (name, r) in [("by packets", st.rateByPackets), ("by feedback", st.rateByFeedback), ("by host clock", st.rateByHostClock)] {
            guard let r else { continue }
            s += "  device rate \(name): \(fmt(r.framesPerSecond, 3)) frames/s = \(sign(r.ppm)) ppm ± \(fmt(r.ppmUncertainty, 2)) ppm"
            if let se = r.ppmStandardError { s += " (standard error \(fmt(se, 2)) ppm)" }
            s += "\n    (\(r.method))\n"
        }
        return s
    }

    static func fmt(_ v: Double, _ d: Int) -> String { String(format: "%.\(d)f", v) }
    static func sign(_ v: Double) -> String { String(format: "%+.2f", v) }
}
#endif
