/// A descriptor's identity for `diff`: where it sits in the device, not its bytes, so that a changed
/// field shows as a change of that field and an inserted descriptor does not shift everything after it.
/// "configuration 1 / interface 1 alt 1 / EP 0x81", "configuration 1 / interface 0 alt 0 / Clock Source 4".
enum DescriptorKey {
    struct Keyed {
        var key: String
        var descriptor: Descriptor
        /// bDescriptorType and, for class-specific descriptors, the subtype: what must agree for two
        /// descriptors at one place to be the same descriptor with different fields.
        var kind: [UInt8]
    }

    static func keyed(_ dev: USBDevice) -> [Keyed] {
        var out: [Keyed] = []
        var config = "", interface = "", endpoint = ""
        var counts: [String: Int] = [:]
        var inEndpoint = false
        func unique(_ base: String) -> String {
            let n = counts[base, default: 0]
            counts[base] = n + 1
            return n == 0 ? base : "\(base) #\(n + 1)"
        }
        for d in dev.sequence {
            let type = d.bDescriptorType
            var key: String
            switch type {
            case DescriptorType.device: key = unique("device")
            case DescriptorType.deviceQualifier: key = unique("device qualifier")
            case DescriptorType.configuration, DescriptorType.otherSpeedConfiguration:
                config = unique((type == DescriptorType.configuration ? "configuration " : "other-speed configuration ") + "\(d["bConfigurationValue"] ?? 0)")
                key = config; interface = config; endpoint = config; inEndpoint = false
            case DescriptorType.interfaceAssociation: key = unique(config + " / IAD")
            case DescriptorType.interface:
                interface = unique(config + " / interface \(d["bInterfaceNumber"] ?? 0) alt \(d["bAlternateSetting"] ?? 0)")
                key = interface; endpoint = interface; inEndpoint = false
            case DescriptorType.endpoint:
                endpoint = unique(interface + " / EP 0x" + hex2(UInt8(truncatingIfNeeded: d["bEndpointAddress"] ?? 0)))
                key = endpoint; inEndpoint = true
            case DescriptorType.string: key = unique("string")
            case DescriptorType.bos: key = unique("BOS"); config = "BOS"
            case DescriptorType.deviceCapability: key = unique("BOS / " + (d.layout.title))
            default:
                let parent = inEndpoint && type != DescriptorType.csInterface ? endpoint : interface
                let name = AudioEntity(d)?.label ?? d.layout.subtype ?? d.layout.title
                key = unique((parent.isEmpty ? "" : parent + " / ") + name)
            }
            let kind: [UInt8] = type == DescriptorType.csInterface || type == DescriptorType.csEndpoint
                ? [type, d.bDescriptorSubtype ?? 0] : [type]
            out.append(Keyed(key: key, descriptor: d, kind: kind))
        }
        return out
    }
}
