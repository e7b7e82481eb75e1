/// What the walker knows when it meets a descriptor: the class-specific descriptors' meaning depends on
/// the interface they follow (USB 2.0 §9.5: class descriptors follow the standard one they extend).
public struct DescriptorContext: Sendable, Hashable {
    public var interfaceClass: UInt8?
    public var interfaceSubClass: UInt8?
    public var interfaceProtocol: UInt8?
    public var afterEndpoint = false

    public init(interfaceClass: UInt8? = nil, interfaceSubClass: UInt8? = nil, interfaceProtocol: UInt8? = nil,
                afterEndpoint: Bool = false) {
        self.interfaceClass = interfaceClass
        self.interfaceSubClass = interfaceSubClass
        self.interfaceProtocol = interfaceProtocol
        self.afterEndpoint = afterEndpoint
    }

    public var audioVersion: AudioClassVersion? {
        guard interfaceClass == 0x01 else { return nil }
        return AudioClassVersion(protocol: Int(interfaceProtocol ?? 0))
    }
}

public enum DescriptorType {
    public static let device: UInt8 = 0x01, configuration: UInt8 = 0x02, string: UInt8 = 0x03, interface: UInt8 = 0x04,
        endpoint: UInt8 = 0x05, deviceQualifier: UInt8 = 0x06, otherSpeedConfiguration: UInt8 = 0x07,
        interfaceAssociation: UInt8 = 0x0B, bos: UInt8 = 0x0F, deviceCapability: UInt8 = 0x10,
        classDevice: UInt8 = 0x21, csInterface: UInt8 = 0x24, csEndpoint: UInt8 = 0x25,
        ssEndpointCompanion: UInt8 = 0x30, sspIsocEndpointCompanion: UInt8 = 0x31
}

public enum DescriptorCatalog {
    static let unknownClassSpecific = DescriptorLayout(id: "UNKNOWN_CS", title: "Unrecognized Class-Specific Descriptor",
                                                       fields: csHeader)

    /// The table for a descriptor; never nil: unknown descriptors get a header-only table and keep their bytes.
    public static func layout(for bytes: [UInt8], in ctx: DescriptorContext) -> DescriptorLayout {
        guard bytes.count >= 2 else { return StandardLayouts.unknown }
        let type = bytes[1]
        switch type {
        case DescriptorType.device: return StandardLayouts.device
        case DescriptorType.configuration: return StandardLayouts.configuration
        case DescriptorType.otherSpeedConfiguration: return StandardLayouts.otherSpeedConfiguration
        case DescriptorType.string: return StandardLayouts.string
        case DescriptorType.interface: return StandardLayouts.interface
        case DescriptorType.endpoint: return StandardLayouts.endpoint
        case DescriptorType.deviceQualifier: return StandardLayouts.deviceQualifier
        case DescriptorType.interfaceAssociation: return StandardLayouts.interfaceAssociation
        case DescriptorType.bos: return StandardLayouts.bos
        case DescriptorType.deviceCapability: return StandardLayouts.deviceCapability
        case DescriptorType.ssEndpointCompanion: return StandardLayouts.ssEndpointCompanion
        case DescriptorType.sspIsocEndpointCompanion: return StandardLayouts.sspIsocEndpointCompanion
        case DescriptorType.classDevice:
            if ctx.interfaceClass == 0x03 { return StandardLayouts.hid }
            if ctx.interfaceClass == 0xFE && ctx.interfaceSubClass == 0x01 { return StandardLayouts.dfuFunctional }
            return StandardLayouts.unknown
        case DescriptorType.csInterface, DescriptorType.csEndpoint:
            return classSpecific(bytes, type: type, ctx) ?? (bytes.count >= 3 ? unknownClassSpecific : StandardLayouts.unknown)
        default:
            return StandardLayouts.unknown
        }
    }

    static func classSpecific(_ bytes: [UInt8], type: UInt8, _ ctx: DescriptorContext) -> DescriptorLayout? {
        guard bytes.count >= 3, let version = ctx.audioVersion else { return nil }
        let subtype = bytes[2]
        let onEndpoint = type == DescriptorType.csEndpoint
        switch ctx.interfaceSubClass {
        case 0x01 where !onEndpoint:
            return AudioControlLayouts.layout(version: version, subtype: subtype)
        case 0x02:
            if onEndpoint { return AudioStreamingLayouts.endpointLayout(version: version, subtype: subtype) }
            return AudioStreamingLayouts.interfaceLayout(version: version, subtype: subtype,
                                                         formatType: bytes.count > 3 ? bytes[3] : nil)
        case 0x03:
            return AudioStreamingLayouts.midiLayout(subtype: subtype, onEndpoint: onEndpoint)
        default:
            return nil
        }
    }
}
