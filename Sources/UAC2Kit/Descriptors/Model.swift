/// The typed view of a device's descriptors. Every node keeps its decoded `Descriptor` (fields by spec name,
/// raw bytes, where it came from); the typed properties are read from those fields.

public enum TransferType: String, Sendable, Hashable, Codable { case control, isochronous, bulk, interrupt }
public enum UsageType: String, Sendable, Hashable, Codable { case data, feedback, implicitFeedback = "implicit feedback", reserved }

public struct Endpoint: Sendable, Hashable {
    public var descriptor: Descriptor
    public var companion: Descriptor?
    public var sspCompanion: Descriptor?
    public var classSpecific: [Descriptor] = []

    public init(descriptor: Descriptor) { self.descriptor = descriptor }

    public var address: UInt8 { UInt8(truncatingIfNeeded: descriptor["bEndpointAddress"] ?? 0) }
    public var number: Int { Int(address & 0x0F) }
    public var isIn: Bool { address & 0x80 != 0 }
    public var attributes: UInt8 { UInt8(truncatingIfNeeded: descriptor["bmAttributes"] ?? 0) }
    public var transferType: TransferType { [.control, .isochronous, .bulk, .interrupt][Int(attributes & 3)] }
    public var syncType: SyncType { [.none, .asynchronous, .adaptive, .synchronous][Int((attributes >> 2) & 3)] }
    public var usageType: UsageType { [.data, .feedback, .implicitFeedback, .reserved][Int((attributes >> 4) & 3)] }
    public var wMaxPacketSize: Int { descriptor["wMaxPacketSize"] ?? 0 }
    /// Bits 10..0: bytes per transaction.
    public var maxPacketSize: Int { wMaxPacketSize & 0x7FF }
    /// Bits 12..11: additional transactions per microframe (high-speed periodic endpoints only).
    public var additionalTransactions: Int { (wMaxPacketSize >> 11) & 3 }
    public var bInterval: Int { descriptor["bInterval"] ?? 0 }
    public var bSynchAddress: Int? { descriptor["bSynchAddress"] }
    public var bRefresh: Int? { descriptor["bRefresh"] }
}

public struct AltSetting: Sendable, Hashable {
    public var descriptor: Descriptor
    /// Class-specific (and other non-endpoint) descriptors that follow the interface descriptor.
    public var classSpecific: [Descriptor] = []
    public var endpoints: [Endpoint] = []

    public init(descriptor: Descriptor) { self.descriptor = descriptor }

    public var interfaceNumber: Int { descriptor["bInterfaceNumber"] ?? 0 }
    public var alternateSetting: Int { descriptor["bAlternateSetting"] ?? 0 }
    public var interfaceClass: Int { descriptor["bInterfaceClass"] ?? 0 }
    public var interfaceSubClass: Int { descriptor["bInterfaceSubClass"] ?? 0 }
    public var interfaceProtocol: Int { descriptor["bInterfaceProtocol"] ?? 0 }
    public var isAudioControl: Bool { interfaceClass == 1 && interfaceSubClass == 1 }
    public var isAudioStreaming: Bool { interfaceClass == 1 && interfaceSubClass == 2 }
    public var isMIDIStreaming: Bool { interfaceClass == 1 && interfaceSubClass == 3 }

    /// The first class-specific descriptor with this subtype name (e.g. "AS_GENERAL").
    public func classSpecific(_ subtype: String) -> Descriptor? {
        classSpecific.first { $0.layout.subtype == subtype }
    }
}

public struct Interface: Sendable, Hashable {
    public var number: Int
    public var alternates: [AltSetting] = []
}

public struct Configuration: Sendable, Hashable {
    public var descriptor: Descriptor
    public var isOtherSpeed: Bool { descriptor.bDescriptorType == DescriptorType.otherSpeedConfiguration }
    public var associations: [Descriptor] = []
    public var interfaces: [Interface] = []
    /// Descriptors between the configuration descriptor and the first interface that are not IADs.
    public var extra: [Descriptor] = []
    /// Every descriptor of this configuration in input order, itself first: re-encoding concatenates these.
    public var sequence: [Descriptor] = []

    public var value: Int { descriptor["bConfigurationValue"] ?? 0 }
    public var wTotalLength: Int { descriptor["wTotalLength"] ?? 0 }

    public func interface(_ number: Int) -> Interface? { interfaces.first { $0.number == number } }
    public var altSettings: [AltSetting] { interfaces.flatMap(\.alternates) }
}

public struct USBDevice: Sendable, Hashable {
    /// How the input named this device, e.g. "Bus 001 Device 004: ID 1235:8202" from lsusb text.
    public var label: String?
    public var device: Descriptor?
    public var qualifier: Descriptor?
    public var configurations: [Configuration] = []
    public var bos: Descriptor?
    public var capabilities: [Descriptor] = []
    public var strings: [Descriptor] = []
    /// Descriptors that fit nowhere else (before any configuration), kept in order.
    public var other: [Descriptor] = []
    /// What the input itself states about the bus speed (lsusb "Negotiated speed", a dump's bus speed,
    /// the sysfs `speed` file, a capture's link speed, firmware's separate FS/HS configuration sets).
    /// What the descriptors prove by themselves is worked out by `SpeedJudgement`.
    public var speedEvidence: [SpeedEvidence] = []
    /// The speed the input states, if it states one. Setting it records it as stated by the input.
    public var speed: USBSpeed? {
        get { speedEvidence.lazy.compactMap(\.proves).first }
        set { speedEvidence = newValue.map { [SpeedEvidence(.input, $0, reason: "the input states \($0.displayName)")] } ?? [] }
    }
    /// String descriptor texts the input carried, by index (lsusb text, dumps).
    public var stringTexts: [Int: String] = [:]

    public init(label: String? = nil) { self.label = label }

    public var idVendor: Int? { device?["idVendor"] }
    public var idProduct: Int? { device?["idProduct"] }
    public var bcdUSB: Int? { device?["bcdUSB"] }

    /// Every descriptor in input order.
    public var sequence: [Descriptor] = []
    /// A large input's finished device holds only this (and label, speed, strings) until unpacked.
    var packedDescriptors: PackedDescriptors?

    /// What Linux exposes as sysfs `descriptors` (and libusb/lsusb read): the device descriptor followed by
    /// each configuration, without the qualifier, other-speed configurations, BOS or strings.
    public func sysfsDescriptors() -> [UInt8] {
        var out = device?.encoded() ?? []
        for c in configurations where !c.isOtherSpeed { out += c.sequence.flatMap { $0.encoded() } }
        return out
    }

    /// The device's descriptors re-encoded from the model, in input order.
    public func encoded() -> [UInt8] { sequence.flatMap { $0.encoded() } }
}
