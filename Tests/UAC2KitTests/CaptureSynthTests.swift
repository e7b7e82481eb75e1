import Foundation
import Testing
@testable import UAC2Kit

/// Synthetic usbmon captures of known streams (CaptureSynth, also `uac2 capture-synth`): the
/// analyzer must give back the rate and feedback they were built with.
@Suite struct CaptureSynthTests {
    func analyze(_ s: CaptureSynth) throws -> (CaptureDeviceReport, CaptureStreamReport, CaptureStreamReport?) {
        let r = CaptureAnalyzer.analyze(bytes: s.bytes())
        #expect(r.error == nil)
        let dev = try #require(r.devices.first)
        let data = try #require(dev.streams.first { $0.role == "data" })
        return (dev, data, dev.streams.first { $0.role == "feedback" })
    }

    /// Tolerance for a bus-clock rate: the stream's start phase moves the total by under one frame.
    func busTolerance(_ s: CaptureSynth) -> Double { 1.0 / s.seconds + 1e-6 }

    @Test func highSpeedOutWithFeedbackAndDrift() throws {
        var s = CaptureSynth()
        s.rate = 48000; s.channels = 2; s.subslotSize = 3; s.speed = .high; s.driftPPM = 100; s.seconds = 2
        let (dev, data, fb) = try analyze(s)
        #expect(dev.speed == "high")
        #expect(data.nominalRate == 48000 && data.frameBytes == 6)
        #expect(data.packets == 16000 && data.transfers == 2000)
        #expect(data.packetIntervalMicroseconds == 125)
        // The host follows the feedback, so the bus-clock rate is the quantised feedback rate.
        #expect(abs(data.measuredRateBusClock! - s.feedbackHz) <= busTolerance(s))
        #expect(abs(data.measuredRateBusClock! - s.deviceRate) <= busTolerance(s) + 0.01)
        // Timestamps carry ±40 µs of jitter at both ends of a 2 s span.
        #expect(abs(data.measuredRateTimestamps! - s.deviceRate) <= s.deviceRate * 80e-6 / s.seconds + busTolerance(s))
        #expect(data.allowedFramesMin == 5 && data.allowedFramesMax == 7 && data.packetsOutsidePlusMinusOne == 0)
        #expect(data.packetsOverMaxPacketSize == 0 && data.gaps == 0 && data.packetsWithErrorStatus == 0)
        #expect(data.rateWindows.count == 2)
        for w in data.rateWindows { #expect(abs(w.busClockRate! - s.deviceRate) < 2) }
        let f = try #require(fb?.feedback)
        #expect(f.packetSize == 4 && f.detectedFormat == "16.16" && f.formatMatchesSpeed == true && f.shift == 0)
        #expect(f.rawMin == s.feedbackRaw && f.rawMax == s.feedbackRaw)
        #expect(abs(f.meanHz! - s.feedbackHz) < 1e-6)
        #expect(abs(f.meanHz! - s.deviceRate) < 8000.0 / 65536)   // one 16.16 step at 8000 microframes/s
        #expect(fb?.packets == 2000)
        // One feedback value per millisecond: two one-second windows.
        #expect(f.windows.map(\.packets) == [1000, 1000])
        for w in f.windows { #expect(abs(w.busClockRate! - s.feedbackHz) < 1e-6) }
    }

    @Test func fullSpeedOutWith1014Feedback() throws {
        var s = CaptureSynth()
        s.rate = 44100; s.channels = 2; s.subslotSize = 2; s.speed = .full; s.driftPPM = -250; s.seconds = 3
        let (dev, data, fb) = try analyze(s)
        #expect(dev.speed == "full")
        #expect(data.packetIntervalMicroseconds == 1000)
        #expect(abs(data.measuredRateBusClock! - s.feedbackHz) <= busTolerance(s))
        #expect(data.allowedFramesMin == 44 && data.allowedFramesMax == 45 && data.packetsOutsidePlusMinusOne == 0)
        #expect(data.framesPerPacketHistogram?.map { $0[0] } == [44, 45])
        let f = try #require(fb?.feedback)
        #expect(f.packetSize == 3 && f.expectedFormat == "10.14" && f.detectedFormat == "10.14" && f.shift == 2)
        #expect(f.formatMatchesSpeed == true && f.findings.isEmpty)
        #expect(abs(f.meanHz! - s.deviceRate) < 1000.0 / 16384)   // one 10.14 step at 1000 frames/s
    }

    @Test func fullSpeedFeedbackIn1616IsDetectedLikeLinux() throws {
        var s = CaptureSynth()
        s.rate = 48000; s.channels = 2; s.subslotSize = 2; s.speed = .full; s.seconds = 1
        s.feedbackFormat = .wrong; s.driftPPM = 20
        let (dev, _, fb) = try analyze(s)
        #expect(dev.speed == "full")
        let f = try #require(fb?.feedback)
        #expect(f.packetSize == 4 && f.detectedFormat == "16.16" && f.shift == 0 && f.formatMatchesSpeed == false)
        #expect(f.findings.contains { $0.contains("16.16") && $0.contains("10.14") })
        #expect(abs(f.meanHz! - s.deviceRate) < 1000.0 / 65536)
    }

    @Test func highSpeedInputFollowsTheDeviceClock() throws {
        var s = CaptureSynth()
        s.rate = 96000; s.channels = 8; s.subslotSize = 4; s.speed = .high; s.direction = .in; s.driftPPM = 50; s.seconds = 1.5
        let (dev, data, fb) = try analyze(s)
        #expect(fb == nil)
        #expect(dev.speed == "high")
        #expect(data.endpoint == "0x82" && data.direction == "IN" && data.frameBytes == 32)
        #expect(abs(data.measuredRateBusClock! - s.deviceRate) <= busTolerance(s))
        #expect(abs(data.measuredRateTimestamps! - s.deviceRate) <= s.deviceRate * 80e-6 / s.seconds + busTolerance(s))
        #expect(data.allowedFramesMin == 11 && data.allowedFramesMax == 13 && data.packetsOutsidePlusMinusOne == 0)
    }

    @Test func missingURBsAreReportedAsAGap() throws {
        var s = CaptureSynth()
        s.seconds = 1; s.gap = (0.5, 0.010)   // 10 ms of data URBs missing
        let (_, data, fb) = try analyze(s)
        #expect(data.gaps == 1)
        // The URB after the gap completes 11 ms after the one before it (10 ms missing + its own 1 ms), ± jitter.
        #expect(abs(data.largestGapMilliseconds! - 11) < 0.1)
        #expect(data.findings.contains { $0.hasPrefix("1 gap in the stream") })
        #expect(data.packets == 8000 - 80)
        #expect(fb?.gaps == 0)
    }

    @Test(.enabled(if: CaptureTshark.available, "tshark is not installed: the independent decoder is missing"))
    func synthIsoDescriptorsMatchTshark() throws {
        var s = CaptureSynth()
        s.seconds = 0.25; s.driftPPM = 300
        let path = NSTemporaryDirectory() + "uac2-synth-\(getpid()).pcapng"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try s.write(toFile: path)
        let r = CaptureAnalyzer.analyze(path: path)
        let rows = try CaptureTshark.fields(path, filter: "usb.transfer_type == 0", ["usb.endpoint_address", "usb.urb_type", "usb.iso.iso_len"])
        var theirs: [String: [Int: Int]] = [:]
        for row in rows {
            let ep = Int(row[0].dropFirst(2), radix: 16)!
            guard (ep & 0x80 != 0 && row[1] == "'C'") || (ep & 0x80 == 0 && row[1] == "'S'") else { continue }
            for l in row[2].split(separator: ",") { theirs[String(format: "0x%02x", ep), default: [:]][Int(l)!, default: 0] += 1 }
        }
        var ours: [String: [Int: Int]] = [:]
        for st in r.devices.first?.streams ?? [] { for h in st.sizeHistogram { ours[st.endpoint, default: [:]][h[0], default: 0] += h[1] } }
        #expect(ours == theirs)
        let setCur = try CaptureTshark.fields(path, filter: "usb.bmRequestType == 0x21", ["usb.setup.wValue", "usb.setup.wIndex"])
        #expect(setCur.count == 1)
        #expect(r.devices.first?.classRequests.first?.target == "clock source 1")
        #expect(r.devices.first?.classRequests.first?.sampleRate == 48000)
    }
}
