/// A UAC class-specific request recovered from a capture, decoded against the device's
/// audio control entities (UAC1 §5.2, UAC2 §5.2).
public struct CaptureClassRequest: Sendable, Codable {
    public var timeSeconds: Double
    public var packetNumber: Int
    /// "SET CUR", "GET RANGE", ...
    public var request: String
    /// "SAM_FREQ", "CLOCK_VALID", "MUTE", "VOLUME", "SELECTOR", ...
    public var control: String
    /// "clock source 5", "feature unit 10 channel 1", "endpoint 0x01", "interface 2"
    public var target: String
    public var value: String?
    public var status: String
    public var rawSetup: [UInt8]
    public var rawData: [UInt8]
    /// Sampling frequency carried by a SAM_FREQ CUR request (UAC1 endpoint or UAC2 clock source).
    public var sampleRate: Int?
    public var clockSourceID: UInt8?
    public var endpoint: UInt8?
}

enum CaptureClassRequestDecoder {
    /// `config` and `functions` are the configuration in use as the model decoded it: the entity a
    /// request names, and whether its function speaks UAC1 or UAC2/UAC3 requests, come from there.
    static func decode(_ t: CaptureControlTransfer, config: Configuration?, functions: [AudioFunction],
                       timeSeconds: Double) -> CaptureClassRequest? {
        let s = t.setup
        guard s.requestKind == 1, s.recipient == 1 || s.recipient == 2 else { return nil }
        let cs = UInt8(s.wValue >> 8)
        let cn = UInt8(s.wValue & 0xFF)
        let uac2: Bool
        var target: String
        var control = "control \(cs)"
        var kind: AudioEntityKind? = nil
        var clockID: UInt8? = nil
        var endpoint: UInt8? = nil
        if s.recipient == 1 {
            let iface = UInt8(s.wIndex & 0xFF)
            let entity = UInt8(s.wIndex >> 8)
            // Class requests to other interfaces (HID, vendor) are not audio.
            if let c = config, c.altSettings.contains(where: \.isAudioControl) {
                let isAudio = c.altSettings.contains { $0.interfaceNumber == Int(iface) && $0.interfaceClass == 1 }
                if !isAudio { return nil }
            }
            // UAC2 and UAC3 share the request layout (CUR, RANGE, MEM); UAC1 has its own.
            let version = functions.function(ofInterface: Int(iface))?.version ?? functions.first?.version
            uac2 = config == nil ? (s.bRequest < 0x80 && s.bRequest <= 3 && s.isDeviceToHost) : version.map { $0 != .uac1 } ?? false
            if entity == 0 {
                target = "interface \(iface)"
                if uac2 {
                    switch cs {
                    case 1: control = "ACT_ALT_SETTING"
                    case 2: control = "VAL_ALT_SETTINGS"
                    case 3: control = "AUDIO_DATA_FORMAT"
                    default: break
                    }
                }
            } else {
                kind = functions.entity(Int(entity), interface: Int(iface))?.kind
                target = "\(kindName(kind)) \(entity)"
                switch kind {
                case .clockSource:
                    clockID = entity
                    control = cs == 1 ? "SAM_FREQ" : cs == 2 ? "CLOCK_VALID" : control
                case .clockSelector:
                    control = cs == 1 ? "CLOCK_SELECTOR" : control
                case .clockMultiplier:
                    control = cs == 1 ? "NUMERATOR" : cs == 2 ? "DENOMINATOR" : control
                case .selectorUnit:
                    control = (cs == 1 || !uac2) ? "SELECTOR" : control
                case .featureUnit:
                    let names = [1: "MUTE", 2: "VOLUME", 3: "BASS", 4: "MID", 5: "TREBLE", 6: "GRAPHIC_EQUALIZER",
                                 7: "AUTOMATIC_GAIN", 8: "DELAY", 9: "BASS_BOOST", 10: "LOUDNESS", 11: "INPUT_GAIN",
                                 12: "INPUT_GAIN_PAD", 13: "PHASE_INVERTER", 14: "UNDERFLOW", 15: "OVERFLOW"]
                    control = names[Int(cs)] ?? control
                    target += cn == 0 ? " master" : " channel \(cn)"
                case .inputTerminal, .outputTerminal:
                    let names = [1: "COPY_PROTECT", 2: "CONNECTOR", 3: "OVERLOAD", 4: "CLUSTER", 5: "UNDERFLOW", 6: "OVERFLOW", 7: "LATENCY"]
                    control = uac2 ? names[Int(cs)] ?? control : control
                default: break
                }
            }
        } else {
            let ep = UInt8(s.wIndex & 0xFF)
            endpoint = ep
            target = "endpoint 0x" + hex2(ep)
            let owner = config?.owner(ofEndpoint: ep, activeAlts: [:]).flatMap { functions.function(ofInterface: $0.interfaceNumber) }
            uac2 = (owner?.version ?? functions.first?.version).map { $0 != .uac1 } ?? false
            if uac2 {
                control = cs == 1 ? "PITCH" : cs == 2 ? "DATA_OVERRUN" : cs == 3 ? "DATA_UNDERRUN" : control
            } else {
                control = cs == 1 ? "SAMPLING_FREQ" : cs == 2 ? "PITCH" : control
            }
        }
        let request: String
        if uac2 {
            let base = s.bRequest == 1 ? "CUR" : s.bRequest == 2 ? "RANGE" : s.bRequest == 3 ? "MEM" : "request \(s.bRequest)"
            request = (s.isDeviceToHost ? "GET " : "SET ") + base
        } else {
            let names: [UInt8: String] = [0x01: "SET CUR", 0x02: "SET MIN", 0x03: "SET MAX", 0x04: "SET RES", 0x05: "SET MEM",
                                          0x81: "GET CUR", 0x82: "GET MIN", 0x83: "GET MAX", 0x84: "GET RES", 0x85: "GET MEM",
                                          0xFF: "GET STAT"]
            request = names[s.bRequest] ?? "request 0x\(hex2(s.bRequest))"
        }
        var value: String? = nil
        var rate: Int? = nil
        let d = t.data
        let isRange = request.hasSuffix("RANGE")
        if !d.isEmpty && t.status != .stall {
            switch control {
            case "SAM_FREQ":
                if isRange { value = ranges(d, width: 4, format: { "\($0) Hz" }) }
                else if d.count >= 4 { let v = le(d, 0, 4); value = "\(v) Hz"; rate = v }
            case "SAMPLING_FREQ":
                if d.count >= 3 { let v = le(d, 0, 3); value = "\(v) Hz"; if request.hasSuffix("CUR") { rate = v } }
            case "CLOCK_VALID":
                value = d[0] & 1 != 0 ? "valid" : "not valid"
            case "MUTE":
                value = d[0] != 0 ? "muted" : "unmuted"
            case "VOLUME":
                if isRange { value = ranges(d, width: 2, format: { dB($0) }) }
                else if d.count >= 2 { value = dB(le(d, 0, 2)) }
            case "SELECTOR", "CLOCK_SELECTOR":
                value = "input pin \(d[0])"
            default:
                value = d.map(hex2).joined(separator: " ")
            }
        }
        return CaptureClassRequest(
            timeSeconds: timeSeconds, packetNumber: t.packetNumber, request: request, control: control, target: target,
            value: value, status: t.status.description,
            rawSetup: [s.bmRequestType, s.bRequest, UInt8(s.wValue & 0xFF), UInt8(s.wValue >> 8),
                       UInt8(s.wIndex & 0xFF), UInt8(s.wIndex >> 8), UInt8(s.wLength & 0xFF), UInt8(s.wLength >> 8)],
            rawData: Array(d.prefix(256)), sampleRate: t.status == .stall ? nil : rate, clockSourceID: clockID, endpoint: endpoint)
    }

    /// "clock source", "feature unit": the layout row's entity kind, as findings name it, in lower case.
    static func kindName(_ k: AudioEntityKind?) -> String { k.map { $0.name.lowercased() } ?? "entity" }

    static func le(_ d: [UInt8], _ o: Int, _ n: Int) -> Int {
        var v = 0
        for k in 0..<n where o + k < d.count { v |= Int(d[o + k]) << (8 * k) }
        return v
    }

    /// Volume in 1/256 dB steps, signed 16-bit; 0x8000 is -infinity.
    static func dB(_ raw: Int) -> String {
        let v = Int16(truncatingIfNeeded: raw)
        if v == Int16.min { return "-inf dB" }
        let x = Double(v) / 256
        let r = (x * 100).rounded() / 100
        return "\(r) dB"
    }

    /// UAC2 RANGE layout: wNumSubRanges, then (MIN, MAX, RES) triplets.
    static func ranges(_ d: [UInt8], width: Int, format: (Int) -> String) -> String {
        guard d.count >= 2 else { return d.map(hex2).joined(separator: " ") }
        let n = le(d, 0, 2)
        var parts: [String] = []
        var o = 2
        var k = 0
        while k < n && o + 3 * width <= d.count {
            let mn = le(d, o, width), mx = le(d, o + width, width), res = le(d, o + 2 * width, width)
            parts.append(mn == mx ? format(mn) : "\(format(mn))..\(format(mx)) step \(width == 2 ? format(res) : String(res))")
            o += 3 * width
            k += 1
        }
        var s = "\(n) subrange\(n == 1 ? "" : "s"): " + parts.joined(separator: ", ")
        if k < n { s += " (\(n - k) more not in the \(d.count)-byte response)" }
        return s
    }
}
