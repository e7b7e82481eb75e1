@testable import UAC2Kit

/// Builds descriptor sets for rule tests from named field values, through the model's own layout
/// encoder. Lengths the tests do not pin (configuration and AudioControl header wTotalLength, bLength)
/// are computed, so a test changes one field and sees one rule fire.
struct DescriptorBuilder: Sendable {
    struct Entry: Sendable {
        var layout: DescriptorLayout
        var values: [String: [UInt64]]
        /// Fields a test set by hand: not recomputed.
        var pinned: Set<String> = []
        var extra: [UInt8] = []
        /// Keep only this many encoded bytes (a descriptor shorter than its layout).
        var cut: Int?
    }

    var entries: [Entry] = []
    var speed: USBSpeed?
    /// Keep only this many bytes of the whole input (a capture cut short).
    var truncateTotal: Int?

    mutating func add(_ layout: DescriptorLayout, _ values: [String: [UInt64]]) {
        entries.append(Entry(layout: layout, values: Self.withHeader(layout, values)))
    }

    static let standardTypes: [String: UInt64] = ["DEVICE": 1, "CONFIGURATION": 2, "STRING": 3, "INTERFACE": 4, "ENDPOINT": 5,
                                                  "DEVICE_QUALIFIER": 6, "OTHER_SPEED_CONFIGURATION": 7,
                                                  "INTERFACE_ASSOCIATION": 0x0B]

    /// bDescriptorType and bDescriptorSubtype from the layout, unless the test gives them.
    static func withHeader(_ layout: DescriptorLayout, _ values: [String: [UInt64]]) -> [String: [UInt64]] {
        var v = values
        if v["bDescriptorType"] == nil {
            if let t = standardTypes[layout.id] { v["bDescriptorType"] = [t] }
            else { v["bDescriptorType"] = [layout.subtype == "EP_GENERAL" ? 0x25 : 0x24] }
        }
        if layout.subtype != nil, v["bDescriptorSubtype"] == nil {
            let tables: [[UInt8: DescriptorLayout]] = [AudioControlLayouts.uac2, AudioControlLayouts.uac1, AudioControlLayouts.uac3]
            if let code = tables.lazy.compactMap({ $0.first { $0.value.id == layout.id }?.key }).first {
                v["bDescriptorSubtype"] = [UInt64(code)]
            } else if layout.subtype == "AS_GENERAL" || layout.subtype == "EP_GENERAL" {
                v["bDescriptorSubtype"] = [1]
            } else if layout.subtype?.contains("FORMAT_TYPE") == true {
                v["bDescriptorSubtype"] = [2]
            }
        }
        return v
    }

    /// Index of the n-th entry with this layout id.
    func index(_ id: String, _ n: Int = 0) -> Int? {
        let all = entries.indices.filter { entries[$0].layout.id == id }
        return n < all.count ? all[n] : nil
    }

    /// Index of an entry picked by a field value (e.g. the INTERFACE with bInterfaceNumber 1, bAlternateSetting 2).
    func index(_ id: String, where match: [String: UInt64]) -> Int? {
        entries.indices.first { i in
            entries[i].layout.id == id && match.allSatisfy { entries[i].values[$0.key]?.first == $0.value }
        }
    }

    mutating func set(_ id: String, _ n: Int = 0, _ field: String, _ value: [UInt64]) {
        guard let i = index(id, n) else { return }
        entries[i].values[field] = value
        entries[i].pinned.insert(field)
    }

    mutating func set(at i: Int, _ field: String, _ value: [UInt64]) {
        entries[i].values[field] = value
        entries[i].pinned.insert(field)
    }

    mutating func remove(at i: Int) { entries.remove(at: i) }

    mutating func insert(_ layout: DescriptorLayout, _ values: [String: [UInt64]], at i: Int) {
        entries.insert(Entry(layout: layout, values: Self.withHeader(layout, values)), at: i)
    }

    func encoded(_ e: Entry) -> [UInt8] {
        let all = e.layout.encode(e.values, extra: e.extra)
        return e.cut.map { Array(all.prefix($0)) } ?? all
    }

    func bytes() -> [UInt8] {
        var es = entries
        // AudioControl header wTotalLength: itself and the class-specific descriptors up to the next interface.
        for (i, e) in es.enumerated() where e.layout.id.hasSuffix("_HEADER") && e.layout.id.hasPrefix("UAC") && !e.pinned.contains("wTotalLength") {
            var total = 0
            var j = i
            while j < es.count, j == i || es[j].layout.id != "INTERFACE" && es[j].layout.id != "ENDPOINT" {
                total += encoded(es[j]).count
                j += 1
            }
            es[i].values["wTotalLength"] = [UInt64(total)]
        }
        for (i, e) in es.enumerated() where e.layout.id == "CONFIGURATION" || e.layout.id == "OTHER_SPEED_CONFIGURATION" {
            if !e.pinned.contains("wTotalLength") {
                var total = 0
                var j = i
                while j < es.count, j == i || !["CONFIGURATION", "OTHER_SPEED_CONFIGURATION", "DEVICE"].contains(es[j].layout.id) {
                    total += encoded(es[j]).count
                    j += 1
                }
                es[i].values["wTotalLength"] = [UInt64(total)]
            }
        }
        let all = es.flatMap(encoded)
        return truncateTotal.map { Array(all.prefix($0)) } ?? all
    }

    /// Runs a change on a copy: `DescriptorBuilder.uac2().with { $0.set(...) }`.
    func with(_ change: (inout DescriptorBuilder) -> Void) -> DescriptorBuilder {
        var copy = self
        change(&copy)
        return copy
    }

    /// Index of the n-th endpoint descriptor with this address.
    func endpointIndex(_ address: UInt64, _ n: Int = 0) -> Int? {
        let all = entries.indices.filter { entries[$0].layout.id == "ENDPOINT" && entries[$0].values["bEndpointAddress"]?.first == address }
        return n < all.count ? all[n] : nil
    }

    func interfaceIndex(_ number: UInt64, alt: UInt64) -> Int? {
        index("INTERFACE", where: ["bInterfaceNumber": number, "bAlternateSetting": alt])
    }

    func decode() -> DecodedInput {
        var input = RawDescriptorReader.read(bytes(), name: "built.bin")
        if let speed { for i in input.devices.indices { input.devices[i].speed = speed } }
        return input
    }

    func check(rates: [Int] = [48000]) -> CheckResult {
        RuleEngine.check(decode(), options: CheckOptions(rates: rates))
    }
}

/// Field-value shorthands and the standard test devices.
extension DescriptorBuilder {
    static func v(_ pairs: KeyValuePairs<String, UInt64>) -> [String: [UInt64]] {
        var d: [String: [UInt64]] = [:]
        for (k, x) in pairs { d[k] = [x] }
        return d
    }

    static let std = StandardLayouts.self
    static func ac2(_ sub: UInt8) -> DescriptorLayout { AudioControlLayouts.uac2[sub]! }
    static func ac1(_ sub: UInt8) -> DescriptorLayout { AudioControlLayouts.uac1[sub]! }

    mutating func device(bcdUSB: UInt64 = 0x0200, qualifier: Bool = true) {
        add(Self.std.device, Self.v(["bcdUSB": bcdUSB, "bDeviceClass": 0xEF, "bDeviceSubClass": 2, "bDeviceProtocol": 1,
                                    "bMaxPacketSize0": 64, "idVendor": 0x1209, "idProduct": 0x0001, "bcdDevice": 0x0100,
                                    "iManufacturer": 0, "iProduct": 0, "iSerialNumber": 0, "bNumConfigurations": 1]))
        if qualifier {
            add(Self.std.deviceQualifier, Self.v(["bcdUSB": bcdUSB, "bDeviceClass": 0xEF, "bDeviceSubClass": 2,
                                                  "bDeviceProtocol": 1, "bMaxPacketSize0": 64, "bNumConfigurations": 1, "bReserved": 0]))
        }
    }

    mutating func configuration(interfaces: UInt64) {
        add(Self.std.configuration, Self.v(["wTotalLength": 0, "bNumInterfaces": interfaces, "bConfigurationValue": 1,
                                           "iConfiguration": 0, "bmAttributes": 0x80, "bMaxPower": 50]))
    }

    mutating func iad(first: UInt64, count: UInt64, proto: UInt64 = 0x20) {
        add(Self.std.interfaceAssociation, Self.v(["bFirstInterface": first, "bInterfaceCount": count, "bFunctionClass": 1,
                                                  "bFunctionSubClass": 0, "bFunctionProtocol": proto, "iFunction": 0]))
    }

    mutating func interface(_ n: UInt64, alt: UInt64 = 0, endpoints: UInt64, subclass: UInt64, proto: UInt64 = 0x20, cls: UInt64 = 1) {
        add(Self.std.interface, Self.v(["bInterfaceNumber": n, "bAlternateSetting": alt, "bNumEndpoints": endpoints,
                                       "bInterfaceClass": cls, "bInterfaceSubClass": subclass, "bInterfaceProtocol": proto,
                                       "iInterface": 0]))
    }

    mutating func endpoint(_ address: UInt64, attributes: UInt64, maxPacket: UInt64, interval: UInt64) {
        add(Self.std.endpoint, Self.v(["bEndpointAddress": address, "bmAttributes": attributes, "wMaxPacketSize": maxPacket,
                                      "bInterval": interval]))
    }

    mutating func uac2Stream(link: UInt64, channels: UInt64, config: UInt64, subslot: UInt64, bits: UInt64, formats: UInt64 = 1) {
        add(AudioStreamingLayouts.uac2General, Self.v(["bTerminalLink": link, "bmControls": 0, "bFormatType": 1,
                                                     "bmFormats": formats, "bNrChannels": channels, "bmChannelConfig": config,
                                                     "iChannelNames": 0]))
        add(AudioStreamingLayouts.uac2TypeI, Self.v(["bFormatType": 1, "bSubslotSize": subslot, "bBitResolution": bits]))
    }

    mutating func uac2EndpointGeneral() {
        add(AudioStreamingLayouts.uac2EndpointGeneral, Self.v(["bmAttributes": 0, "bmControls": 0, "bLockDelayUnits": 0, "wLockDelay": 0]))
    }

    /// A clean UAC2 device: clock 10, playback IT 1 → FU 2 → OT 3 (speaker), mic IT 4 → OT 5;
    /// interface 1 async OUT with explicit feedback, interface 2 async IN, 48 kHz stereo 16-bit.
    static func uac2(speed: USBSpeed = .high) -> DescriptorBuilder {
        var b = DescriptorBuilder()
        b.speed = speed
        let hs = speed == .high
        b.device(bcdUSB: hs ? 0x0200 : 0x0110, qualifier: hs)
        b.configuration(interfaces: 3)
        b.iad(first: 0, count: 3)
        b.interface(0, endpoints: 0, subclass: 1)
        b.add(ac2(0x01), v(["bcdADC": 0x0200, "bCategory": 8, "wTotalLength": 0, "bmControls": 0]))
        b.add(ac2(0x0A), v(["bClockID": 10, "bmAttributes": 3, "bmControls": 7, "bAssocTerminal": 0, "iClockSource": 0]))
        b.add(ac2(0x02), v(["bTerminalID": 1, "wTerminalType": 0x0101, "bAssocTerminal": 0, "bCSourceID": 10, "bNrChannels": 2,
                            "bmChannelConfig": 3, "iChannelNames": 0, "bmControls": 0, "iTerminal": 0]))
        var fu = v(["bUnitID": 2, "bSourceID": 1, "iFeature": 0])
        fu["bmaControls"] = [0x0F, 0x0F, 0x0F]
        b.add(ac2(0x06), fu)
        b.add(ac2(0x03), v(["bTerminalID": 3, "wTerminalType": 0x0301, "bAssocTerminal": 0, "bSourceID": 2, "bCSourceID": 10,
                            "bmControls": 0, "iTerminal": 0]))
        b.add(ac2(0x02), v(["bTerminalID": 4, "wTerminalType": 0x0201, "bAssocTerminal": 0, "bCSourceID": 10, "bNrChannels": 2,
                            "bmChannelConfig": 3, "iChannelNames": 0, "bmControls": 0, "iTerminal": 0]))
        b.add(ac2(0x03), v(["bTerminalID": 5, "wTerminalType": 0x0101, "bAssocTerminal": 0, "bSourceID": 4, "bCSourceID": 10,
                            "bmControls": 0, "iTerminal": 0]))
        let packet: UInt64 = hs ? 28 : 196   // 48 kHz async: 7 (HS) or 49 (FS) frames × 4 B
        b.interface(1, alt: 0, endpoints: 0, subclass: 2)
        b.interface(1, alt: 1, endpoints: 2, subclass: 2)
        b.uac2Stream(link: 1, channels: 2, config: 3, subslot: 2, bits: 16)
        b.endpoint(0x01, attributes: 0x05, maxPacket: packet, interval: 1)
        b.uac2EndpointGeneral()
        b.endpoint(0x81, attributes: 0x11, maxPacket: hs ? 4 : 3, interval: hs ? 4 : 1)
        b.interface(2, alt: 0, endpoints: 0, subclass: 2)
        b.interface(2, alt: 1, endpoints: 1, subclass: 2)
        b.uac2Stream(link: 5, channels: 2, config: 3, subslot: 2, bits: 16)
        b.endpoint(0x82, attributes: 0x05, maxPacket: packet, interval: 1)
        b.uac2EndpointGeneral()
        return b
    }

    /// The seed case: full speed, 48 kHz, async OUT with feedback; alt 1 = 10 ch × 16 bit (980 B),
    /// alt 2 = 12 ch × 16 bit (1176 B, above the 1023 B full-speed limit), alt 3 = 12 ch × 8 bit (588 B).
    static func seed() -> DescriptorBuilder {
        var b = DescriptorBuilder()
        b.speed = .full
        b.device(bcdUSB: 0x0110, qualifier: false)
        b.configuration(interfaces: 2)
        b.iad(first: 0, count: 2)
        b.interface(0, endpoints: 0, subclass: 1)
        b.add(ac2(0x01), v(["bcdADC": 0x0200, "bCategory": 8, "wTotalLength": 0, "bmControls": 0]))
        b.add(ac2(0x0A), v(["bClockID": 10, "bmAttributes": 3, "bmControls": 7, "bAssocTerminal": 0, "iClockSource": 0]))
        b.add(ac2(0x02), v(["bTerminalID": 1, "wTerminalType": 0x0101, "bAssocTerminal": 0, "bCSourceID": 10, "bNrChannels": 12,
                            "bmChannelConfig": 0, "iChannelNames": 0, "bmControls": 0, "iTerminal": 0]))
        b.add(ac2(0x03), v(["bTerminalID": 3, "wTerminalType": 0x0301, "bAssocTerminal": 0, "bSourceID": 1, "bCSourceID": 10,
                            "bmControls": 0, "iTerminal": 0]))
        b.interface(1, alt: 0, endpoints: 0, subclass: 2)
        for (alt, ch, bytes, packet) in [(UInt64(1), UInt64(10), UInt64(2), UInt64(980)), (2, 12, 2, 1176), (3, 12, 1, 588)] {
            b.interface(1, alt: alt, endpoints: 2, subclass: 2)
            b.uac2Stream(link: 1, channels: ch, config: 0, subslot: bytes, bits: bytes * 8)
            b.endpoint(0x01, attributes: 0x05, maxPacket: packet, interval: 1)
            b.uac2EndpointGeneral()
            b.endpoint(0x81, attributes: 0x11, maxPacket: 3, interval: 1)
        }
        return b
    }

    /// A clean full-speed UAC1 device: IT 1 → FU 2 → OT 3; interface 1 async OUT 48 kHz stereo 16-bit
    /// with a 3-byte synch endpoint named by bSynchAddress (9-byte audio endpoints).
    static func uac1() -> DescriptorBuilder {
        var b = DescriptorBuilder()
        b.speed = .full
        b.device(bcdUSB: 0x0110, qualifier: false)
        b.configuration(interfaces: 2)
        b.interface(0, endpoints: 0, subclass: 1, proto: 0)
        var h = v(["bcdADC": 0x0100, "wTotalLength": 0, "bInCollection": 1])
        h["baInterfaceNr"] = [1]
        b.add(ac1(0x01), h)
        b.add(ac1(0x02), v(["bTerminalID": 1, "wTerminalType": 0x0101, "bAssocTerminal": 0, "bNrChannels": 2,
                            "wChannelConfig": 3, "iChannelNames": 0, "iTerminal": 0]))
        var fu = v(["bUnitID": 2, "bSourceID": 1, "bControlSize": 1, "iFeature": 0])
        fu["bmaControls"] = [0x01, 0x02, 0x02]
        b.add(ac1(0x06), fu)
        b.add(ac1(0x03), v(["bTerminalID": 3, "wTerminalType": 0x0301, "bAssocTerminal": 0, "bSourceID": 2, "iTerminal": 0]))
        b.interface(1, alt: 0, endpoints: 0, subclass: 2, proto: 0)
        b.interface(1, alt: 1, endpoints: 2, subclass: 2, proto: 0)
        b.add(AudioStreamingLayouts.uac1General, v(["bTerminalLink": 1, "bDelay": 1, "wFormatTag": 1]))
        var f = v(["bFormatType": 1, "bNrChannels": 2, "bSubframeSize": 2, "bBitResolution": 16, "bSamFreqType": 1])
        f["tSamFreq"] = [48000]
        b.add(AudioStreamingLayouts.uac1TypeI, f)
        b.add(std.endpoint, v(["bEndpointAddress": 0x01, "bmAttributes": 0x05, "wMaxPacketSize": 196, "bInterval": 1,
                               "bRefresh": 0, "bSynchAddress": 0x81]))
        b.add(AudioStreamingLayouts.uac1EndpointGeneral, v(["bmAttributes": 1, "bLockDelayUnits": 0, "wLockDelay": 0]))
        b.add(std.endpoint, v(["bEndpointAddress": 0x81, "bmAttributes": 0x11, "wMaxPacketSize": 3, "bInterval": 1,
                               "bRefresh": 5, "bSynchAddress": 0]))
        return b
    }
}
