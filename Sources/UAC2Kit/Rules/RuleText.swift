/// Small formatting helpers for the values checks put into rule templates.
enum RuleText {
    static func speedName(_ s: USBSpeed) -> String {
        switch s {
        case .low: return "low speed"
        case .full: return "full speed"
        case .high: return "high speed"
        case .super: return "SuperSpeed"
        case .superPlus: return "SuperSpeedPlus"
        }
    }

    /// "31,600": thousands grouped, independent of locale.
    static func grouped(_ n: Int) -> String {
        var digits = String(n.magnitude)
        var out = ""
        while digits.count > 3 {
            out = "," + digits.suffix(3) + out
            digits.removeLast(3)
        }
        return (n < 0 ? "-" : "") + digits + out
    }

    static func hex(_ v: Int, _ digits: Int = 2) -> String { hexN(UInt64(truncatingIfNeeded: max(v, 0)), digits: digits) }

    /// How Linux prints an endpoint address with %X: upper case, no padding.
    static func linuxHex(_ v: UInt8) -> String { String(v, radix: 16, uppercase: true) }

    /// "125 µs", "1 ms", "32 ms" for a period of 2^(bInterval−1) units; bInterval outside 1–16 says so.
    static func period(_ bInterval: Int, _ speed: USBSpeed?) -> String {
        guard (1...16).contains(bInterval) else { return "outside 1–16" }
        let unitMicros = speed == .full || speed == .low ? 1000 : 125
        let micros = unitMicros << (bInterval - 1)
        let text = micros % 1000 == 0 ? "\(micros / 1000) ms" : "\(micros) µs"
        if speed == nil { return "2^\(bInterval - 1) (micro)frames" }
        return text
    }

    static func unit(_ speed: USBSpeed?) -> String {
        switch speed {
        case .full?, .low?: return "frame"
        case .high?: return "microframe"
        case nil: return "(micro)frame"
        default: return "bus interval"
        }
    }

    static func list(_ xs: [Int]) -> String { xs.map(String.init).joined(separator: ", ") }

    /// "1", "1 and 4", "1, 4 and 7".
    static func and(_ xs: [String]) -> String {
        xs.count <= 1 ? xs.joined() : xs.dropLast().joined(separator: ", ") + " and " + xs.last!
    }

    static func rate(_ hz: Int) -> String { BandwidthExplainer.rateText(hz) }

    static func popcount(_ v: UInt32) -> Int { v.nonzeroBitCount }

    static let channelNames = ["FL", "FR", "FC", "LFE", "BL", "BR", "FLC", "FRC", "BC", "SL", "SR", "TC", "TFL", "TFC", "TFR",
                               "TBL", "TBC", "TBR", "TFLC", "TFRC", "LLFE", "RLFE", "TSL", "TSR", "BC", "BLC", "BRC"]

    static func channelList(_ config: UInt32) -> String {
        var names: [String] = []
        for bit in 0..<32 where config & (1 << UInt32(bit)) != 0 {
            names.append(bit < channelNames.count ? channelNames[bit] : "bit \(bit)")
        }
        return names.joined(separator: " ")
    }

    static func version(_ v: AudioClassVersion) -> String { v.rawValue }
}
