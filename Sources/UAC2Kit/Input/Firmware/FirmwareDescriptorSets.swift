/// Groups descriptors found apart in firmware memory into the sets a host would be sent. Stacks keep
/// the device descriptor and each configuration in separate arrays (TinyUSB: `desc_device`,
/// `desc_fs_configuration`, `desc_hs_configuration`, `desc_device_qualifier`), so a set is a device
/// descriptor plus the configurations, qualifier and BOS that belong to it. Two configurations with
/// the same bConfigurationValue are one configuration at two speeds: each makes its own set.
struct FirmwarePart: Sendable {
    var kind: DescriptorScanner.Kind?
    var region: Int
    var start: Int
    var length: Int
    /// "desc_hs_configuration (.rodata, 0x08001234)" or "0x08001234 (flash)".
    var label: String
    var symbol: String?
}

struct FirmwareDescriptorSet: Sendable {
    var parts: [FirmwarePart]
    /// The speed the set's names say it is for, with the name that says so.
    var speed: (USBSpeed, String)?
    /// How many speed variants its device has (2: one configuration per speed, unnamed or named).
    var variants = 1
    var label: String { parts.map(\.label).joined(separator: " + ") }
}

enum FirmwareDescriptorSets {
    static func group(_ parts: [FirmwarePart], image: FirmwareImage) -> [FirmwareDescriptorSet] {
        let ordered = parts.sorted { ($0.region, $0.start) < ($1.region, $1.start) }
        let devices = ordered.indices.filter { ordered[$0].kind == .device }
        // The device a descriptor belongs to: the only one, else the nearest before it in its
        // section, else the nearest after it, else the first.
        func owner(_ i: Int) -> Int? {
            if devices.isEmpty { return nil }
            if devices.count == 1 { return devices[0] }
            let p = ordered[i]
            if let d = devices.last(where: { ordered[$0].region == p.region && ordered[$0].start < p.start }) { return d }
            if let d = devices.first(where: { ordered[$0].region == p.region }) { return d }
            return devices[0]
        }
        var byOwner: [Int?: [Int]] = [:]
        var owners: [Int?] = []
        for i in ordered.indices where ordered[i].kind != .device {
            let o = owner(i)
            if byOwner[o] == nil { owners.append(o) }
            byOwner[o, default: []].append(i)
        }
        for d in devices where byOwner[d] == nil { owners.append(d); byOwner[d] = [] }
        owners.sort { ($0 ?? -1) < ($1 ?? -1) }

        var sets: [FirmwareDescriptorSet] = []
        for o in owners {
            let members = byOwner[o] ?? []
            let configs = members.filter { ordered[$0].kind == .configuration }
            let shared = members.filter { ordered[$0].kind != .configuration && ordered[$0].kind != .otherSpeed }
            let otherSpeed = members.filter { ordered[$0].kind == .otherSpeed }
            // Speed variants: each configuration goes to the first variant without its value.
            var variants: [[Int]] = []
            for c in configs {
                let value = configurationValue(ordered[c], image)
                if let v = variants.firstIndex(where: { !$0.contains { configurationValue(ordered[$0], image) == value } }) {
                    variants[v].append(c)
                } else {
                    variants.append([c])
                }
            }
            if variants.isEmpty { variants = [[]] }
            for v in variants {
                var parts = o.map { [ordered[$0]] } ?? []
                parts += v.map { ordered[$0] } + otherSpeed.map { ordered[$0] } + shared.map { ordered[$0] }
                if parts.isEmpty { continue }
                sets.append(FirmwareDescriptorSet(parts: parts, speed: speedFromNames(v.map { ordered[$0] }), variants: variants.count))
            }
        }
        return sets
    }

    static func configurationValue(_ p: FirmwarePart, _ image: FirmwareImage) -> UInt8? {
        let b = image.regions[p.region].bytes
        return p.start + 5 < b.count ? b[p.start + 5] : nil
    }

    /// `desc_fs_configuration`, `hs_config`, `ConfigDescHighSpeed`, `usb_config_descriptor_480`: the speed a
    /// configuration's name gives, when every named configuration of the set agrees.
    static func speedFromNames(_ parts: [FirmwarePart]) -> (USBSpeed, String)? {
        var found: [(USBSpeed, String)] = []
        for p in parts {
            guard let name = p.symbol else { return nil }
            guard let s = speed(ofName: name) else { return nil }
            found.append((s, name))
        }
        guard let first = found.first, found.allSatisfy({ $0.0 == first.0 }) else { return nil }
        return first
    }

    static func speed(ofName name: String) -> USBSpeed? {
        // Words of the name: split at '_' and at lower-to-upper case changes.
        var words: [String] = []
        var cur = ""
        var prevLower = false
        for ch in name {
            if ch == "_" || ch == "." || ch == "-" { if !cur.isEmpty { words.append(cur) }; cur = ""; prevLower = false; continue }
            if ch.isUppercase && prevLower { words.append(cur); cur = "" }
            cur.append(ch)
            prevLower = ch.isLowercase || ch.isNumber
        }
        if !cur.isEmpty { words.append(cur) }
        let w = words.map { $0.lowercased() }
        var full = false, high = false
        for (i, x) in w.enumerated() {
            let next = i + 1 < w.count ? w[i + 1] : ""
            // Teensy names its configurations by bit rate: usb_config_descriptor_12 / _480.
            if x == "fs" || x == "fullspeed" || (x == "full" && next == "speed") || x == "12" { full = true }
            if x == "hs" || x == "highspeed" || (x == "high" && next == "speed") || x == "480" { high = true }
        }
        if full == high { return nil }
        return full ? .full : .high
    }
}
