import Testing
@testable import UAC2Kit

/// One minimal descriptor set per rule that triggers it, and the corrected set that does not.
struct RuleCase: Sendable, CustomTestStringConvertible {
    let id: String
    /// Figures the finding's message (or fix) must contain.
    let figures: [String]
    let trigger: @Sendable () -> DescriptorBuilder
    let fixed: @Sendable () -> DescriptorBuilder
    var rates: [Int] = [48000]

    var testDescription: String { id }
}

typealias B = DescriptorBuilder

extension B {
    static var hs: B { .uac2(speed: .high) }
    /// A vendor-specific interface 3 with one bulk OUT endpoint 0x03 of `size` bytes.
    static func bulk(_ b: inout B, _ size: UInt64) {
        b.set("CONFIGURATION", 0, "bNumInterfaces", [4])
        b.interface(3, endpoints: 1, subclass: 0, proto: 0, cls: 255)
        b.endpoint(0x03, attributes: 0x02, maxPacket: size, interval: 0)
    }
    static var fs: B { .uac2(speed: .full) }
    mutating func setEP(_ address: UInt64, _ field: String, _ value: UInt64, _ n: Int = 0) {
        if let i = endpointIndex(address, n) { set(at: i, field, [value]) }
    }
    /// A SuperSpeed Endpoint Companion right after the endpoint (before its class-specific descriptor).
    mutating func companion(_ address: UInt64, burst: UInt64, attributes: UInt64, bytesPerInterval: UInt64) {
        guard let i = endpointIndex(address) else { return }
        insert(StandardLayouts.ssEndpointCompanion, ["bDescriptorType": [0x30], "bMaxBurst": [burst], "bmAttributes": [attributes],
                                                     "wBytesPerInterval": [bytesPerInterval]], at: i + 1)
    }
    mutating func setIF(_ number: UInt64, alt: UInt64, _ field: String, _ value: UInt64) {
        if let i = interfaceIndex(number, alt: alt) { set(at: i, field, [value]) }
    }
}

let ruleCases: [RuleCase] = [
    // MARK: chapter 9
    RuleCase(id: "USB-CH9-001", figures: ["bLength 7", "at least 8"], trigger: {
        B.hs.with { b in let i = b.index("INTERFACE_ASSOCIATION")!; b.set(at: i, "bLength", [7]); b.entries[i].cut = 7 }
    }, fixed: { B.hs }),
    RuleCase(id: "USB-CH9-002", figures: ["wTotalLength 100"], trigger: { B.hs.with { $0.set("CONFIGURATION", 0, "wTotalLength", [100]) } }, fixed: { B.hs }),
    RuleCase(id: "USB-CH9-003", figures: ["bNumInterfaces 4", "has 3 interfaces"], trigger: { B.hs.with { $0.set("CONFIGURATION", 0, "bNumInterfaces", [4]) } }, fixed: { B.hs }),
    RuleCase(id: "USB-CH9-004", figures: ["0, 1, 3", "interface 2 is missing"], trigger: {
        B.hs.with { $0.setIF(2, alt: 0, "bInterfaceNumber", 3); $0.setIF(2, alt: 1, "bInterfaceNumber", 3); $0.set("INTERFACE_ASSOCIATION", 0, "bInterfaceCount", [4]) }
    }, fixed: { B.hs }),
    RuleCase(id: "USB-CH9-005", figures: ["bNumEndpoints 1", "2 endpoint descriptors"], trigger: { B.hs.with { $0.setIF(1, alt: 1, "bNumEndpoints", 1) } }, fixed: { B.hs }),
    RuleCase(id: "USB-CH9-006", figures: ["0, 2"], trigger: { B.hs.with { $0.setIF(2, alt: 1, "bAlternateSetting", 2) } }, fixed: { B.hs }),
    RuleCase(id: "USB-CH9-007", figures: ["0x81", "interface 1 alt 1"], trigger: { B.hs.with { $0.setEP(0x82, "bEndpointAddress", 0x81) } }, fixed: { B.hs }),
    RuleCase(id: "USB-CH9-008", figures: ["bInterval 0", "1–16"], trigger: { B.hs.with { $0.setEP(0x82, "bInterval", 0) } }, fixed: { B.hs }),
    RuleCase(id: "USB-CH9-009", figures: ["0x00", "0x80"], trigger: { B.hs.with { $0.set("CONFIGURATION", 0, "bmAttributes", [0]) } }, fixed: { B.hs }),
    RuleCase(id: "USB-CH9-010", figures: ["0x0200"], trigger: { B.fs.with { $0.set("DEVICE", 0, "bcdUSB", [0x0200]) } }, fixed: { B.fs }),
    RuleCase(id: "USB-CH9-011", figures: ["1100", "1023", "has invalid maxpacket 1100, setting to 1023"], trigger: { B.fs.with { $0.setEP(0x82, "wMaxPacketSize", 1100) } }, fixed: { B.fs }),
    RuleCase(id: "USB-CH9-012", figures: ["0x08c4", "only at high speed", "0x00c4"], trigger: { B.fs.with { $0.setEP(0x82, "wMaxPacketSize", 0x0800 | 196) } }, fixed: { B.fs }),
    RuleCase(id: "USB-CH9-013", figures: ["wMaxPacketSize 0", "0x82"], trigger: { B.hs.with { $0.setEP(0x82, "wMaxPacketSize", 0) } }, fixed: { B.hs }),
    RuleCase(id: "USB-CH9-015", figures: ["0x03", "4 B", "512 B"], trigger: { B.hs.with { B.bulk(&$0, 4) } }, fixed: { B.hs.with { B.bulk(&$0, 512) } }),
    RuleCase(id: "USB-CH9-014", figures: ["0x80"], trigger: { B.hs.with { $0.setEP(0x82, "bEndpointAddress", 0x80) } }, fixed: { B.hs }),
    // MARK: SuperSpeed companion (endpoint 0x82: 28 B per packet)
    RuleCase(id: "USB-SS-001", figures: ["bMaxBurst 255", "0 to 15", "bMaxBurst = 255 in config 1 interface 2 altsetting 1 ep 0x82: setting to 15"], trigger: {
        B.hs.with { $0.companion(0x82, burst: 255, attributes: 0, bytesPerInterval: 28) }
    }, fixed: { B.hs.with { $0.companion(0x82, burst: 15, attributes: 0, bytesPerInterval: 28) } }),
    RuleCase(id: "USB-SS-002", figures: ["0x7f", "Mult 3", "reserved bits 6..2", "Mult of 4 in config 1 interface 2 altsetting 1 ep 0x82: setting to 3"], trigger: {
        B.hs.with { $0.companion(0x82, burst: 0, attributes: 0x7F, bytesPerInterval: 28) }
    }, fixed: { B.hs.with { $0.companion(0x82, burst: 0, attributes: 2, bytesPerInterval: 28) } }),
    RuleCase(id: "USB-SS-003", figures: ["wBytesPerInterval 200", "2 × 3 × 28 = 168", "Isoc endpoint with wBytesPerInterval of 200", "setting to 168"], trigger: {
        B.hs.with { $0.companion(0x82, burst: 1, attributes: 2, bytesPerInterval: 200) }
    }, fixed: { B.hs.with { $0.companion(0x82, burst: 1, attributes: 2, bytesPerInterval: 168) } }),
    // MARK: audio function
    RuleCase(id: "UAC-FN-001", figures: ["UAC2", "bFirstInterface 0, bInterfaceCount 3"], trigger: { B.hs.with { $0.remove(at: $0.index("INTERFACE_ASSOCIATION")!) } }, fixed: { B.hs }),
    RuleCase(id: "UAC-FN-002", figures: ["bInterfaceCount 2", "interface(s) 2", "bInterfaceCount 3"], trigger: { B.hs.with { $0.set("INTERFACE_ASSOCIATION", 0, "bInterfaceCount", [2]) } }, fixed: { B.hs }),
    RuleCase(id: "UAC-FN-003", figures: ["bcdADC 1.00", "UAC2"], trigger: { B.hs.with { $0.set("UAC2_HEADER", 0, "bcdADC", [0x0100]) } }, fixed: { B.hs }),
    RuleCase(id: "UAC-FN-004", figures: ["wTotalLength 50", "total 93"], trigger: { B.hs.with { $0.set("UAC2_HEADER", 0, "wTotalLength", [50]) } }, fixed: { B.hs }),
    RuleCase(id: "UAC-FN-005", figures: ["interface 0", "HEADER"], trigger: { B.hs.with { $0.remove(at: $0.index("UAC2_HEADER")!) } }, fixed: { B.hs }),
    RuleCase(id: "UAC-FN-006", figures: ["baInterfaceNr 1", "leaves out AudioStreaming/MIDI interface(s) 2", "bInCollection 2, baInterfaceNr 1, 2"], trigger: {
        B.uac1().with { $0.set("CONFIGURATION", 0, "bNumInterfaces", [3]); $0.interface(2, endpoints: 0, subclass: 3, proto: 0) }
    }, fixed: {
        B.uac1().with { b in
            b.set("CONFIGURATION", 0, "bNumInterfaces", [3]); b.interface(2, endpoints: 0, subclass: 3, proto: 0)
            b.set("UAC1_HEADER", 0, "bInCollection", [2]); b.set("UAC1_HEADER", 0, "baInterfaceNr", [1, 2])
        }
    }),
    RuleCase(id: "UAC-FN-007", figures: ["interface(s) 3 (class 254, DFU)", "bInterfaceCount 3"], trigger: {
        B.hs.with { b in
            b.set("CONFIGURATION", 0, "bNumInterfaces", [4]); b.set("INTERFACE_ASSOCIATION", 0, "bInterfaceCount", [4])
            b.interface(3, endpoints: 0, subclass: 1, proto: 1, cls: 0xFE)
        }
    }, fixed: { B.hs.with { b in b.set("CONFIGURATION", 0, "bNumInterfaces", [4]); b.interface(3, endpoints: 0, subclass: 1, proto: 1, cls: 0xFE) } }),
    // MARK: lengths
    RuleCase(id: "UAC-LEN-001", figures: ["bLength 16", "at least 17"], trigger: {
        B.hs.with { b in let i = b.index("UAC2_INPUT_TERMINAL")!; b.set(at: i, "bLength", [16]); b.entries[i].cut = 16 }
    }, fixed: { B.hs }),
    RuleCase(id: "UAC-LEN-002", figures: ["bLength 13", "after 12 bytes", "1 byte"], trigger: { B.hs.with { b in b.entries[b.index("UAC2_OUTPUT_TERMINAL")!].extra = [0] } }, fixed: { B.hs }),
    RuleCase(id: "UAC-LEN-003", figures: ["bLength 14", "2 channels", "6 + (2 + 1) × 4 = 18"], trigger: { B.hs.with { $0.set("UAC2_FEATURE_UNIT", 0, "bmaControls", [0x0F, 0x0F]) } }, fixed: { B.hs }),
    RuleCase(id: "UAC-LEN-004", figures: ["bNrInPins 1", "bLength 9", "7 + 1 = 8"], trigger: {
        B.hs.with { b in
            var cs = B.v(["bClockID": 11, "bNrInPins": 1, "bmControls": 0, "iClockSelector": 0]); cs["baCSourceID"] = [10]
            b.insert(B.ac2(0x0B), cs, at: b.index("UAC2_INPUT_TERMINAL")!)
            b.entries[b.index("UAC2_CLOCK_SELECTOR")!].extra = [0]
        }
    }, fixed: {
        B.hs.with { b in
            var cs = B.v(["bClockID": 11, "bNrInPins": 1, "bmControls": 0, "iClockSelector": 0]); cs["baCSourceID"] = [10]
            b.insert(B.ac2(0x0B), cs, at: b.index("UAC2_INPUT_TERMINAL")!)
        }
    }),
    // MARK: topology
    RuleCase(id: "UAC-TOPO-001", figures: ["Entity ID 4", "Input Terminal 4", "Output Terminal 4"], trigger: { B.hs.with { $0.set("UAC2_OUTPUT_TERMINAL", 1, "bTerminalID", [4]) } }, fixed: { B.hs }),
    RuleCase(id: "UAC-TOPO-002", figures: ["ID 9", "no entity"], trigger: { B.hs.with { $0.set("UAC2_FEATURE_UNIT", 0, "bSourceID", [9]) } }, fixed: { B.hs }),
    RuleCase(id: "UAC-TOPO-003", figures: ["clock ID 2", "Feature Unit 2"], trigger: { B.hs.with { $0.set("UAC2_INPUT_TERMINAL", 0, "bCSourceID", [2]) } }, fixed: { B.hs }),
    RuleCase(id: "UAC-TOPO-004", figures: ["Clock Selector 11", "Clock Multiplier 12"], trigger: {
        B.hs.with { b in
            var cs = B.v(["bClockID": 11, "bNrInPins": 1, "bmControls": 0, "iClockSelector": 0]); cs["baCSourceID"] = [12]
            let at = b.index("UAC2_INPUT_TERMINAL")!
            b.insert(B.ac2(0x0B), cs, at: at)
            b.insert(B.ac2(0x0C), B.v(["bClockID": 12, "bCSourceID": 11, "bmControls": 0, "iClockMultiplier": 0]), at: at + 1)
            b.set("UAC2_INPUT_TERMINAL", 0, "bCSourceID", [11])
        }
    }, fixed: {
        B.hs.with { b in
            var cs = B.v(["bClockID": 11, "bNrInPins": 1, "bmControls": 0, "iClockSelector": 0]); cs["baCSourceID"] = [12]
            let at = b.index("UAC2_INPUT_TERMINAL")!
            b.insert(B.ac2(0x0B), cs, at: at)
            b.insert(B.ac2(0x0C), B.v(["bClockID": 12, "bCSourceID": 10, "bmControls": 0, "iClockMultiplier": 0]), at: at + 1)
            b.set("UAC2_INPUT_TERMINAL", 0, "bCSourceID", [11])
        }
    }),
    RuleCase(id: "UAC-TOPO-005", figures: ["Feature Unit 2", "Selector Unit 6"], trigger: {
        B.hs.with { b in
            var su = B.v(["bUnitID": 6, "bNrInPins": 1, "bmControls": 0, "iSelector": 0]); su["baSourceID"] = [2]
            b.insert(B.ac2(0x05), su, at: b.index("UAC2_FEATURE_UNIT")!)
            b.set("UAC2_FEATURE_UNIT", 0, "bSourceID", [6])
        }
    }, fixed: {
        B.hs.with { b in
            var su = B.v(["bUnitID": 6, "bNrInPins": 1, "bmControls": 0, "iSelector": 0]); su["baSourceID"] = [1]
            b.insert(B.ac2(0x05), su, at: b.index("UAC2_FEATURE_UNIT")!)
            b.set("UAC2_FEATURE_UNIT", 0, "bSourceID", [6])
        }
    }),
    RuleCase(id: "UAC-TOPO-006", figures: ["bTerminalLink 3", "Output Terminal 3", "Input Terminal 1"], trigger: { B.hs.with { $0.set("UAC2_AS_GENERAL", 0, "bTerminalLink", [3]) } }, fixed: { B.hs }),
    RuleCase(id: "UAC-TOPO-007", figures: ["bAssocTerminal 1", "Input Terminal 1", "one Input and one Output"], trigger: { B.hs.with { $0.set("UAC2_INPUT_TERMINAL", 1, "bAssocTerminal", [1]) } }, fixed: {
        B.hs.with { $0.set("UAC2_INPUT_TERMINAL", 1, "bAssocTerminal", [3]); $0.set("UAC2_OUTPUT_TERMINAL", 0, "bAssocTerminal", [4]) }
    }),
    RuleCase(id: "UAC-TOPO-008", figures: ["terminal 1 in alt 1", "terminal 4 in alt 2"], trigger: { B.hs.with { $0.addOutAlt(link: 4) } }, fixed: { B.hs.with { $0.addOutAlt(link: 1) } }),
    // MARK: controls
    RuleCase(id: "UAC-CTL-001", figures: ["0b10", "Mute", "bmaControls(0)"], trigger: { B.hs.with { $0.set("UAC2_FEATURE_UNIT", 0, "bmaControls", [0x0E, 0x0F, 0x0F]) } }, fixed: { B.hs }),
    RuleCase(id: "UAC-CTL-002", figures: ["Clock Source 10", "internal programmable", "read-only", "0x07"], trigger: { B.hs.with { $0.set("UAC2_CLOCK_SOURCE", 0, "bmControls", [0x05]) } }, fixed: { B.hs }),
    RuleCase(id: "UAC-CTL-003", figures: ["0x0f", "0x07"], trigger: { B.hs.with { $0.set("UAC2_CLOCK_SOURCE", 0, "bmControls", [0x0F]) } }, fixed: { B.hs }),
    RuleCase(id: "UAC-CTL-004", figures: ["0x04", "0x05"], trigger: { B.hs.with { $0.set("UAC2_CLOCK_SOURCE", 0, "bmControls", [0x04]) } }, fixed: { B.hs }),
    // MARK: formats
    RuleCase(id: "UAC-FMT-001", figures: ["bNrChannels 2", "0x0000003f", "6 spatial"], trigger: { B.hs.with { $0.set("UAC2_INPUT_TERMINAL", 0, "bmChannelConfig", [0x3F]) } }, fixed: { B.hs }),
    RuleCase(id: "UAC-FMT-002", figures: ["1 channels", "2-channel", "Output Terminal 5"], trigger: {
        B.hs.with { $0.set("UAC2_AS_GENERAL", 1, "bNrChannels", [1]); $0.set("UAC2_AS_GENERAL", 1, "bmChannelConfig", [1]) }
    }, fixed: { B.hs }),
    RuleCase(id: "UAC-FMT-003", figures: ["bSubslotSize 5", "bSubslotSize 2"], trigger: { B.hs.with { $0.set("UAC2_FORMAT_TYPE_I", 0, "bSubslotSize", [5]) } }, fixed: { B.hs }),
    RuleCase(id: "UAC-FMT-004", figures: ["bBitResolution 24", "2-byte", "16 bits", "bSubslotSize 3"], trigger: { B.hs.with { $0.set("UAC2_FORMAT_TYPE_I", 0, "bBitResolution", [24]) } }, fixed: { B.hs }),
    RuleCase(id: "UAC-FMT-005", figures: ["0x00000000", "no format bit"], trigger: { B.hs.with { $0.set("UAC2_AS_GENERAL", 0, "bmFormats", [0]) } }, fixed: { B.hs }),
    RuleCase(id: "UAC-FMT-006", figures: ["bFormatType 2", "1 in its FORMAT_TYPE"], trigger: { B.hs.with { $0.set("UAC2_AS_GENERAL", 0, "bFormatType", [2]) } }, fixed: { B.hs }),
    RuleCase(id: "UAC-FMT-007", figures: ["IEEE_FLOAT", "bSubslotSize 2", "bBitResolution 16"], trigger: { B.hs.with { $0.set("UAC2_AS_GENERAL", 0, "bmFormats", [4]) } }, fixed: { B.hs }),
    RuleCase(id: "UAC-FMT-008", figures: ["Interface 2 alt 1", "bNrChannels 0"], trigger: { B.hs.with { $0.set("UAC2_AS_GENERAL", 1, "bNrChannels", [0]); $0.set("UAC2_AS_GENERAL", 1, "bmChannelConfig", [0]) } }, fixed: { B.hs }),
    RuleCase(id: "UAC-FMT-009", figures: ["Interface 2 alt 1", "FORMAT_TYPE"], trigger: { B.hs.with { $0.remove(at: $0.index("UAC2_FORMAT_TYPE_I", 1)!) } }, fixed: { B.hs }),
    // The same missing FORMAT_TYPE on a vendor-specific alt is a vendor format (info), not UAC-FMT-009.
    RuleCase(id: "UAC-FMT-011", figures: ["Interface 2 alt 1", "bInterfaceClass 255"], trigger: {
        B.hs.with { b in
            b.remove(at: b.index("UAC2_FORMAT_TYPE_I", 1)!)
            b.set(at: b.interfaceIndex(2, alt: 1)!, "bInterfaceClass", [255])
        }
    }, fixed: { B.hs }),
    RuleCase(id: "UAC-FMT-010", figures: ["Format Type IV"], trigger: {
        B.hs.with { b in
            let i = b.index("UAC2_FORMAT_TYPE_I", 1)!
            b.remove(at: i)
            b.insert(AudioStreamingLayouts.uac2TypeIV, B.v(["bFormatType": 4]), at: i)
            b.set("UAC2_AS_GENERAL", 1, "bFormatType", [4])
        }
    }, fixed: { B.hs }),
    // MARK: endpoints
    RuleCase(id: "UAC-EP-001", figures: ["Interface 1 alt 0", "1 endpoint", "0x03"], trigger: {
        B.hs.with { b in
            b.setIF(1, alt: 0, "bNumEndpoints", 1)
            b.insert(B.std.endpoint, B.v(["bEndpointAddress": 0x03, "bmAttributes": 0x05, "wMaxPacketSize": 0, "bInterval": 1]),
                     at: b.interfaceIndex(1, alt: 1)!)
        }
    }, fixed: { B.hs }),
    RuleCase(id: "UAC-EP-002", figures: ["Interface 2 alt 1", "no endpoint"], trigger: {
        B.hs.with { b in
            b.setIF(2, alt: 1, "bNumEndpoints", 0)
            let i = b.endpointIndex(0x82)!
            b.remove(at: i); b.remove(at: i)
        }
    }, fixed: { B.hs }),
    RuleCase(id: "UAC-EP-003", figures: ["0x01", "no explicit feedback", "no input endpoint", "wMaxPacketSize 4"], trigger: {
        B.hs.with { b in b.setIF(1, alt: 1, "bNumEndpoints", 1); b.remove(at: b.endpointIndex(0x81)!) }
    }, fixed: { B.hs }),
    RuleCase(id: "UAC-EP-004", figures: ["wMaxPacketSize 3", "high speed", "16.16 in 4"], trigger: { B.hs.with { $0.setEP(0x81, "wMaxPacketSize", 3) } }, fixed: { B.hs }),
    RuleCase(id: "UAC-EP-005", figures: ["0x81", "3 bytes, 10.14"], trigger: { B.fs }, fixed: { B.hs }),
    RuleCase(id: "UAC-EP-006", figures: ["0x81", "4 bytes at full speed"], trigger: { B.fs.with { $0.setEP(0x81, "wMaxPacketSize", 4) } }, fixed: { B.fs }),
    RuleCase(id: "UAC-EP-007", figures: ["bInterval 6", "4 ms"], trigger: { B.hs.with { $0.setEP(0x81, "bInterval", 6) } }, fixed: { B.hs }),
    RuleCase(id: "UAC-EP-008", figures: ["bSynchAddress 0x83", "0x81"], trigger: { B.uac1().with { $0.setEP(0x01, "bSynchAddress", 0x83) } }, fixed: { B.uac1() }),
    RuleCase(id: "UAC-EP-009", figures: ["0x82", "bInterval 1"], trigger: {
        B.hs.with { $0.setEP(0x82, "bmAttributes", 0x25); $0.setEP(0x01, "bInterval", 2) }
    }, fixed: { B.hs.with { $0.setEP(0x82, "bmAttributes", 0x25) } }),
    RuleCase(id: "UAC-EP-010", figures: ["bInterval 5", "2 ms"], trigger: { B.hs.with { $0.setEP(0x82, "bInterval", 5); $0.setEP(0x82, "wMaxPacketSize", 400) } }, fixed: { B.hs }),
    RuleCase(id: "UAC-EP-011", figures: ["bInterval 4", "bInterval 1", "full speed"], trigger: { B.uac1().with { $0.setEP(0x01, "bInterval", 4) } }, fixed: { B.uac1() }),
    RuleCase(id: "UAC-EP-012", figures: ["0x82", "no class-specific EP_GENERAL", "8 bytes"], trigger: { B.hs.with { $0.remove(at: $0.endpointIndex(0x82)! + 1) } }, fixed: { B.hs }),
    RuleCase(id: "UAC-EP-013", figures: ["0x82", "9 bytes"], trigger: {
        B.hs.with { b in let i = b.endpointIndex(0x82)!; b.set(at: i, "bRefresh", [0]); b.set(at: i, "bSynchAddress", [0]) }
    }, fixed: { B.hs }),
    RuleCase(id: "UAC-EP-015", figures: ["feedback endpoint 0x81", "OUT data endpoint 0x01", "synchronous", "bmAttributes 0x05"],
             trigger: { B.hs.with { $0.setEP(0x01, "bmAttributes", 0x0D) } }, fixed: { B.hs }),
    RuleCase(id: "UAC-EP-016", figures: ["0x01", "IN endpoint 0x82 (interface 2 alt 1)", "pairs it with IN endpoint 0x82"], trigger: {
        B.hs.with { b in b.setIF(1, alt: 1, "bNumEndpoints", 1); b.remove(at: b.endpointIndex(0x81)!); b.setEP(0x82, "bmAttributes", 0x25) }
    }, fixed: { B.hs.with { $0.setEP(0x82, "bmAttributes", 0x25) } }),
    RuleCase(id: "UAC-EP-014", figures: ["0x02", "data endpoint 0x01", "same direction"], trigger: { B.hs.with { $0.setEP(0x81, "bEndpointAddress", 0x02) } }, fixed: { B.hs }),
    // Linux's f_uac2 per-packet form: 48.0 frames per 1 ms packet vs 6.0 per microframe; /proc shows 13.19.
    RuleCase(id: "UAC-EP-017", figures: ["Feedback endpoint 0x81", "OUT endpoint 0x01", "bInterval 4", "0x00060000", "0x00300000",
                                         "Feedback Format = 13.19", "f_uac2"],
             trigger: { B.hs.with { $0.setEP(0x01, "bInterval", 4); $0.setEP(0x01, "wMaxPacketSize", 196) } }, fixed: { B.hs }),
    // MARK: bandwidth
    RuleCase(id: "UAC-BW-000", figures: ["not proven", "full speed and at high speed", "--speed full or --speed high"], trigger: {
        var b = B.hs.with { $0.setEP(0x01, "wMaxPacketSize", 196); $0.setEP(0x82, "wMaxPacketSize", 196); $0.setEP(0x81, "wMaxPacketSize", 3) }
        // No statement and no qualifier: nothing proves a speed (the isochronous sizes are no evidence).
        b.speed = nil
        b.remove(at: b.index("DEVICE_QUALIFIER")!)
        return b
    }, fixed: { B.hs }),
    RuleCase(id: "UAC-BW-001", figures: ["1176", "1023", "49 frames × 24 B", "10 channels"], trigger: { B.seed() }, fixed: {
        B.seed().with { b in
            b.set("UAC2_AS_GENERAL", 1, "bNrChannels", [10])
            b.setEP(0x01, "wMaxPacketSize", 980, 1)
        }
    }),
    RuleCase(id: "UAC-BW-002", figures: ["declares 20 B", "24 B per microframe", "28"], trigger: { B.hs.with { $0.setEP(0x82, "wMaxPacketSize", 20) } }, fixed: { B.hs }),
    RuleCase(id: "UAC-BW-003", figures: ["7 frames × 4 B = 28 B", "declares 24 B"], trigger: { B.hs.with { $0.setEP(0x82, "wMaxPacketSize", 24) } }, fixed: { B.hs }),
    RuleCase(id: "UAC-BW-004", figures: ["interface 1 alt 1", "interface 2 alt 1", "900.0 µs", "does not fit"], trigger: { B.fs.with { $0.heavyFullSpeedDuplex(interval: 1) } }, fixed: { B.fs }),
    RuleCase(id: "UAC-BW-005", figures: ["fits only if", "900.0 µs"], trigger: { B.fs.with { $0.heavyFullSpeedDuplex(interval: 2) } }, fixed: { B.fs }),
    RuleCase(id: "UAC-BW-006", figures: ["0x82", "2 transactions", "600 B"], trigger: { B.hs.with { $0.setEP(0x82, "wMaxPacketSize", 0x0800 | 600) } }, fixed: { B.hs }),
    // TN3190's 192 kHz × 32 ch × 4 B example: 24 frames = 3072 B fit synchronously, 25 (async) do not.
    RuleCase(id: "UAC-BW-007", figures: ["25 frames × 128 B = 3200 B", "at most 3072 B", "nominal 24 frames (3072 B)", "bmAttributes 0x0d",
                                         "0x1400 = 3 transactions × 1024 B", "at most 30 channels", "needs to be implemented as a Synchronous device"],
             trigger: { B.hs.with { $0.tn3190(sync: 0x05) } }, fixed: { B.hs.with { $0.tn3190(sync: 0x0D) } }, rates: [192000]),
    // MARK: TN3190 entities and controls
    RuleCase(id: "UAC-TOPO-009", figures: ["Clock Multiplier 11", "Clock Source 10", "unit 11: unexpected type 0x0c", "Output Terminal 3 (Speaker)",
                                           "do not support Clock Multipliers", "Numerator and Denominator"],
             trigger: { B.hs.with { $0.clockMultiplier() } }, fixed: { B.hs }),
    RuleCase(id: "UAC-TOPO-010", figures: ["Sample Rate Converter 6", "unit 6: unexpected type 0x0d", "Feature Unit 2", "Input Terminal 1",
                                           "do not support Sample Rate Converter"],
             trigger: { B.hs.with { $0.rateConverter() } }, fixed: { B.hs }),
    RuleCase(id: "UAC-CTL-005", figures: ["Output Terminal 3 (Speaker)", "read-only", "bmControls 0x0004", "bmControls 0x0000", "- Output Jack",
                                          "will not be able to be selected"],
             trigger: { B.hs.with { $0.set("UAC2_OUTPUT_TERMINAL", 0, "bmControls", [0x0004]) } }, fixed: { B.hs }),
    RuleCase(id: "UAC-CTL-006", figures: ["Feature Unit 2", "master, channel 1, channel 2", "bmaControls(0) 0x0030000f", "Use Volume control instead"],
             trigger: { B.hs.with { $0.set("UAC2_FEATURE_UNIT", 0, "bmaControls", [0x0030_0003, 0x0030_0000, 0x0030_0000]) } }, fixed: { B.hs }),
    // MARK: input
    RuleCase(id: "USB-READ-001", figures: ["Reading stopped at byte", "truncated"], trigger: { B.hs.with { $0.truncateTotal = 200 } }, fixed: { B.hs }),
    RuleCase(id: "USB-READ-002", figures: ["before any interface"], trigger: {
        B.hs.with { b in
            b.insert(B.std.endpoint, B.v(["bEndpointAddress": 0x85, "bmAttributes": 0x03, "wMaxPacketSize": 8, "bInterval": 4]),
                     at: b.index("INTERFACE_ASSOCIATION")!)
        }
    }, fixed: { B.hs }),
]

extension B {
    /// Interface 2 (IN) as TN3190's example: 192 kHz, 32 ch × 32 bit in 4-byte subslots, 3 × 1024 B.
    mutating func tn3190(sync attributes: UInt64) {
        set("UAC2_AS_GENERAL", 1, "bNrChannels", [32]); set("UAC2_AS_GENERAL", 1, "bmChannelConfig", [0])
        set("UAC2_FORMAT_TYPE_I", 1, "bSubslotSize", [4]); set("UAC2_FORMAT_TYPE_I", 1, "bBitResolution", [32])
        set("UAC2_INPUT_TERMINAL", 1, "bNrChannels", [32]); set("UAC2_INPUT_TERMINAL", 1, "bmChannelConfig", [0])
        setEP(0x82, "wMaxPacketSize", 0x1400); setEP(0x82, "bmAttributes", attributes)
    }

    /// Clock Multiplier 11 on Clock Source 10, clocking Input Terminal 1 and Output Terminal 3.
    mutating func clockMultiplier() {
        insert(B.ac2(0x0C), B.v(["bClockID": 11, "bCSourceID": 10, "bmControls": 0, "iClockMultiplier": 0]),
               at: index("UAC2_CLOCK_SOURCE")! + 1)
        set("UAC2_INPUT_TERMINAL", 0, "bCSourceID", [11]); set("UAC2_OUTPUT_TERMINAL", 0, "bCSourceID", [11])
    }

    /// Sample Rate Converter 6 between Input Terminal 1 and Feature Unit 2.
    mutating func rateConverter() {
        insert(B.ac2(0x0D), B.v(["bUnitID": 6, "bSourceID": 1, "bCSourceInID": 10, "bCSourceOutID": 10, "iSRC": 0]),
               at: index("UAC2_FEATURE_UNIT")!)
        set("UAC2_FEATURE_UNIT", 0, "bSourceID", [6])
    }

    /// A second OUT alternate setting on interface 1 linked to `link`.
    mutating func addOutAlt(link: UInt64) {
        var tail = DescriptorBuilder()
        tail.interface(1, alt: 2, endpoints: 2, subclass: 2)
        tail.uac2Stream(link: link, channels: 2, config: 3, subslot: 2, bits: 16)
        tail.endpoint(0x01, attributes: 0x05, maxPacket: 28, interval: 1)
        tail.uac2EndpointGeneral()
        tail.endpoint(0x81, attributes: 0x11, maxPacket: 4, interval: 4)
        let at = interfaceIndex(2, alt: 0)!
        entries.insert(contentsOf: tail.entries, at: at)
    }

    /// Full speed, 4 ch × 24 bit both ways at 48 kHz: 588 B + 588 B (+ 3 B feedback) per frame.
    mutating func heavyFullSpeedDuplex(interval: UInt64) {
        for n in 0..<2 {
            set("UAC2_AS_GENERAL", n, "bNrChannels", [4]); set("UAC2_AS_GENERAL", n, "bmChannelConfig", [0x33])
            set("UAC2_FORMAT_TYPE_I", n, "bSubslotSize", [3]); set("UAC2_FORMAT_TYPE_I", n, "bBitResolution", [24])
        }
        set("UAC2_INPUT_TERMINAL", 0, "bNrChannels", [4]); set("UAC2_INPUT_TERMINAL", 0, "bmChannelConfig", [0x33])
        set("UAC2_INPUT_TERMINAL", 1, "bNrChannels", [4]); set("UAC2_INPUT_TERMINAL", 1, "bmChannelConfig", [0x33])
        set("UAC2_FEATURE_UNIT", 0, "bmaControls", [0x0F, 0x0F, 0x0F, 0x0F, 0x0F])
        setEP(0x01, "wMaxPacketSize", interval == 1 ? 588 : 1023); setEP(0x82, "wMaxPacketSize", interval == 1 ? 588 : 1023)
        setEP(0x01, "bInterval", interval); setEP(0x82, "bInterval", interval)
    }
}

@Suite struct RuleCaseTests {
    @Test func everyRuleHasACase() {
        let covered = Set(ruleCases.map(\.id))
        let missing = RuleCatalog.all.map(\.id).filter { !covered.contains($0) }
        #expect(missing.isEmpty, "rules without a trigger/fixed case: \(missing)")
    }

    @Test(arguments: ruleCases)
    func triggersAndFixedDoesNot(_ c: RuleCase) {
        let hit = c.trigger().check(rates: c.rates)
        let found = hit.findings.filter { $0.ruleID == c.id }
        #expect(!found.isEmpty, "\(c.id) did not fire; got \(hit.findings.map { "\($0.ruleID): \($0.message)" })")
        for f in found.prefix(1) {
            let text = f.message + " " + f.fix + " " + f.hosts.map(\.text).joined(separator: " ")
            for fig in c.figures { #expect(text.contains(fig), "\(c.id): '\(fig)' not in: \(text)") }
            #expect(!f.message.contains("{") && !f.fix.contains("{"), "\(c.id) left a placeholder: \(f.message) / \(f.fix)")
            for h in f.hosts { #expect(!h.text.contains("{"), "\(c.id) host line left a placeholder: \(h.text)") }
        }
        let ok = c.fixed().check(rates: c.rates)
        #expect(!ok.findings.contains { $0.ruleID == c.id }, "\(c.id) still fires on the corrected descriptors: \(ok.findings.filter { $0.ruleID == c.id }.map(\.message))")
    }

    @Test func uac1BaselineIsClean() {
        let r = DescriptorBuilder.uac1().check()
        #expect(r.findings.filter { $0.severity != .info }.isEmpty, "\(r.findings.map { "\($0.ruleID): \($0.message)" })")
    }
}

/// A vendor-specific alt without format descriptors is not UAC-FMT-009's error (issue 13 part 5).
@Suite struct VendorAltFormatTests {
    @Test func vendorAltIsInfoNotError() {
        let r = B.hs.with { b in
            b.remove(at: b.index("UAC2_FORMAT_TYPE_I", 1)!)
            b.set(at: b.interfaceIndex(2, alt: 1)!, "bInterfaceClass", [255])
        }.check()
        #expect(!r.findings.contains { $0.ruleID == "UAC-FMT-009" })
        #expect(r.findings.first { $0.ruleID == "UAC-FMT-011" }?.severity == .info)
    }
}
