#if Live && os(Linux) // ALSA is Linux only; without the trait this target compiles empty.
import CALSA
#if canImport(Glibc)
import Glibc
#endif

/// `uac2 probe --alsa`: opens a PCM with the asked parameters, streams silence (playback) or
/// reads (capture) for the asked time, and measures the card's real rate against
/// CLOCK_MONOTONIC from its position (frames transferred ∓ snd_pcm_delay) sampled after every
/// transfer. The PCM is opened non-blocking and every wait has a 1 s timeout.
public enum ALSAProbe {
    static let waitTimeoutMs: Int32 = 1000
    /// Position samples whose snd_pcm_avail_delay call took longer than this (50 µs) are not fitted: the midpoint time is then uncertain by more than a frame at 48 kHz.
    public static let maxSampleWindow = 0.00005

    public static func run(_ opt: ALSAProbeOptions) throws -> ALSAProbeResult {
        let stream = opt.direction == .playback ? SND_PCM_STREAM_PLAYBACK : SND_PCM_STREAM_CAPTURE
        var pcmOut: OpaquePointer?
        let oerr = snd_pcm_open(&pcmOut, opt.pcm, stream, SND_PCM_NONBLOCK)
        guard oerr >= 0, let pcm = pcmOut else { throw openError(opt.pcm, oerr, opt.direction) }
        defer { snd_pcm_drop(pcm); snd_pcm_close(pcm) }

        let (card, device) = cardAndDevice(pcm)
        var opt = opt
        if let alt = opt.alt { try applyAlt(alt, card: card, device: device, &opt) }
        let neg = try configure(pcm, opt)
        return try runStream(pcm, opt, neg, card: card, device: device)
    }

    static func message(_ err: Int32) -> String { String(cString: snd_strerror(err)) }

    static func openError(_ name: String, _ err: Int32, _ dir: ALSAProbeOptions.Direction) -> ProbeError {
        let what = "cannot open ALSA PCM '\(name)' for \(dir.rawValue): \(message(err))"
        switch -err {
        case ENOENT, ENODEV, ENXIO: return .notFound(what)
        case EBUSY, EAGAIN: return .busy(what + " (in use by another program?)")
        case EACCES, EPERM: return .permission(what + " (no access to /dev/snd?)")
        case EINVAL: return .notFound(what + " (no such PCM definition?)")
        default: return .io(what)
        }
    }

    // MARK: parameters

    static func configure(_ pcm: OpaquePointer, _ opt: ALSAProbeOptions) throws -> ALSAProbeResult.Negotiated {
        var hwOut: OpaquePointer?
        guard snd_pcm_hw_params_malloc(&hwOut) == 0, let hw = hwOut else { throw ProbeError.io("out of memory") }
        defer { snd_pcm_hw_params_free(hw) }
        let name = opt.pcm
        var err = snd_pcm_hw_params_any(pcm, hw)
        guard err >= 0 else { throw ProbeError.refused("PCM '\(name)' offers no configuration: \(message(err))") }
        // Measure the device, not a resampler in front of it (plughw would otherwise convert).
        _ = snd_pcm_hw_params_set_rate_resample(pcm, hw, 0)
        err = snd_pcm_hw_params_set_access(pcm, hw, SND_PCM_ACCESS_RW_INTERLEAVED)
        guard err >= 0 else { throw ProbeError.refused("PCM '\(name)' refuses interleaved read/write access: \(message(err))") }

        let offered = ALSAProbeOptions.formats.filter {
            snd_pcm_hw_params_test_format(pcm, hw, snd_pcm_format_value($0)) == 0
        }
        let format: String
        if let f = opt.format {
            guard ALSAProbeOptions.formats.contains(f) else {
                throw ProbeError.refused("format \(f) is not one uac2 streams (\(ALSAProbeOptions.formats.joined(separator: ", ")))")
            }
            guard offered.contains(f) else {
                throw ProbeError.refused("PCM '\(name)' refuses format \(f) (offers: \(offered.isEmpty ? "none of S16_LE, S24_3LE, S32_LE" : offered.joined(separator: ", ")))")
            }
            format = f
        } else {
            guard let f = offered.first else {
                throw ProbeError.refused("PCM '\(name)' offers none of the formats uac2 streams (S16_LE, S24_3LE, S32_LE)")
            }
            format = f
        }
        err = snd_pcm_hw_params_set_format(pcm, hw, snd_pcm_format_value(format))
        guard err >= 0 else { throw ProbeError.refused("PCM '\(name)' refuses format \(format): \(message(err))") }

        var cmin: UInt32 = 0, cmax: UInt32 = 0
        snd_pcm_hw_params_get_channels_min(hw, &cmin)
        snd_pcm_hw_params_get_channels_max(hw, &cmax)
        var channels = opt.channels ?? 2
        if let c = opt.channels {
            err = snd_pcm_hw_params_set_channels(pcm, hw, c)
            guard err >= 0 else { throw ProbeError.refused("PCM '\(name)' refuses \(c) channels (offers \(cmin)..\(cmax))") }
        } else {
            err = snd_pcm_hw_params_set_channels_near(pcm, hw, &channels)
            guard err >= 0 else { throw ProbeError.refused("PCM '\(name)' offers no channel count: \(message(err))") }
        }

        var rmin: UInt32 = 0, rmax: UInt32 = 0, dir: Int32 = 0
        snd_pcm_hw_params_get_rate_min(hw, &rmin, &dir)
        snd_pcm_hw_params_get_rate_max(hw, &rmax, &dir)
        var rate = opt.rate ?? 48000
        if let r = opt.rate {
            err = snd_pcm_hw_params_set_rate(pcm, hw, r, 0)
            guard err >= 0 else {
                throw ProbeError.refused("PCM '\(name)' refuses rate \(r) Hz (offers \(rmin)..\(rmax) Hz with \(format), \(channels) ch)")
            }
        } else {
            dir = 0
            err = snd_pcm_hw_params_set_rate_near(pcm, hw, &rate, &dir)
            guard err >= 0 else { throw ProbeError.refused("PCM '\(name)' offers no rate: \(message(err))") }
        }

        // ~100 ms buffer in ~10 ms periods: long enough not to xrun on a busy 2-core machine,
        // short enough that a stall of a few hundred ms shows as an xrun.
        var bufferUs: UInt32 = 100_000, periodUs: UInt32 = 10_000
        dir = 0
        _ = snd_pcm_hw_params_set_buffer_time_near(pcm, hw, &bufferUs, &dir)
        dir = 0
        _ = snd_pcm_hw_params_set_period_time_near(pcm, hw, &periodUs, &dir)

        err = snd_pcm_hw_params(pcm, hw)
        guard err >= 0 else {
            throw ProbeError.refused("PCM '\(name)' refuses \(rate) Hz, \(channels) ch, \(format): \(message(err))")
        }
        var period: snd_pcm_uframes_t = 0, buffer: snd_pcm_uframes_t = 0
        dir = 0
        snd_pcm_hw_params_get_period_size(hw, &period, &dir)
        snd_pcm_hw_params_get_buffer_size(hw, &buffer)
        var realRate: UInt32 = 0
        dir = 0
        snd_pcm_hw_params_get_rate(hw, &realRate, &dir)

        var swOut: OpaquePointer?
        guard snd_pcm_sw_params_malloc(&swOut) == 0, let sw = swOut else { throw ProbeError.io("out of memory") }
        defer { snd_pcm_sw_params_free(sw) }
        snd_pcm_sw_params_current(pcm, sw)
        // Playback starts once the buffer is full; capture is started explicitly.
        snd_pcm_sw_params_set_start_threshold(pcm, sw, opt.direction == .playback ? buffer : 1 << 62)
        snd_pcm_sw_params_set_avail_min(pcm, sw, period)
        err = snd_pcm_sw_params(pcm, sw)
        guard err >= 0 else { throw ProbeError.refused("PCM '\(name)' refuses software parameters: \(message(err))") }

        return .init(rate: realRate, channels: channels, format: format,
                     periodFrames: UInt64(period), bufferFrames: UInt64(buffer))
    }

    /// `--alt`: the parameters snd-usb-audio lists for that altset, unless given explicitly.
    static func applyAlt(_ alt: Int, card: Int32?, device: UInt32?, _ opt: inout ALSAProbeOptions) throws {
        guard let card, let device else {
            throw ProbeError.refused("--alt needs a hardware USB card (hw:N,M); PCM '\(opt.pcm)' is not one")
        }
        let path = "/proc/asound/card\(card)/stream\(device)"
        guard let text = ProcAsound.read(path) else {
            throw ProbeError.refused("--alt: \(path) does not exist (not a USB audio card?)")
        }
        let alts = ProcStreamFormats.parse(text).filter { $0.direction == opt.direction && $0.altset == alt }
        guard let f = alts.first else {
            throw ProbeError.refused("--alt \(alt): \(path) lists no \(opt.direction.rawValue) altset \(alt)")
        }
        if opt.format == nil { opt.format = f.formats.first { ALSAProbeOptions.formats.contains($0) } }
        if opt.channels == nil, let c = f.channels { opt.channels = UInt32(c) }
        if opt.rate == nil {
            opt.rate = f.continuous ? nil : (f.rates.contains(48000) ? 48000 : f.rates.first)
        }
    }

    static func cardAndDevice(_ pcm: OpaquePointer) -> (Int32?, UInt32?) {
        var infoOut: OpaquePointer?
        guard snd_pcm_info_malloc(&infoOut) == 0, let info = infoOut else { return (nil, nil) }
        defer { snd_pcm_info_free(info) }
        guard snd_pcm_info(pcm, info) >= 0 else { return (nil, nil) }
        let card = snd_pcm_info_get_card(info)
        return card >= 0 ? (card, snd_pcm_info_get_device(info)) : (nil, nil)
    }

    // MARK: streaming

    static func runStream(_ pcm: OpaquePointer, _ opt: ALSAProbeOptions, _ neg: ALSAProbeResult.Negotiated,
                       card: Int32?, device: UInt32?) throws -> ALSAProbeResult {
        let playback = opt.direction == .playback
        let frameBytes = Int(snd_pcm_frames_to_bytes(pcm, 1))
        let chunk = Int(neg.periodFrames)
        var buf = [UInt8](repeating: 0, count: max(1, chunk * frameBytes))

        var segments: [[(t: Double, frames: Double)]] = []
        var segment: [(t: Double, frames: Double)] = []
        segment.reserveCapacity(Int(opt.seconds * Double(neg.rate) / Double(max(chunk, 1))) + 16)
        var segFrames: Int64 = 0
        var total: UInt64 = 0
        var xruns: [ALSAProbeResult.Xrun] = []
        var dmin = Int64.max, dmax = Int64.min, dsum = 0.0, dn = 0
        var proc: ALSAProbeResult.ProcStream?
        var nextProgress = 1.0
        var dropped = 0

        func transfer(_ frames: Int) -> Int {
            buf.withUnsafeMutableBytes { p -> Int in
                playback ? Int(snd_pcm_writei(pcm, p.baseAddress, snd_pcm_uframes_t(frames)))
                         : Int(snd_pcm_readi(pcm, p.baseAddress, snd_pcm_uframes_t(frames)))
            }
        }
        func fail(_ err: Int32, _ what: String) -> ProbeError {
            if -err == ENODEV || -err == ESHUTDOWN {
                return .io("PCM '\(opt.pcm)' disappeared while \(what) (device unplugged?): \(message(err))")
            }
            return .io("PCM '\(opt.pcm)' failed while \(what): \(message(err))")
        }
        // Fills a playback buffer (non-blocking writes until -EAGAIN); the start threshold
        // then starts the stream. Capture is started by hand.
        func startSegment() throws {
            segFrames = 0
            if playback {
                var guardCount = 0
                while guardCount < 4096 {
                    guardCount += 1
                    let n = transfer(chunk)
                    if n == -Int(EAGAIN) || n == 0 { break }
                    if n < 0 { throw fail(Int32(n), "filling the buffer") }
                    segFrames += Int64(n); total += UInt64(n)
                }
                if snd_pcm_state(pcm) == SND_PCM_STATE_PREPARED {
                    let e = snd_pcm_start(pcm)
                    if e < 0 { throw fail(e, "starting") }
                }
            } else {
                let e = snd_pcm_start(pcm)
                if e < 0 { throw fail(e, "starting") }
            }
        }
        func recover(_ err: Int32, at t: Double) throws {
            guard err == -EPIPE || err == -ESTRPIPE else { throw fail(err, "streaming") }
            xruns.append(.init(atSeconds: t))
            if !segment.isEmpty { segments.append(segment); segment = [] }
            let e = snd_pcm_prepare(pcm)
            if e < 0 { throw fail(e, "recovering from an xrun") }
            try startSegment()
        }

        let t0 = MonotonicClock.now()
        try startSegment()
        var elapsed = 0.0
        while !Interrupt.requested {
            elapsed = MonotonicClock.now() - t0
            if elapsed >= opt.seconds { break }
            let w = snd_pcm_wait(pcm, waitTimeoutMs)
            if w == 0 {
                throw ProbeError.io("PCM '\(opt.pcm)' moved no frames for \(waitTimeoutMs) ms (timeout)")
            }
            if w < 0 {
                if w == -EINTR { continue }
                try recover(w, at: MonotonicClock.now() - t0); continue
            }
            let avail = snd_pcm_avail_update(pcm)
            if avail < 0 { try recover(Int32(avail), at: MonotonicClock.now() - t0); continue }
            if avail == 0 { continue }
            let n = transfer(min(Int(avail), chunk))
            if n == -Int(EAGAIN) { continue }
            if n < 0 { try recover(Int32(n), at: MonotonicClock.now() - t0); continue }
            segFrames += Int64(n); total += UInt64(n)

            var a: snd_pcm_sframes_t = 0, d: snd_pcm_sframes_t = 0
            let ta = MonotonicClock.now()
            let e = snd_pcm_avail_delay(pcm, &a, &d)
            let tb = MonotonicClock.now()
            if e < 0 { try recover(e, at: tb - t0); continue }
            let pos = playback ? Double(segFrames - Int64(d)) : Double(segFrames + Int64(d))
            // The position was read somewhere between ta and tb; if we were descheduled in
            // between, its time is too uncertain to fit.
            if tb - ta <= maxSampleWindow {
                segment.append(((ta + tb) / 2 - t0, pos))
            } else {
                dropped += 1
            }
            dmin = min(dmin, Int64(d)); dmax = max(dmax, Int64(d)); dsum += Double(d); dn += 1

            if proc == nil, let card, let device, tb - t0 >= opt.seconds / 2 {
                proc = ProcAsound.stream(card: card, device: device)
            }
            if let progress = opt.progress, tb - t0 >= nextProgress {
                nextProgress += 1
                let fit = RateFit.fit(segments: segments + [segment])
                progress(.init(elapsed: tb - t0, frames: total, xruns: xruns.count,
                               ppmSoFar: fit?.ppm(nominal: Double(neg.rate))))
            }
        }
        if !segment.isEmpty { segments.append(segment) }
        let nominal = Double(neg.rate)
        let rate = RateFit.fit(segments: segments).map {
            ALSAProbeResult.Rate(framesPerSecond: $0.framesPerSecond, ppm: $0.ppm(nominal: nominal),
                                 ppmUncertainty: $0.ppmUncertainty(nominal: nominal),
                                 ppmStandardError: $0.ppmStandardError(nominal: nominal),
                                 maxResidualFrames: $0.maxResidualFrames, points: $0.points,
                                 segments: $0.segments, spanSeconds: $0.spanSeconds)
        }
        return ALSAProbeResult(
            pcm: opt.pcm, direction: opt.direction, card: card, device: device, negotiated: neg,
            secondsStreamed: elapsed, framesTransferred: total, rate: rate, xruns: xruns,
            delay: dn > 0 ? .init(minFrames: dmin, meanFrames: dsum / Double(dn), maxFrames: dmax) : nil,
            samplesDropped: dropped, procStream: proc, interruptedBySignal: Interrupt.requested ? Interrupt.signal : nil)
    }
}
#endif
