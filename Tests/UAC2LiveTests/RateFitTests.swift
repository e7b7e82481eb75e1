#if Live // UAC2Live needs libusb-1.0 and ALSA; without the trait this target compiles empty.
import Testing
@testable import UAC2Live

@Suite struct RateFitTests {
    /// Points on a known line plus bounded deterministic noise: the fitted slope must be
    /// within the worst-case bound of the truth, and the bound must be small.
    @Test func slopeWithinWorstCaseBound() throws {
        let truth = 48000 * 1.00025
        var pts: [(t: Double, frames: Double)] = []
        for i in 0..<500 {
            let t = Double(i) * 0.01
            pts.append((t, 1000 + truth * t + 0.5 * (Double(i) * 1.7).truncatingRemainder(dividingBy: 1.0)))
        }
        let fit = try #require(RateFit.fit(segments: [pts]))
        #expect(abs(fit.framesPerSecond - truth) <= fit.worstCaseBound)
        #expect(fit.worstCaseBound < 0.5)
        #expect(abs(fit.ppm(nominal: 48000) - 250) < 10)
        #expect(fit.points == 500)
    }

    /// Two segments with different intercepts (pointer reset after an xrun) share one slope.
    @Test func segmentsShareSlopeNotIntercept() throws {
        var a: [(t: Double, frames: Double)] = [], b: [(t: Double, frames: Double)] = []
        for i in 0..<100 {
            let dt = Double(i) * 0.01
            a.append((dt, 96000.0 * dt))
            b.append((2 + dt, -5000 + 96000.0 * dt))
        }
        let fit = try #require(RateFit.fit(segments: [a, b]))
        #expect(abs(fit.framesPerSecond - 96000) < 1e-6)
        #expect(fit.segments == 2)
        // Fitted as one line it would be far off: the intercepts differ.
        let naive = try #require(RateFit.fit(segments: [a + b]))
        #expect(abs(naive.framesPerSecond - 96000) > 100)
    }

    @Test func tooFewPointsGiveNoFit() {
        #expect(RateFit.fit(segments: [[(0, 0), (1, 1)]]) == nil)
        #expect(RateFit.fit(segments: [[(1, 0), (1, 5), (1, 9)]]) == nil)
    }
}
#endif
