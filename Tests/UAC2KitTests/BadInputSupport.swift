import Foundation
import Testing
@testable import UAC2Kit

/// Shared by the bad-input suites: what every reader promises for any input.
enum BadInput {
    /// Every error names where: a byte offset (binary input) or a line (text input).
    static func expectErrorsLocated(_ r: DecodedInput, _ what: @autoclosure () -> String,
                                    sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        for d in r.diagnostics where d.severity == .error {
            #expect(d.location.offset != nil || d.location.line != nil,
                    "\(what()): error without offset or line: \(d.message)", sourceLocation: sourceLocation)
        }
    }

    /// The raw walk keeps what it could split: its descriptors are the input's prefix, each at its offset.
    static func expectRawPrefix(_ r: DecodedInput, _ input: [UInt8], _ what: @autoclosure () -> String,
                                sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        var pos = 0
        for d in r.devices.flatMap(\.sequence) {
            let ok = d.location.offset == pos && pos + d.bytes.count <= input.count
                && input[pos..<(pos + d.bytes.count)].elementsEqual(d.bytes)
            #expect(ok, "\(what()): descriptor at \(d.location) is not the input's bytes from \(pos)", sourceLocation: sourceLocation)
            if !ok { return }
            pos += d.bytes.count
        }
        if pos < input.count {
            #expect(r.hasErrors, "\(what()): stopped at byte \(pos) of \(input.count) without an error", sourceLocation: sourceLocation)
        }
    }

    /// Start offsets of the descriptors of a well-formed blob, found by an independent bLength walk.
    static func descriptorStarts(_ b: [UInt8]) -> [Int] {
        var starts: [Int] = []
        var o = 0
        while o + 1 < b.count, b[o] >= 2 {
            starts.append(o)
            o += Int(b[o])
        }
        return starts
    }

    /// Seconds a call took.
    static func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let clock = ContinuousClock()
        var result: T?
        let d = try clock.measure { result = try body() }
        return (result!, Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
    }

    /// Deterministic noise (SplitMix64), so a failure reproduces.
    struct Noise: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func bytes(_ n: Int) -> [UInt8] {
            var out = [UInt8](repeating: 0, count: n)
            out.withUnsafeMutableBytes { p in
                var i = 0
                while i + 8 <= n { p.storeBytes(of: next(), toByteOffset: i, as: UInt64.self); i += 8 }
                while i < n { p[i] = UInt8(truncatingIfNeeded: next()); i += 1 }
            }
            return out
        }
    }
}
