import ArgumentParser
import UAC2Kit

/// Hidden: writes a synthetic usbmon pcapng of a known stream (Tools/capture-gen, Tools/bench).
struct CaptureSynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capture-synth",
        abstract: "Write a synthetic usbmon pcapng of a known UAC2 stream.",
        shouldDisplay: false)

    @Option(help: "Output file.") var out: String
    @Option(help: "Nominal sampling rate in Hz: 48000, 48k, 44.1k. (default: 48000)", transform: SampleRate.init(parsing:)) var rate = SampleRate(hz: 48000)
    @Option(help: "Channels.") var channels = 2
    @Option(help: "bSubslotSize in bytes.") var subslot = 3
    @Option(help: "full or high.") var speed: USBSpeed = .high
    @Option(help: "out (with a feedback endpoint) or in.") var direction = "out"
    @Option(help: "Device clock offset in ppm.") var drift = 0.0
    @Option(help: "Stream length in seconds.") var seconds = 1.0
    @Option(help: "Packets per URB.") var packetsPerUrb = 8
    @Flag(help: "Send 16.16 feedback in 4 bytes at full speed (the common mistake).") var wrongFeedbackFormat = false
    @Option(help: "Leave out the data URBs between START and START+LENGTH seconds (START:LENGTH).") var gap: String?

    func run() throws {
        var s = CaptureSynth()
        s.rate = rate.hz; s.channels = channels; s.subslotSize = subslot
        try speed.requireUSB2("the synthetic capture is a USB 2.0 usbmon stream")
        let sp = speed
        guard let dir = CaptureSynth.Direction(rawValue: direction) else { throw ValidationError("--direction wants out or in") }
        s.speed = sp; s.direction = dir; s.driftPPM = drift; s.seconds = seconds; s.packetsPerURB = packetsPerUrb
        s.feedbackFormat = wrongFeedbackFormat ? .wrong : .bySpeed
        if let g = gap {
            let parts = g.split(separator: ":").compactMap { Double($0) }
            guard parts.count == 2 else { throw ValidationError("--gap wants START:LENGTH in seconds") }
            s.gap = (parts[0], parts[1])
        }
        let n = try s.write(toFile: out)
        print("\(out): \(n) packets; device clock \(s.deviceRate) Hz, feedback 0x\(String(s.feedbackRaw, radix: 16)) = \(s.feedbackHz) Hz")
    }
}
