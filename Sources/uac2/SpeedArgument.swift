import ArgumentParser
import UAC2Kit

/// `--speed full|high|super|super-plus|low` for every command (check, decode, bandwidth, capture,
/// report, fix, diff, emulate, capture-synth). Case does not matter ("High" is high). A value outside
/// the list gets ArgumentParser's "Please provide one of ..." with the five names.
extension USBSpeed: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

extension USBSpeed {
    /// Commands that exist only at the two USB 2.0 speeds say so, and why, in their validate().
    func requireUSB2(_ why: String) throws {
        guard self == .full || self == .high else {
            throw ValidationError("--speed \(rawValue) is not possible here: \(why); give --speed full or --speed high.")
        }
    }
}

/// `capture --device BUS:ADDR` or `ADDR` (sniffer captures use bus 0).
struct CaptureDeviceArgument: ExpressibleByArgument, Sendable {
    let bus: Int?
    let address: Int

    init?(argument: String) { try? self.init(parsing: argument) }

    init(parsing text: String) throws {
        guard let key = CaptureDeviceKey.parse(text) else {
            throw ValidationError("--device wants BUS:ADDR (decimal, e.g. 1:5; sniffer captures use bus 0) or ADDR, got '\(text)'")
        }
        bus = key.bus
        address = key.address
    }
}
