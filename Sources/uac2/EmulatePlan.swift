import Foundation
import UAC2Kit

/// What `uac2 emulate` presents: the device descriptor and first configuration of the input, byte for
/// byte, the entities the responder answers for, and what the emulation changes (said in the report).
struct EmulatePlan {
    struct Failure: Error, CustomStringConvertible {
        var description: String
        /// The input is fine but the emulation cannot present it (exit 69, not 65).
        var limitation = false
    }

    var speed: USBSpeed
    var rates: [Int]
    /// The device of the input that is presented (a firmware image can hold one set per speed):
    /// `uac2 check` judges this one only.
    var device: USBDevice
    var descriptors: [UInt8]
    var responderArgs: [String]
    /// Differences between the input and what the host sees, each with its reason.
    var adjustments: [String]
    var functions: [AudioFunction]

    init(_ decoded: DecodedInput, speed: USBSpeed?, rates: [Int]) throws {
        // A firmware image can hold one set per speed (issue 20's FS/HS pairing): with --speed, the set
        // whose evidence says that speed; else the first.
        let presentable = decoded.devices.filter { $0.device != nil && $0.configurations.contains { !$0.isOtherSpeed } }
        guard let dev = presentable.first(where: { speed != nil && $0.speed == speed }) ?? presentable.first,
              var device = dev.device?.encoded(), device.count == 18,
              let config = dev.configurations.first(where: { !$0.isOtherSpeed }) else {
            let why = decoded.diagnostics.first.map { ": \($0.description)" } ?? ""
            throw Failure(description: "no device descriptor with a configuration to present\(why)")
        }
        let cfg = config.sequence.flatMap { $0.encoded() }
        guard cfg.count >= 9 else { throw Failure(description: "the configuration descriptor is cut short") }
        var notes: [String] = []
        let s = speed ?? dev.speed ?? .high
        guard s == .full || s == .high else {
            throw Failure(description: "the input says \(s.rawValue) speed; dummy_hcd presents full or high speed: pass --speed full|high", limitation: true)
        }
        // raw-gadget (Tools/vm/rawgadget) hands every ep0 request to our responder, which answers
        // with these bytes as they are: wTotalLength, bmAttributes, bcdUSB and bConfigurationValue
        // reach the host unchanged, so its verdict on them is its own. The responder holds one
        // configuration (GET_DESCRIPTOR index 0); a device descriptor that promises more would make
        // usbcore log a failed read about the emulation, not the device.
        let total = Int(cfg[2]) | Int(cfg[3]) << 8
        if total > cfg.count {
            notes.append("wTotalLength \(total) but the input holds \(cfg.count) bytes of the configuration: the responder answers those \(cfg.count) (a short read)")
        }
        if device[17] != 1 {
            notes.append("bNumConfigurations \(device[17]) presented as 1: only the first configuration is shown")
            device[17] = 1
        }
        if dev.configurations.filter({ !$0.isOtherSpeed }).count > 1 { notes.append("only configuration \(config.value) is presented") }

        // UAC1 formats list their rates: the responder accepts those in SET_CUR SAMPLING_FREQ too.
        var accepted = rates
        for f in config.audioFunctions {
            for a in f.streams {
                switch a.sampleRates {
                case .discrete(let list)?: accepted += list.filter { !accepted.contains($0) }
                case .continuous(let lo, let hi)?: accepted += [lo, hi].filter { !accepted.contains($0) }
                default: break
                }
            }
        }
        var args = ["--rates", accepted.prefix(32).map(String.init).joined(separator: ",")]
        let fns = config.audioFunctions
        for f in fns {
            for e in f.entities {
                switch e.kind {
                case .clockSource: args += ["--clock", String(e.id)]
                case .clockSelector: args += ["--selector", String(e.id)]
                case .featureUnit: args += ["--feature", String(e.id)]
                default: break
                }
            }
        }
        for (i, t) in dev.stringTexts.sorted(by: { $0.key < $1.key }) where i > 0 && i < 32 {
            let clean = t.filter { $0.isASCII && !$0.isWhitespace || $0 == " " }.replacingOccurrences(of: " ", with: "_")
            if !clean.isEmpty { args += ["--string", "\(i)=\(clean)"] }
        }
        if !dev.stringTexts.isEmpty { notes.append("string descriptors carry the input's texts with spaces as underscores") }
        self.speed = s
        self.rates = rates
        self.device = dev
        self.descriptors = device + cfg
        self.responderArgs = args
        self.adjustments = notes
        self.functions = fns
    }
}
