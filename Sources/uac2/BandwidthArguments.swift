import ArgumentParser
import Foundation
import UAC2Kit

/// `bandwidth --max-packet`: wMaxPacketSize as the size (bits 10..0) in decimal, or the whole word in
/// hex with 0x (0x0A4C = 2 transactions of 588 B).
struct MaxPacketArgument: ExpressibleByArgument, Sendable {
    let text: String
    /// Bits 10..0.
    let size: Int
    /// 1 + bits 12..11, when the word sets them.
    let transactions: Int?

    init?(argument: String) { try? self.init(parsing: argument) }

    init(parsing text: String) throws {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let v = t.hasPrefix("0x") ? Int(t.dropFirst(2), radix: 16) : Int(t) else {
            throw ValidationError("--max-packet '\(text)' is not a number (decimal, or hex with 0x).")
        }
        guard v <= 0x1FFF else {
            throw ValidationError("--max-packet \(text) is more than wMaxPacketSize bits 12..0 can hold.")
        }
        guard v <= 0x7FF || (v >> 11) & 3 != 3 else {
            throw ValidationError("--max-packet \(text): bits 12..11 = 11 is reserved.")
        }
        self.text = text
        size = v > 0x7FF ? v & 0x7FF : v
        transactions = v > 0x7FF ? ((v >> 11) & 3) + 1 : nil
    }
}

/// `bandwidth --bus [int-]in|out:BYTES[xMULT][@bInterval]`: one periodic endpoint of the bus-time check.
struct BusEndpointArgument: ExpressibleByArgument, Sendable {
    let transferType: BandwidthTransferType
    let direction: BandwidthDirection
    let bytes: Int
    let transactions: Int
    let bInterval: Int

    init?(argument: String) { try? self.init(parsing: argument) }

    init(parsing text: String) throws {
        var t = text.lowercased()
        var type = BandwidthTransferType.isochronous
        if t.hasPrefix("int-") { type = .interrupt; t.removeFirst(4) }
        let parts = t.split(separator: ":")
        guard parts.count == 2, let dir = BandwidthDirection(rawValue: String(parts[0])) else {
            throw ValidationError("--bus '\(text)': expected [int-]in|out:BYTES[xMULT][@bInterval], e.g. in:588 or out:1024x2@1.")
        }
        var rest = String(parts[1])
        var interval = 1, mult = 1
        if let at = rest.firstIndex(of: "@") {
            guard let v = Int(rest[rest.index(after: at)...]) else { throw ValidationError("--bus '\(text)': bInterval after @ is not a number.") }
            interval = v
            rest = String(rest[..<at])
        }
        if let x = rest.firstIndex(of: "x") {
            guard let v = Int(rest[rest.index(after: x)...]) else { throw ValidationError("--bus '\(text)': transactions after x is not a number.") }
            mult = v
            rest = String(rest[..<x])
        }
        guard let bytes = Int(rest) else { throw ValidationError("--bus '\(text)': byte count is not a number.") }
        transferType = type
        direction = dir
        self.bytes = bytes
        transactions = mult
        bInterval = interval
    }

    /// The endpoint as the bus-time budget takes it, labelled by its place on the command line.
    func endpoint(index: Int) -> BusTimeEndpoint {
        BusTimeEndpoint(label: "EP\(index) \(transferType == .interrupt ? "interrupt" : "iso")", direction: direction,
                        transferType: transferType, bytesPerTransaction: bytes, transactionsPerInterval: transactions,
                        bInterval: bInterval)
    }
}
