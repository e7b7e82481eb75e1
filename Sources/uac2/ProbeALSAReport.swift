#if Live
import Foundation
import UAC2Live

/// Text report of `uac2 probe --alsa`; each figure says how it was measured.
enum ALSAReport {
    static func text(_ r: ALSAProbeResult) -> String {
        var s = ""
        let n = r.negotiated
        let where_ = r.card.map { "card \($0) device \(r.device ?? 0)" } ?? "not a hardware card"
        s += "ALSA PCM \(r.pcm) (\(r.direction.rawValue), \(where_))\n"
        s += "  negotiated  \(n.rate) Hz, \(n.channels) ch, \(n.format), period \(n.periodFrames) frames, buffer \(n.bufferFrames) frames (hw_params)\n"
        s += String(format: "  streamed    %.3f s by CLOCK_MONOTONIC, %llu frames %@\n", r.secondsStreamed,
                    r.framesTransferred, r.direction == .playback ? "written" : "read")
        if let rate = r.rate {
            s += String(format: "  card rate   %.3f frames/s = %+.2f ppm ± %.2f ppm vs %u Hz nominal\n",
                        rate.framesPerSecond, rate.ppm, rate.ppmUncertainty, n.rate)
            s += String(format: "              (least-squares slope of card position = frames %@ %@ snd_pcm_delay, vs CLOCK_MONOTONIC;\n",
                        r.direction == .playback ? "written" : "read", r.direction == .playback ? "−" : "+")
            s += String(format: "               %d points in %d segment(s) over %.3f s; ± is the worst-case bound for residuals ≤ %.2f frames;\n",
                        rate.points, rate.segments, rate.spanSeconds, rate.maxResidualFrames)
            s += String(format: "               standard error %.3f ppm; %d sample(s) dropped as read too slowly)\n",
                        rate.ppmStandardError, r.samplesDropped)
        } else {
            s += "  card rate   not measured (too few position samples)\n"
        }
        s += "  xruns       \(r.xruns.count)"
        if !r.xruns.isEmpty {
            s += " at " + r.xruns.map { String(format: "%.3f s", $0.atSeconds) }.joined(separator: ", ")
        }
        s += " (snd_pcm -EPIPE seen by the stream loop)\n"
        if let d = r.delay {
            let ms = { (f: Double) in f / Double(n.rate) * 1000 }
            s += String(format: "  delay       min %lld / mean %.1f / max %lld frames (%.2f / %.2f / %.2f ms; snd_pcm_delay after each transfer)\n",
                        d.minFrames, d.meanFrames, d.maxFrames, ms(Double(d.minFrames)), ms(d.meanFrames), ms(Double(d.maxFrames)))
        }
        if let p = r.procStream {
            s += "  \(p.path) (read while running):\n"
            for l in p.lines { s += "    \(l)\n" }
        } else if r.card != nil {
            s += "  /proc/asound stream file: none for this card (not a USB card)\n"
        }
        if let sig = r.interruptedBySignal { s += "  interrupted by signal \(sig): figures cover the time streamed\n" }
        return s
    }
}
#endif
