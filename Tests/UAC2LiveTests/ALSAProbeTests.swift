#if Live // UAC2Live needs libusb-1.0 and ALSA; without the trait this target compiles empty.
import Foundation
import Testing

/// `uac2 probe --alsa` against the ioplug test card (Tools/sim/alsa-testcard), whose pointer
/// runs at rate·(1+ppm/1e6) by CLOCK_MONOTONIC. Serialized: each streams in real time and the
/// machine has two cores.
@Suite(.serialized) struct ALSAProbeTests {
    /// 3 s at 48 kHz: the frame-floor quantization of the card pointer (residuals ≤ ~0.5
    /// frame) gives a worst-case bound near 11 ppm (measured 11.0-11.5 ppm in three runs); a
    /// position read in up to 50 µs can add ~1 frame, so the bound stays under 40 ppm. The
    /// stated tolerance on the measured value is 20 ppm.
    @Test func playbackAt250ppmIsMeasured() throws {
        let r = try ProbeHarness.run(["probe", "--alsa", "uac2test:PPM=250", "--seconds", "3", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let j = try #require(r.json)
        let rate = try #require(j["rate"] as? [String: Any])
        let ppm = try #require(rate["ppm"] as? Double)
        let bound = try #require(rate["ppmUncertainty"] as? Double)
        #expect(abs(ppm - 250) <= 20, "measured \(ppm) ppm")
        #expect(bound <= 40)
        // The stated bound must contain the configured truth.
        #expect(abs(ppm - 250) <= bound + 0.5)
        #expect((j["xruns"] as? [Any])?.count == 0)
        let fps = try #require(rate["framesPerSecond"] as? Double)
        #expect(abs(fps - 48012) <= 1)
    }

    @Test func captureSlowCardWithGivenParameters() throws {
        let r = try ProbeHarness.run(["probe", "--alsa", "uac2test:PPM=-120", "--direction", "capture",
                                      "--rate", "96000", "--channels", "8", "--format", "S24_3LE",
                                      "--seconds", "2", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let j = try #require(r.json)
        let neg = try #require(j["negotiated"] as? [String: Any])
        #expect(neg["rate"] as? Int == 96000)
        #expect(neg["channels"] as? Int == 8)
        #expect(neg["format"] as? String == "S24_3LE")
        let ppm = try #require((j["rate"] as? [String: Any])?["ppm"] as? Double)
        #expect(abs(ppm + 120) <= 30, "measured \(ppm) ppm")
    }

    /// STALL_MS 250 against a ~100 ms buffer: the card underruns once, at ≈ 0.3 + 0.25 s.
    @Test func inducedXrunIsReported() throws {
        let r = try ProbeHarness.run(["probe", "--alsa", "uac2test:STALL_AT=0.3,STALL_MS=250",
                                      "--seconds", "1.2", "--json"])
        #expect(r.status == 1, "xruns are a warning: exit 1; stderr: \(r.stderr)")
        let j = try #require(r.json)
        let xruns = try #require(j["xruns"] as? [[String: Any]])
        #expect(xruns.count == 1)
        let at = try #require(xruns.first?["atSeconds"] as? Double)
        #expect(at > 0.5 && at < 0.75, "xrun seen at \(at) s")
        let rate = try #require(j["rate"] as? [String: Any])
        #expect(rate["segments"] as? Int == 2)
    }

    @Test func xrunShowsInTextReport() throws {
        let r = try ProbeHarness.run(["probe", "--alsa", "uac2test:STALL_AT=0.2,STALL_MS=200", "--seconds", "0.8"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("xruns       1 at "))
    }

    @Test func refusedRateIsAClearError() throws {
        let r = try ProbeHarness.run(["probe", "--alsa", "uac2test:RATE=48000", "--rate", "44100", "--seconds", "1"])
        #expect(r.status == 69)
        #expect(r.stderr.contains("refuses rate 44100 Hz (offers 48000..48000 Hz"))
        #expect(r.stdout.isEmpty)
    }

    @Test func altNeedsAUSBCard() throws {
        let r = try ProbeHarness.run(["probe", "--alsa", "uac2test", "--alt", "1", "--seconds", "1"])
        #expect(r.status == 69)
        #expect(r.stderr.contains("--alt needs a hardware USB card"))
    }

    @Test func unknownPCMIsNotFound() throws {
        let r = try ProbeHarness.run(["probe", "--alsa", "uac2-no-such-pcm", "--seconds", "1"])
        #expect(r.status == 66)
        #expect(r.stderr.contains("cannot open ALSA PCM 'uac2-no-such-pcm'"))
    }
}
#endif
