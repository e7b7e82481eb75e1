import ArgumentParser
import Foundation

/// A sample rate given on the command line: "48000", "48k", "44.1k", "44.1kHz", "352.8 kHz". Exact (no
/// floating point), 1 Hz to 2^32-1 Hz (the 32-bit clock frequency of UAC2). Every command that takes a
/// rate takes this type: check, bandwidth, report, fix, diff, emulate, probe, capture-synth.
struct SampleRate: ExpressibleByArgument, Hashable, Sendable, CustomStringConvertible {
    let hz: Int

    init(hz: Int) { self.hz = hz }

    init?(argument: String) { try? self.init(parsing: argument) }

    /// The same reading, saying what is wrong with the text (ArgumentParser prints it after
    /// "The value 'X' is invalid for '--rate <rate>': ").
    init(parsing text: String) throws {
        var t = text.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: " ", with: "")
        if t.hasSuffix("hz") { t.removeLast(2) }
        var scale = 1
        if t.hasSuffix("k") { t.removeLast(); scale = 1000 }
        let pieces = t.split(separator: ".", omittingEmptySubsequences: false)
        guard !t.isEmpty, pieces.count <= 2, pieces.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              !pieces[0].isEmpty, pieces[0].count <= 12 else {
            throw ValidationError("Rate '\(text)' is not a number of Hz (examples: 48000, 48k, 44.1k).")
        }
        var value = Int(pieces[0])! * scale
        if pieces.count == 2 {
            let frac = pieces[1]
            // Checked before the digits are multiplied up: 20 fraction digits overflow an Int.
            guard frac.count <= 9 else { throw ValidationError("Rate '\(text)' is not a whole number of Hz.") }
            var fracValue = 0
            var div = 1
            for ch in frac { fracValue = fracValue * 10 + Int(String(ch))!; div *= 10 }
            guard (fracValue * scale) % div == 0 else {
                throw ValidationError("Rate '\(text)' is not a whole number of Hz.")
            }
            value += fracValue * scale / div
        }
        // Every command that takes rates sizes packets from them: outside what a clock can state,
        // the arithmetic means nothing (and 10^15 Hz times channels times 2^15 overflows).
        guard value >= 1 && value <= 0xFFFF_FFFF else {
            throw ValidationError("Rate '\(text)' is \(value) Hz: a sample rate is 1 Hz to 4294967295 Hz (the 32-bit clock frequency of UAC2).")
        }
        hz = value
    }

    var description: String { "\(hz)" }
    var defaultValueDescription: String { description }
}

/// A comma-separated list of rates: "44.1k,48k,96k" (spaces after the commas allowed). At least one
/// rate, and no empty entry: "48k,,96k" or "48k," is a typing mistake, not a shorter list.
struct SampleRateList: ExpressibleByArgument, Hashable, Sendable, CustomStringConvertible {
    let rates: [SampleRate]

    init(_ rates: [SampleRate]) { self.rates = rates }

    init?(argument: String) { try? self.init(parsing: argument) }

    init(parsing text: String) throws {
        let items = text.split(separator: ",", omittingEmptySubsequences: false)
        if items.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw ValidationError("--rates needs at least one rate, e.g. 48k")
        }
        if let i = items.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw ValidationError("entry \(i + 1) of '\(text)' is empty: rates are separated by single commas, e.g. 44.1k,48k")
        }
        rates = try items.map { try SampleRate(parsing: String($0)) }
    }

    /// The default of check, fix, diff and emulate.
    static let default48k = SampleRateList([SampleRate(hz: 48000)])

    var hz: [Int] { rates.map(\.hz) }
    var description: String { rates.map { $0.hz % 1000 == 0 ? "\($0.hz / 1000)k" : "\($0.hz)" }.joined(separator: ",") }
    var defaultValueDescription: String { description }
}
