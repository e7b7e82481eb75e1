#if Live
import UAC2Kit
/// Findings from the feedback values a device sent while we streamed OUT to it.
enum FeedbackFindings {
    static func evaluate(form: FeedbackForm?, mean: Double, nominal: Double, endpoint: String, speed: USBSpeed,
                         fractionBits: Int, dataPacketBusFrames: Int, bInterval: Int) -> [ProbeFinding] {
        let unit = speed == .full || speed == .low ? "frame" : "microframe"
        let format = fractionBits == 14 ? "10.14" : "16.16"
        let by = "feedback endpoint packets"
        let entity = "endpoint \(endpoint)"
        switch form?.kind {
        case .perBusFrame?:
            return []
        case .perDataPacket?:
            let form = form!
            let perFrame = form.framesPerBusFrame(mean)
            return [ProbeFinding(
                id: "probe.feedback.per-packet", severity: .note, entity: entity,
                message: String(format: "feedback states frames per data packet, not per %@: %.4f per packet of %d %@s (OUT bInterval %d) = %.4f per %@, nominal %.4f. USB 2.0 §5.12.4.2 asks for frames per %@ (%@ %.4f). The form is deliberate in Linux's own UAC2 gadget (u_audio.c), which sends it because the Windows 10 and macOS UAC2 drivers honour only samples per packet; Linux snd-usb-audio detects the shift itself (/proc/asound/cardN/streamM: \"Feedback Format = %@\"). OUT packets here were sized from %.4f frames per %@.",
                                 unit, mean, dataPacketBusFrames, unit, bInterval, perFrame, unit, nominal, unit, format, nominal,
                                 form.linuxFormat, perFrame, unit),
                measuredBy: by)]
        case .otherShift?:
            let form = form!
            return [ProbeFinding(
                id: "probe.feedback.out-of-range", severity: .error, entity: entity,
                message: String(format: "feedback decodes to %.4f frames per (micro)frame, nominal %.4f: wrong format for %@ speed (10.14 at full speed in 3 bytes, 16.16 at high speed in 4)? Scaled by 2^%d it is %.4f, neither per %@ nor per data packet; Linux snd-usb-audio would shift it anyway (\"Feedback Format = %@\"), other hosts read it as sent.",
                                 mean, nominal, speed.rawValue, form.shift, form.framesPerBusFrame(mean), unit, form.linuxFormat),
                measuredBy: by)]
        case nil:
            return [ProbeFinding(
                id: "probe.feedback.out-of-range", severity: .error, entity: entity,
                message: String(format: "feedback decodes to %.4f frames per (micro)frame, nominal %.4f: wrong format for %@ speed (10.14 at full speed in 3 bytes, 16.16 at high speed in 4)? A zero value fits no form; OUT packets were sized at the nominal rate.",
                                 mean, nominal, speed.rawValue),
                measuredBy: by)]
        }
    }
}
#endif
