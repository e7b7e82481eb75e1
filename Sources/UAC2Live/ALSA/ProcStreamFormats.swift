#if Live
/// The format list snd-usb-audio prints in /proc/asound/cardN/streamM ("Playback:" /
/// "Capture:" sections, then per altset "Interface", "Altset", "Format:", "Channels:",
/// "Rates:"), parsed so `--alsa hw:N,M --alt A` can stream with that alt's parameters.
public enum ProcStreamFormats {
    public struct AltFormat: Sendable, Equatable {
        public var direction: ALSAProbeOptions.Direction
        public var interface: Int
        public var altset: Int
        public var formats: [String]
        public var channels: Int?
        /// Discrete rates, or [min, max] when `continuous`.
        public var rates: [UInt32]
        public var continuous: Bool
    }

    public static func parse(_ text: String) -> [AltFormat] {
        var out: [AltFormat] = []
        var dir: ALSAProbeOptions.Direction?
        var cur: AltFormat?
        var iface: Int?
        func flush() { if let c = cur { out.append(c) }; cur = nil }
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw).trimmingCharacters()
            if line == "Playback:" { flush(); dir = .playback; iface = nil; continue }
            if line == "Capture:" { flush(); dir = .capture; iface = nil; continue }
            guard let d = dir else { continue }
            if let v = value(line, "Interface ") { flush(); iface = Int(v); continue }
            if let v = value(line, "Altset "), let i = iface, let a = Int(v) {
                flush()
                cur = AltFormat(direction: d, interface: i, altset: a, formats: [], channels: nil, rates: [], continuous: false)
                continue
            }
            guard cur != nil else { continue }
            if let v = value(line, "Format:") {
                cur?.formats = v.split(separator: " ").map(String.init)
            } else if let v = value(line, "Channels:") {
                cur?.channels = Int(v.trimmingCharacters())
            } else if let v = value(line, "Rates:") {
                let t = v.trimmingCharacters()
                if t.hasSuffix("(continuous)") || t.hasSuffix("(continous)") {
                    let nums = t.split(whereSeparator: { !$0.isNumber }).compactMap { UInt32($0) }
                    cur?.rates = Array(nums.prefix(2))
                    cur?.continuous = true
                } else {
                    cur?.rates = t.split(separator: ",").compactMap { UInt32(String($0).trimmingCharacters()) }
                }
            } else if line.hasPrefix("Status:") {
                flush()
            }
        }
        flush()
        return out
    }

    static func value(_ line: String, _ key: String) -> String? {
        guard line.hasPrefix(key) else { return nil }
        return String(line.dropFirst(key.count)).trimmingCharacters()
    }
}
#endif
