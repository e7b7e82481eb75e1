#if Live
import UAC2Kit

/// UAC2 class requests on the clock entities (UAC2 §5.2.5.1): SAM_FREQ_CONTROL (CS 0x01) and
/// CLOCK_VALID_CONTROL (CS 0x02) of clock sources, CX_CLOCK_SELECTOR_CONTROL (0x01) of selectors.
/// wIndex = entity ID << 8 | AudioControl interface; CUR = 0x01, RANGE = 0x02.
public enum ClockQuery {
    public static func run(_ s: USBSession, function f: AudioFunction) -> [ClockReport] {
        guard let ac = f.controlInterface else { return [] }
        let iface = UInt16(ac.interfaceNumber)
        var out: [ClockReport] = []
        for e in f.entities where e.kind == .clockSource || e.kind == .clockSelector {
            let index = UInt16(e.id) << 8 | iface
            let controls = e.descriptor["bmControls"] ?? 0
            var r = ClockReport(id: e.id, kind: e.kind.rawValue, label: e.label,
                                frequencyControl: ClockReport.access(controls & 3),
                                validityControl: e.kind == .clockSource ? ClockReport.access((controls >> 2) & 3) : nil,
                                selectorControl: e.kind == .clockSelector ? ClockReport.access(controls & 3) : nil,
                                inputPins: e.kind == .clockSelector ? e.clockSourceIDs : nil)
            if e.kind == .clockSource {
                let cur = s.controlIn(requestType: 0xA1, request: 0x01, value: 0x0100, index: index, length: 4)
                r.cur = Reading(cur) { b in b.count == 4 ? .uint(le32(b)) : nil }
                // Like Linux: first the 2-byte count, then the whole parameter block.
                let head = s.controlIn(requestType: 0xA1, request: 0x02, value: 0x0100, index: index, length: 2)
                if case .data(let h) = head, h.count == 2 {
                    let n = Int(h[0]) | Int(h[1]) << 8
                    let full = s.controlIn(requestType: 0xA1, request: 0x02, value: 0x0100, index: index,
                                           length: min(2 + 12 * n, 0xFFFF))
                    r.range = Reading(full) { _ in .string("parsed below") }
                    if case .data(let b) = full { r.subranges = RangeParser.parse(b).subranges; r.rangeBytes = b }
                } else {
                    r.range = Reading(head) { _ in .string("short reply") }
                    if case .data(let b) = head { r.rangeBytes = b }
                }
                let valid = s.controlIn(requestType: 0xA1, request: 0x01, value: 0x0200, index: index, length: 1)
                r.valid = Reading(valid) { b in b.count == 1 ? .bool(b[0] != 0) : nil }
            } else {
                let cur = s.controlIn(requestType: 0xA1, request: 0x01, value: 0x0100, index: index, length: 1)
                r.cur = Reading(cur) { b in b.count == 1 ? .uint(UInt32(b[0])) : nil }
            }
            out.append(r)
        }
        return out
    }

    static func le32(_ b: [UInt8]) -> UInt32 {
        UInt32(b[0]) | UInt32(b[1]) << 8 | UInt32(b[2]) << 16 | UInt32(b[3]) << 24
    }
}

/// A clock entity as the descriptors declare it and as the device answered.
public struct ClockReport: Sendable, Codable {
    public var id: Int
    public var kind: String
    public var label: String
    public var frequencyControl: String?
    public var validityControl: String?
    public var selectorControl: String?
    public var inputPins: [Int]?
    public var cur: Reading?
    public var range: Reading?
    public var rangeBytes: [UInt8]?
    public var subranges: [RangeParser.Subrange]?
    public var valid: Reading?

    static func access(_ bits: Int) -> String {
        ["absent", "read-only", "invalid (10b)", "read/write"][bits & 3]
    }
}

/// One request's outcome: "ok" with a value, or what went wrong.
public struct Reading: Sendable, Codable {
    public enum Value: Sendable, Codable, Equatable {
        case uint(UInt32), bool(Bool), string(String)
    }
    public var status: String          // ok, stall, timeout, busy, no device, malformed, error text
    public var value: Value?
    public var bytes: Int?

    init(_ o: ControlOutcome, _ decode: ([UInt8]) -> Value?) {
        switch o {
        case .data(let b):
            bytes = b.count
            if let v = decode(b) { status = "ok"; value = v } else { status = "malformed" }
        default:
            status = o.label
        }
    }

    public var uint: UInt32? { if case .uint(let v)? = value { return v }; return nil }
    public var bool: Bool? { if case .bool(let v)? = value { return v }; return nil }
}

/// The UAC2 RANGE parameter block (Layout 3, §5.2.3.3): wNumSubRanges then (dMIN, dMAX, dRES).
public enum RangeParser {
    public struct Subrange: Sendable, Codable, Equatable {
        public var min: UInt32
        public var max: UInt32
        public var res: UInt32
    }
    public struct Parsed: Sendable, Equatable {
        public var declared: Int
        public var subranges: [Subrange]
        /// Bytes missing for the declared count (0 when complete), and bytes beyond it.
        public var missingBytes: Int
        public var extraBytes: Int
    }

    public static func parse(_ b: [UInt8]) -> Parsed {
        guard b.count >= 2 else { return Parsed(declared: 0, subranges: [], missingBytes: 2 - b.count, extraBytes: 0) }
        let n = Int(b[0]) | Int(b[1]) << 8
        var subs: [Subrange] = []
        var off = 2
        while subs.count < n && off + 12 <= b.count {
            let w = { (o: Int) in ClockQuery.le32(Array(b[o..<(o + 4)])) }
            subs.append(Subrange(min: w(off), max: w(off + 4), res: w(off + 8)))
            off += 12
        }
        let need = 2 + 12 * n
        return Parsed(declared: n, subranges: subs, missingBytes: max(0, need - b.count),
                      extraBytes: max(0, b.count - need))
    }

    /// Rates a subrange list offers: discrete values, and continuous ranges stepped by RES
    /// (capped: a continuous range is summarised, never expanded without bound).
    public static func rates(_ subs: [Subrange], limit: Int = 64) -> [UInt32] {
        var out: [UInt32] = []
        for s in subs where s.max >= s.min {
            if s.min == s.max || s.res == 0 {
                out.append(s.min)
                if s.max != s.min { out.append(s.max) }
                continue
            }
            var f = UInt64(s.min)
            while f <= UInt64(s.max) && out.count < limit { out.append(UInt32(f)); f += UInt64(s.res) }
        }
        return Array(Set(out)).sorted()
    }
}
#endif
