import Foundation
import UAC2Kit

/// What `uac2 emulate` presents: the device descriptor and first configuration of the input, the
/// entities the responder answers for, and what gadgetfs changes (said in the report).
struct EmulatePlan {
    struct Failure: Error, CustomStringConvertible {
        var description: String
        /// The input is fine but the emulation cannot present it (exit 69, not 65).
        var limitation = false
    }

    /// gadgetfs (drivers/usb/gadget/legacy/inode.c, RBUF_SIZE) answers at most 256 bytes of a control
    /// read: a longer configuration never reads whole and usbcore times out ("unable to read config
    /// index 0 descriptor/all", -110; seen with the 426-byte Ksoloti configuration).
    static let gadgetfsControlReadLimit = 256

    var speed: USBSpeed
    var rates: [Int]
    var descriptors: [UInt8]
    var responderArgs: [String]
    /// Differences between the input and what the host sees, each with its reason.
    var adjustments: [String]
    var functions: [AudioFunction]

    init(_ decoded: DecodedInput, speed: USBSpeed?, rates: [Int]) throws {
        guard let dev = decoded.devices.first(where: { $0.device != nil && $0.configurations.contains { !$0.isOtherSpeed } }),
              var device = dev.device?.encoded(), device.count == 18,
              let config = dev.configurations.first(where: { !$0.isOtherSpeed }) else {
            let why = decoded.diagnostics.first.map { ": \($0.description)" } ?? ""
            throw Failure(description: "no device descriptor with a configuration to present\(why)")
        }
        var cfg = config.sequence.flatMap { $0.encoded() }
        guard cfg.count >= 9 else { throw Failure(description: "the configuration descriptor is cut short") }
        if cfg.count > Self.gadgetfsControlReadLimit {
            throw Failure(description: "the configuration is \(cfg.count) bytes; gadgetfs on Linux 6.1 answers at most \(Self.gadgetfsControlReadLimit) bytes of a control read, so the host could not read it (usbcore would log \"unable to read config index 0 descriptor/all\", error -110, about the emulation, not your device). Configurations up to \(Self.gadgetfsControlReadLimit) bytes can be emulated; `uac2 check` still judges this one.", limitation: true)
        }
        var notes: [String] = []
        let s = speed ?? dev.speed ?? .high
        guard s == .full || s == .high else {
            throw Failure(description: "the input says \(s.rawValue) speed; dummy_hcd presents full or high speed: pass --speed full|high")
        }
        // gadgetfs takes exactly one configuration whose wTotalLength covers what follows, without
        // remote wakeup, and rewrites bcdUSB to 2.00 (drivers/usb/gadget/legacy/inode.c, dev_config).
        let total = Int(cfg[2]) | Int(cfg[3]) << 8
        if total != cfg.count {
            notes.append("wTotalLength \(total) set to \(cfg.count), the bytes of the configuration read (gadgetfs takes the configuration by it)")
            cfg[2] = UInt8(cfg.count & 0xff); cfg[3] = UInt8(cfg.count >> 8)
        }
        if cfg[7] & 0x20 != 0 { cfg[7] &= ~0x20; notes.append("remote wakeup (bmAttributes bit 5) cleared: gadgetfs refuses it") }
        if cfg[7] & 0x80 == 0 { cfg[7] |= 0x80; notes.append("bmAttributes bit 7 set: gadgetfs refuses a configuration without it") }
        if cfg[5] == 0 { cfg[5] = 1; notes.append("bConfigurationValue 0 set to 1: gadgetfs refuses 0") }
        if device[17] != 1 {
            notes.append("bNumConfigurations \(device[17]) presented as 1: only the first configuration is shown")
            device[17] = 1
        }
        let bcd = Int(device[2]) | Int(device[3]) << 8
        if bcd != 0x0200 { notes.append(String(format: "bcdUSB %x.%02x is presented as 2.00 (gadgetfs rewrites it)", bcd >> 8, bcd & 0xff)) }
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
        // Without a high-speed configuration gadgetfs presents a full-speed-only device (no qualifier,
        // so usbcore does not log "not running at top speed" for a device that has no top speed).
        if s == .full { args += ["--full-speed-only", "1"] }
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
        self.descriptors = device + cfg
        self.responderArgs = args
        self.adjustments = notes
        self.functions = fns
    }
}
