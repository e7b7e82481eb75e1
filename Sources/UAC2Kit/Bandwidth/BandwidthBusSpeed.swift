/// The bus speed an endpoint runs at. It fixes the service-interval unit (1 ms frame at full speed,
/// 125 µs microframe above) and the per-interval byte limit of an isochronous endpoint.
public enum BandwidthBusSpeed: String, Codable, Sendable, CaseIterable {
    case full
    case high
    case superSpeed = "super"
    case superPlus = "super-plus"

    /// Length of one bInterval unit: USB 2.0 §9.6.6 (full speed counts 1 ms frames, high speed and
    /// SuperSpeed count 125 µs microframes / bus intervals).
    public var intervalUnitMicroseconds: Int { self == .full ? 1000 : 125 }

    public var displayName: String {
        switch self {
        case .full: return "full speed"
        case .high: return "high speed"
        case .superSpeed: return "SuperSpeed"
        case .superPlus: return "SuperSpeedPlus"
        }
    }

    /// What one bInterval unit is called, for explanations.
    public var intervalUnitName: String { self == .full ? "frame" : (self == .high ? "microframe" : "bus interval") }
}

/// Isochronous synchronization type (endpoint bmAttributes bits 3..2). It decides how many audio
/// frames a packet may carry above the nominal rate.
public enum BandwidthSyncType: String, Codable, Sendable, CaseIterable {
    case synchronous = "sync"
    case asynchronous = "async"
    case adaptive
    /// "No synchronization": the host cannot assume a locked clock, so the ±1 rule of the
    /// asynchronous case is applied (the larger packet).
    case none

    public var shortName: String {
        switch self {
        case .synchronous: return "sync"
        case .asynchronous: return "async"
        case .adaptive: return "adaptive"
        case .none: return "no sync"
        }
    }
}
