/// The bus speed a device runs at: one type for the model, bandwidth, rules, capture analysis and the
/// live probe. What proves a speed is `SpeedEvidence`; which speeds a device is judged at, and why, is
/// `SpeedJudgement`.
public enum USBSpeed: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case low, full, high, `super` = "super", superPlus = "super-plus"

    /// What sysfs `speed` reports, in Mbit/s.
    public var megabits: Double {
        switch self {
        case .low: return 1.5
        case .full: return 12
        case .high: return 480
        case .super: return 5000
        case .superPlus: return 10000
        }
    }

    /// The speed sysfs `speed` (Mbit/s: "1.5", "12", "480", "5000", "10000", "20000") names.
    public init?(sysfsMegabits text: String) {
        switch String(text.filter { !$0.isWhitespace }) {
        case "1.5": self = .low
        case "12": self = .full
        case "480": self = .high
        case "5000": self = .super
        case "10000", "20000": self = .superPlus
        default: return nil
        }
    }

    public var displayName: String {
        switch self {
        case .low: return "low speed"
        case .full: return "full speed"
        case .high: return "high speed"
        case .super: return "SuperSpeed"
        case .superPlus: return "SuperSpeedPlus"
        }
    }

    /// Length of one bInterval unit: USB 2.0 §9.6.6 (low and full speed count 1 ms frames, high speed
    /// and SuperSpeed count 125 µs microframes / bus intervals).
    public var intervalUnitMicroseconds: Int { self <= .full ? 1000 : 125 }
    /// The same unit in nanoseconds, and how many there are per second (the unit feedback counts in).
    public var unitNanoseconds: Int64 { Int64(intervalUnitMicroseconds) * 1000 }
    public var unitsPerSecond: Int { 1_000_000 / intervalUnitMicroseconds }

    /// What one bInterval unit is called, for explanations.
    public var intervalUnitName: String { self <= .full ? "frame" : (self == .high ? "microframe" : "bus interval") }

    /// An other-speed configuration describes the device at the one of full/high it is not running at.
    public var other: USBSpeed? {
        switch self {
        case .full: return .high
        case .high: return .full
        default: return nil
        }
    }

    public static func < (a: USBSpeed, b: USBSpeed) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Isochronous synchronization type (endpoint bmAttributes bits 3..2). It decides how many audio frames
/// a packet may carry above the nominal rate, and which feedback the endpoint needs.
public enum SyncType: String, Sendable, Hashable, Codable, CaseIterable {
    /// "No synchronization": the host cannot assume a locked clock, so packets are sized by the ±1
    /// rule of the asynchronous case (the larger packet).
    case none
    case asynchronous, adaptive, synchronous

    public var shortName: String {
        switch self {
        case .synchronous: return "sync"
        case .asynchronous: return "async"
        case .adaptive: return "adaptive"
        case .none: return "no sync"
        }
    }

    /// The long name or the short one ("async", "sync"), as the command line takes it.
    public init?(name: String) {
        if let s = SyncType(rawValue: name) { self = s; return }
        guard let s = SyncType.allCases.first(where: { $0.shortName == name }) else { return nil }
        self = s
    }
}
