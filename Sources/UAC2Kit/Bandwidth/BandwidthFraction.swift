/// An exact non-negative rational number. Frames per packet (44100 / 1000 = 44.1) must be rounded
/// with integer ceil/floor, never through a Double, or 44.1 × 10 could round to 442 and ceil(N)
/// would be off by one.
public struct BandwidthFraction: Codable, Sendable, Equatable, CustomStringConvertible {
    public let numerator: Int
    public let denominator: Int

    /// `denominator` must be positive; callers validate their inputs first.
    public init(_ numerator: Int, _ denominator: Int) {
        precondition(denominator > 0 && numerator >= 0, "BandwidthFraction needs a positive denominator")
        let g = BandwidthFraction.gcd(numerator, denominator)
        self.numerator = numerator / g
        self.denominator = denominator / g
    }

    public var floor: Int { numerator / denominator }
    public var ceil: Int { (numerator + denominator - 1) / denominator }
    public var isInteger: Bool { denominator == 1 }

    /// Exact decimal text when the denominator is made of 2s and 5s (always the case for frames and
    /// packets per second here), otherwise rounded to 6 places with a leading "≈".
    public var description: String {
        var d = denominator
        var twos = 0, fives = 0
        while d % 2 == 0 { d /= 2; twos += 1 }
        while d % 5 == 0 { d /= 5; fives += 1 }
        let exact = d == 1
        let places = exact ? max(twos, fives) : 6
        var scale = 1
        for _ in 0..<places { scale *= 10 }
        let scaled = exact ? numerator * (scale / denominator) : (numerator * scale + denominator / 2) / denominator
        let whole = scaled / scale
        var frac = scaled % scale
        var digits = places
        while digits > 0 && frac % 10 == 0 { frac /= 10; digits -= 1 }
        var text = "\(whole)"
        if digits > 0 {
            let f = String(frac)
            text += "." + String(repeating: "0", count: digits - f.count) + f
        }
        return exact ? text : "≈" + text
    }

    static func gcd(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x == 0 ? 1 : x
    }
}
