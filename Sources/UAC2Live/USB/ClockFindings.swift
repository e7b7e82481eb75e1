#if Live
import UAC2Kit

/// Findings from what the clock entities answered, against what their descriptors declare.
public enum ClockFindings {
    public static func evaluate(_ clocks: [ClockReport]) -> [ProbeFinding] {
        var out: [ProbeFinding] = []
        func add(_ id: String, _ sev: ProbeFinding.Severity, _ c: ClockReport, _ msg: String, _ by: String) {
            out.append(ProbeFinding(id: id, severity: sev, entity: c.label, message: msg, measuredBy: by))
        }
        for c in clocks {
            if c.kind == AudioEntityKind.clockSelector.rawValue {
                guard let cur = c.cur else { continue }
                if let v = cur.uint, let pins = c.inputPins, v < 1 || Int(v) > pins.count {
                    add("probe.selector.illegal", .error, c,
                        "GET CUR returned \(v), outside pins 1..\(pins.count); Linux logs \"selector reported illegal value\" and may pick another pin",
                        "GET CUR CX_CLOCK_SELECTOR_CONTROL")
                } else if cur.status != "ok" && c.selectorControl != "absent" {
                    add("probe.selector.request-failed", .error, c,
                        "GET CUR of the selector failed (\(cur.status)) although bmControls declares it \(c.selectorControl ?? "?")",
                        "GET CUR CX_CLOCK_SELECTOR_CONTROL")
                }
                continue
            }
            let freqDeclared = c.frequencyControl != "absent"
            if let cur = c.cur, cur.status != "ok", freqDeclared {
                add("probe.clock.cur-failed", .error, c,
                    "GET CUR SAM_FREQ failed (\(cur.status)) although bmControls declares the frequency control \(c.frequencyControl ?? "?")",
                    "GET CUR SAM_FREQ_CONTROL")
            }
            if let r = c.range, r.status != "ok", freqDeclared {
                add("probe.clock.range-failed", .error, c,
                    "GET RANGE SAM_FREQ failed (\(r.status)); hosts read the offered rates from it (Linux finds no usable rate)",
                    "GET RANGE SAM_FREQ_CONTROL")
            }
            if let bytes = c.rangeBytes {
                let p = RangeParser.parse(bytes)
                if bytes.count < 2 {
                    add("probe.range.short", .error, c, "RANGE reply is \(bytes.count) bytes, shorter than wNumSubRanges", "GET RANGE SAM_FREQ_CONTROL")
                } else if p.declared == 0 {
                    add("probe.range.empty", .error, c, "RANGE declares 0 subranges: no rate offered", "GET RANGE SAM_FREQ_CONTROL")
                } else if p.missingBytes > 0 {
                    add("probe.range.short", .error, c,
                        "RANGE declares \(p.declared) subranges (\(2 + 12 * p.declared) bytes) but the reply has \(bytes.count) bytes",
                        "GET RANGE SAM_FREQ_CONTROL (wLength \(2 + 12 * p.declared))")
                }
                for (i, s) in p.subranges.enumerated() {
                    if s.max < s.min {
                        add("probe.range.max-below-min", .error, c,
                            "subrange \(i + 1): dMAX \(s.max) < dMIN \(s.min)", "GET RANGE SAM_FREQ_CONTROL")
                    } else if s.min == s.max && s.res != 0 {
                        add("probe.range.res-on-discrete", .warning, c,
                            "subrange \(i + 1): discrete rate \(s.min) Hz with dRES \(s.res) (should be 0)", "GET RANGE SAM_FREQ_CONTROL")
                    }
                }
                let ordered = p.subranges.enumerated().filter { $0.element.max >= $0.element.min }
                    .sorted { $0.element.min < $1.element.min }
                for (a, b) in zip(ordered, ordered.dropFirst()) where b.element.min <= a.element.max {
                    add("probe.range.overlap", .warning, c,
                        "subranges \(a.offset + 1) (\(a.element.min)..\(a.element.max)) and \(b.offset + 1) (\(b.element.min)..\(b.element.max)) overlap",
                        "GET RANGE SAM_FREQ_CONTROL")
                }
                let rates = RangeParser.rates(p.subranges)
                if let cur = c.cur?.uint, !rates.isEmpty, !p.subranges.contains(where: { s in
                    s.max >= s.min && cur >= s.min && cur <= s.max && (s.res == 0 || (cur - s.min) % s.res == 0) }) {
                    add("probe.clock.cur-not-offered", .warning, c,
                        "CUR is \(cur) Hz, which RANGE does not offer", "GET CUR + GET RANGE SAM_FREQ_CONTROL")
                }
                if c.frequencyControl == "read-only" && rates.count > 1 {
                    add("probe.clock.read-only-multirate", .warning, c,
                        "RANGE offers \(rates.count) rates but the frequency control is read-only: the host cannot select any rate but CUR",
                        "bmControls + GET RANGE SAM_FREQ_CONTROL")
                }
            }
            if let v = c.valid {
                if v.status == "ok", v.bool == false {
                    add("probe.clock.invalid", .warning, c,
                        "CLOCK_VALID is 0: the clock is not running/locked; Linux refuses to stream from it (\"clock source \(c.id) is not valid\")",
                        "GET CUR CLOCK_VALID_CONTROL")
                } else if v.status != "ok", c.validityControl != "absent" {
                    add("probe.clock.valid-failed", .error, c,
                        "GET CUR CLOCK_VALID failed (\(v.status)) although bmControls declares it \(c.validityControl ?? "?")",
                        "GET CUR CLOCK_VALID_CONTROL")
                }
            }
        }
        return out
    }
}
#endif
