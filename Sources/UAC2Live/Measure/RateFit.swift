#if Live // UAC2Live needs libusb-1.0 and ALSA; without the trait this target compiles empty.
/// Least-squares fit of a device's position (frames) against host time (seconds), pooled over
/// segments that share one slope but have their own intercept: after an xrun the device
/// pointer restarts, so each run between xruns is a segment.
///
/// Two uncertainties come out of it:
/// - `standardError`: the textbook slope standard error, valid if point errors are
///   independent and random;
/// - `worstCaseBound`: h·Σ|tᵢ−t̄ₛ|/Σ(tᵢ−t̄ₛ)², the largest slope error a least-squares fit can
///   have when every point error is within ±h, with h the largest |residual| seen. It holds
///   for quantized pointers (USB cards move theirs once per URB) where errors are not random.
public struct RateFit: Sendable, Codable, Equatable {
    public var framesPerSecond: Double
    public var standardError: Double
    public var worstCaseBound: Double
    public var maxResidualFrames: Double
    public var points: Int
    public var segments: Int
    public var spanSeconds: Double
    /// Points left out as late (see `fitTrimmingLate`).
    public var trimmed: Int = 0

    /// Returns nil when there are fewer than 3 points or no time spread to fit.
    public static func fit(segments input: [[(t: Double, frames: Double)]]) -> RateFit? {
        let segs = input.filter { $0.count >= 2 }
        let n = segs.reduce(0) { $0 + $1.count }
        guard n >= 3 else { return nil }
        var sxx = 0.0, sxy = 0.0, span = 0.0
        var means: [(t: Double, f: Double)] = []
        for s in segs {
            let tm = s.reduce(0) { $0 + $1.t } / Double(s.count)
            let fm = s.reduce(0) { $0 + $1.frames } / Double(s.count)
            means.append((tm, fm))
            for p in s {
                sxx += (p.t - tm) * (p.t - tm)
                sxy += (p.t - tm) * (p.frames - fm)
            }
            span += (s.last!.t - s.first!.t)
        }
        guard sxx > 0 else { return nil }
        let slope = sxy / sxx
        var ssr = 0.0, hmax = 0.0, sumAbs = 0.0
        for (s, m) in zip(segs, means) {
            for p in s {
                let r = (p.frames - m.f) - slope * (p.t - m.t)
                ssr += r * r
                hmax = max(hmax, abs(r))
                sumAbs += abs(p.t - m.t)
            }
        }
        let dof = n - segs.count - 1
        let se = dof > 0 ? (ssr / Double(dof) / sxx).squareRoot() : .infinity
        return RateFit(framesPerSecond: slope, standardError: se,
                       worstCaseBound: hmax * sumAbs / sxx, maxResidualFrames: hmax,
                       points: n, segments: segs.count, spanSeconds: span)
    }

    /// For positions read when a completion is handled: the host can only see a completion
    /// late, never early, so time errors are one-sided and a descheduled event loop shows as a
    /// point far below the line. Points below median − max(6·MAD, minCut) of the residuals are
    /// left out, twice, and the fit is redone on the rest (minCut: what counts as really late,
    /// e.g. 1 ms worth of frames).
    public static func fitTrimmingLate(segments input: [[(t: Double, frames: Double)]], minCut: Double) -> RateFit? {
        var segs = input
        var trimmed = 0
        for _ in 0..<2 {
            guard let f = fit(segments: segs) else { return nil }
            var res: [Double] = []
            var means: [(t: Double, f: Double)] = []
            for s in segs {
                let n = Double(max(s.count, 1))
                let m = (s.reduce(0) { $0 + $1.t } / n, s.reduce(0) { $0 + $1.frames } / n)
                means.append(m)
                for p in s { res.append((p.frames - m.1) - f.framesPerSecond * (p.t - m.0)) }
            }
            let sorted = res.sorted()
            guard !sorted.isEmpty else { return nil }
            let med = sorted[sorted.count / 2]
            let mad = res.map { abs($0 - med) }.sorted()[res.count / 2]
            let cut = med - max(6 * mad, minCut)
            var next: [[(t: Double, frames: Double)]] = []
            for (s, m) in zip(segs, means) {
                let kept = s.filter { (($0.frames - m.f) - f.framesPerSecond * ($0.t - m.t)) >= cut }
                trimmed += s.count - kept.count
                next.append(kept)
            }
            segs = next
        }
        guard var f = fit(segments: segs) else { return nil }
        f.trimmed = trimmed
        return f
    }

    /// Offset of the fitted rate from `nominal`, in parts per million.
    public func ppm(nominal: Double) -> Double { (framesPerSecond / nominal - 1) * 1e6 }
    public func ppmUncertainty(nominal: Double) -> Double { worstCaseBound / nominal * 1e6 }
    public func ppmStandardError(nominal: Double) -> Double { standardError / nominal * 1e6 }
}
#endif
