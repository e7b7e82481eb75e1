/// How one field reads to a firmware developer: the value as lsusb prints it, a short note in the units
/// they think in ("1 x 196 bytes", "8 microframes = 1 ms", "FL FR"), and detail lines (named bits/controls).
public struct FieldText: Sendable, Hashable {
    public var value: String
    public var note: String?
    public var details: [String] = []
}

/// What the renderer knows beyond the descriptor itself.
public struct RenderContext: Sendable {
    public var speed: USBSpeed?
    public var strings: [Int: String] = [:]
    public init(speed: USBSpeed? = nil, strings: [Int: String] = [:]) {
        self.speed = speed
        self.strings = strings
    }
}

public enum FieldRenderer {
    public static func spec(_ field: DescriptorField, in d: Descriptor) -> FieldSpec? {
        var all = d.layout.fields
        for v in d.layout.variants.values { all += v }
        return all.first { $0.name == field.name }
    }

    public static func text(_ field: DescriptorField, in d: Descriptor, _ ctx: RenderContext) -> FieldText {
        let display = spec(field, in: d)?.display ?? .number
        if field.isArray {
            let parts = field.values.map { one($0, width: field.width, name: field.name, display: display, d, ctx) }
            var t = FieldText(value: parts.map(\.value).joined(separator: " "))
            if parts.count == 1 { t.note = parts[0].note; t.details = parts[0].details }
            else {
                for (i, p) in parts.enumerated() where p.note != nil || !p.details.isEmpty {
                    t.details.append("[\(i)] " + ([p.note].compactMap { $0 } + p.details).joined(separator: "; "))
                }
            }
            return t
        }
        return one(field.value, width: field.width, name: field.name, display: display, d, ctx)
    }

    static func hex(_ v: UInt64, width: Int) -> String { "0x" + hexN(v, digits: max(2, width * 2)) }

    static func one(_ v: UInt64, width: Int, name: String, display: FieldDisplay, _ d: Descriptor,
                    _ ctx: RenderContext) -> FieldText {
        switch display {
        case .number, .entityID, .raw:
            return FieldText(value: "\(v)")
        case .hex:
            if d.layout.subtype == "CLOCK_SOURCE" && name == "bmAttributes" {
                return FieldText(value: hex(v, width: width), note: clockAttributes(v))
            }
            return FieldText(value: hex(v, width: width))
        case .bcd:
            return FieldText(value: "\(hexN(v >> 8, digits: 1)).\(hexN(v & 0xFF, digits: 2))")
        case .stringIndex:
            return FieldText(value: "\(v)", note: v == 0 ? nil : ctx.strings[Int(v)].map { "\"\($0)\"" })
        case .names(let table):
            return FieldText(value: width > 1 ? hex(v, width: width) : "\(v)", note: table.name(v))
        case .bitmap(let names):
            let set = (0..<min(64, width * 8)).filter { v >> UInt64($0) & 1 == 1 }
            let details = set.map { $0 < names.count && !names[$0].isEmpty ? names[$0] : "bit \($0) (reserved)" }
            return FieldText(value: hex(v, width: width), note: nil, details: details)
        case .controls(let names):
            return FieldText(value: hex(v, width: width), details: controls(v, width: width, names: names))
        case .channelConfig, .uac1ChannelConfig:
            let names = display == .channelConfig ? USBNames.uac2ChannelNames : USBNames.uac1ChannelNames
            let set = (0..<(width * 8)).filter { v >> UInt64($0) & 1 == 1 }
            let abbrev = set.map { $0 < names.count ? shortName(names[$0]) : "bit\($0)" }
            let note = set.isEmpty ? "no predefined spatial positions" : "\(set.count) positions: " + abbrev.joined(separator: " ")
            return FieldText(value: hex(v, width: width), note: note,
                             details: set.map { $0 < names.count ? names[$0] : "bit \($0) (reserved)" })
        case .endpointAddress:
            return FieldText(value: hex(v, width: 1), note: "EP \(v & 0x0F) \(v & 0x80 != 0 ? "IN" : "OUT")")
        case .endpointAttributes:
            let transfer = ["Control", "Isochronous", "Bulk", "Interrupt"][Int(v & 3)]
            var details = ["Transfer Type \(transfer)"]
            if v & 3 == 1 {
                details.append("Synch Type \(["None", "Asynchronous", "Adaptive", "Synchronous"][Int((v >> 2) & 3)])")
                details.append("Usage Type \(["Data", "Feedback", "Implicit feedback Data", "Reserved"][Int((v >> 4) & 3)])")
            }
            return FieldText(value: "\(v)", note: details.map { $0.split(separator: " ").last.map(String.init) ?? $0 }.joined(separator: ", "),
                             details: details)
        case .maxPacketSize:
            let size = v & 0x7FF, extra = (v >> 11) & 3
            return FieldText(value: hex(v, width: 2), note: "\(extra + 1) x \(size) bytes")
        case .interval:
            return FieldText(value: "\(v)", note: intervalNote(Int(v), attributes: d["bmAttributes"] ?? 0, ctx.speed))
        case .sampleRate:
            return FieldText(value: "\(v)", note: "Hz")
        case .maxPower:
            let unit: UInt64 = (ctx.speed == .super || ctx.speed == .superPlus) ? 8 : 2
            return FieldText(value: "\(v)", note: "\(v * unit) mA")
        case .configAttributes:
            var details: [String] = []
            if v & 0x40 != 0 { details.append("Self Powered") } else { details.append("(Bus Powered)") }
            if v & 0x20 != 0 { details.append("Remote Wakeup") }
            if v & 0x80 == 0 { details.append("(Missing must-be-set bit D7!)") }
            return FieldText(value: hex(v, width: 1), details: details)
        }
    }

    /// "Front Left (FL)" → "FL"
    static func shortName(_ s: String) -> String {
        guard let open = s.lastIndex(of: "("), s.hasSuffix(")") else { return s }
        return String(s[s.index(after: open)..<s.index(before: s.endIndex)])
    }

    public static func controls(_ v: UInt64, width: Int, names: [String]) -> [String] {
        var out: [String] = []
        for pair in 0..<(width * 4) {
            let bits = (v >> UInt64(2 * pair)) & 3
            guard bits != 0 else { continue }
            let name = pair < names.count ? names[pair] + " Control" : "Control bits \(2 * pair + 1)..\(2 * pair)"
            switch bits {
            case 1: out.append("\(name) (read-only)")
            case 3: out.append("\(name) (read/write)")
            default: out.append("\(name) ILLEGAL VALUE (0b10)")
            }
        }
        return out
    }

    public static func clockAttributes(_ v: UInt64) -> String {
        let kind = ["External clock", "Internal fixed clock", "Internal variable clock", "Internal programmable clock"][Int(v & 3)]
        return v & 4 != 0 ? kind + ", synchronized to SOF" : kind
    }

    /// Service interval of a periodic endpoint in the units of the speed it runs at.
    public static func intervalNote(_ b: Int, attributes: Int, _ speed: USBSpeed?) -> String? {
        let type = attributes & 3
        guard type == 1 || type == 3 else { return nil }
        func hs() -> String {
            guard (1...16).contains(b) else { return "outside 1..16" }
            let uf = 1 << (b - 1)
            return uf == 1 ? "1 microframe = 125 µs" : "\(uf) microframes = \(formatMs(Double(uf) * 0.125))"
        }
        func fs() -> String {
            if type == 3 { return b == 0 ? "0 ms (invalid)" : "\(b) ms" }
            guard (1...16).contains(b) else { return "outside 1..16" }
            let f = 1 << (b - 1)
            return f == 1 ? "1 frame = 1 ms" : "\(f) frames = \(f) ms"
        }
        switch speed {
        case .high, .super, .superPlus: return hs()
        case .full, .low: return fs()
        case nil: return "\(fs()) at full speed; \(hs()) at high speed"
        }
    }

    static func formatMs(_ ms: Double) -> String {
        if ms < 1 { return "\(Int(ms * 1000)) µs" }
        return ms == ms.rounded() ? "\(Int(ms)) ms" : "\(ms) ms"
    }
}
