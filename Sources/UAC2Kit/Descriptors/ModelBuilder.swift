/// A problem found while reading an input, with where it is.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable { case error, warning, note }
    public var severity: Severity
    public var message: String
    public var location: SourceLocation

    public init(_ severity: Severity, _ message: String, at location: SourceLocation = SourceLocation()) {
        self.severity = severity
        self.message = message
        self.location = location
    }

    /// "error: byte 12: …", or without a place for a verdict on the whole input.
    public var description: String {
        location.offset == nil && location.line == nil ? "\(severity.rawValue): \(message)" : "\(severity.rawValue): \(location): \(message)"
    }
}

/// Builds the device tree from descriptors in wire order, the way a host walks a configuration:
/// class-specific descriptors belong to the interface or endpoint they follow.
public struct ModelBuilder: Sendable {
    public private(set) var devices: [USBDevice] = []
    public private(set) var diagnostics: [Diagnostic] = []
    var context = DescriptorContext()
    var hasDevice = false
    var inConfiguration = false

    /// Readers of inputs that may hold many devices (raw, hex, `lsusb -v`, dumps) set this: once this many
    /// descriptors are held decoded, the finished devices are packed (`PackedDescriptors`) and reports
    /// unpack them one at a time. Nil (the default) keeps every device's tree.
    public var packAfter: Int?
    /// The threshold readers use: a 20,000-descriptor tree is a few MB, far more than any real device
    /// has, so inputs of real devices are never packed and pay nothing for it.
    public static let packThreshold = 20_000
    var heldDescriptors = 0
    var firstUnpacked = 0
    /// Per device index: places in its sequence where the reader ended the configuration by hand.
    var leftConfigurationAt: [Int: [Int]] = [:]
    /// One `LayoutRef` per layout used in this reading, so descriptors share it.
    var layoutRefs: [String: LayoutRef] = [:]

    mutating func shared(_ layout: DescriptorLayout) -> LayoutRef {
        if let r = layoutRefs[layout.id], r.layout == layout { return r }
        let r = LayoutRef(layout)
        layoutRefs[layout.id] = r
        return r
    }

    public init(packAfter: Int? = nil) { self.packAfter = packAfter }

    /// The reader says the configuration is over (lsusb prints the qualifier and BOS after it).
    mutating func leaveConfiguration() {
        inConfiguration = false
        if hasDevice { leftConfigurationAt[devices.count - 1, default: []].append(devices[devices.count - 1].sequence.count) }
    }

    /// Packs every finished device once enough descriptors are held decoded.
    mutating func packFinishedDevices() {
        guard let limit = packAfter, heldDescriptors >= limit else { return }
        for i in firstUnpacked..<devices.count {
            devices[i] = devices[i].packed(leftConfigurationAt: leftConfigurationAt.removeValue(forKey: i) ?? [])
        }
        firstUnpacked = devices.count
        heldDescriptors = 0
    }

    /// Starts a new device explicitly (text inputs that list several devices).
    public mutating func startDevice(label: String?, speed: SpeedEvidence? = nil) {
        packFinishedDevices()
        devices.append(USBDevice(label: label))
        devices[devices.count - 1].speedEvidence = speed.map { [$0] } ?? []
        hasDevice = true
        inConfiguration = false
        context = DescriptorContext()
    }

    public mutating func note(_ d: Diagnostic) { diagnostics.append(d) }

    /// Records what the input states about the bus speed of the current device.
    public mutating func setSpeed(_ speed: SpeedEvidence) {
        if !hasDevice { startDevice(label: nil) }
        devices[devices.count - 1].speedEvidence.insert(speed, at: 0)
    }

    public mutating func setString(_ index: Int, _ text: String) {
        if !hasDevice { startDevice(label: nil) }
        devices[devices.count - 1].stringTexts[index] = text
    }

    /// The table the next descriptor with these bytes would be decoded with (text readers use it to
    /// rebuild bytes from field names when a dump's hex widths cannot be trusted).
    public func layout(for bytes: [UInt8]) -> DescriptorLayout {
        var ctx = context
        if bytes.count > 1, bytes[1] == DescriptorType.interface || bytes[1] == DescriptorType.configuration
            || bytes[1] == DescriptorType.interfaceAssociation { ctx = DescriptorContext() }
        return DescriptorCatalog.layout(for: bytes, in: ctx)
    }

    /// Decodes one descriptor's bytes in the current context and attaches it to the tree.
    @discardableResult
    public mutating func add(_ bytes: [UInt8], at location: SourceLocation) -> Descriptor {
        let type = bytes.count > 1 ? bytes[1] : 0
        if type == DescriptorType.device, hasDevice,
           devices[devices.count - 1].device != nil || !devices[devices.count - 1].configurations.isEmpty {
            startDevice(label: nil)
        }
        if !hasDevice { startDevice(label: nil) }
        switch type {
        case DescriptorType.configuration, DescriptorType.otherSpeedConfiguration, DescriptorType.device:
            context = DescriptorContext()
        case DescriptorType.interface:
            context = DescriptorContext(interfaceClass: bytes.count > 5 ? bytes[5] : nil,
                                        interfaceSubClass: bytes.count > 6 ? bytes[6] : nil,
                                        interfaceProtocol: bytes.count > 7 ? bytes[7] : nil)
        case DescriptorType.endpoint:
            context.afterEndpoint = true
        case DescriptorType.interfaceAssociation:
            context = DescriptorContext()
        default: break
        }
        let layout = DescriptorCatalog.layout(for: bytes, in: context)
        let d = Descriptor(shared: shared(layout), bytes: bytes, location: location)
        attach(d)
        heldDescriptors += 1
        return d
    }

    mutating func attach(_ d: Descriptor) {
        let di = devices.count - 1
        devices[di].sequence.append(d)
        switch d.bDescriptorType {
        case DescriptorType.device:
            devices[di].device = d
            inConfiguration = false
            return
        case DescriptorType.configuration, DescriptorType.otherSpeedConfiguration:
            var c = Configuration(descriptor: d)
            c.sequence = [d]
            devices[di].configurations.append(c)
            inConfiguration = true
            lastInterfaceIndex = nil
            interfaceIndexByNumber = [:]
            return
        case DescriptorType.deviceQualifier:
            devices[di].qualifier = d
            return
        case DescriptorType.bos:
            devices[di].bos = d
            inConfiguration = false
            return
        case DescriptorType.deviceCapability where !inConfiguration:
            devices[di].capabilities.append(d)
            return
        case DescriptorType.string where !inConfiguration:
            devices[di].strings.append(d)
            return
        default: break
        }
        guard inConfiguration, let ci = devices[di].configurations.indices.last else {
            devices[di].other.append(d)
            return
        }
        // The configuration is moved out of the tree (it is the last one), changed and moved back: a copy
        // would share its arrays with the tree, so every append copied them, O(n) per descriptor and
        // O(n^2) over a configuration (30,000 two-byte descriptors took 51 s).
        var config = devices[di].configurations.remove(at: ci)
        config.sequence.append(d)
        attach(d, to: &config)
        devices[di].configurations.append(config)
    }

    /// Interface numbers seen in the current configuration, to their index in `interfaces`.
    var interfaceIndexByNumber: [Int: Int] = [:]

    private mutating func attach(_ d: Descriptor, to config: inout Configuration) {
        switch d.bDescriptorType {
        case DescriptorType.interface:
            let number = d["bInterfaceNumber"] ?? 0
            if let ii = interfaceIndexByNumber[number], ii < config.interfaces.count, config.interfaces[ii].number == number {
                config.interfaces[ii].alternates.append(AltSetting(descriptor: d))
                lastInterfaceIndex = ii
            } else {
                var i = Interface(number: number)
                i.alternates.append(AltSetting(descriptor: d))
                config.interfaces.append(i)
                lastInterfaceIndex = config.interfaces.count - 1
                interfaceIndexByNumber[number] = config.interfaces.count - 1
            }
        case DescriptorType.interfaceAssociation:
            config.associations.append(d)
        case DescriptorType.endpoint:
            if let ii = lastInterfaceIndex, ii < config.interfaces.count {
                let ai = config.interfaces[ii].alternates.count - 1
                config.interfaces[ii].alternates[ai].endpoints.append(Endpoint(descriptor: d))
            } else {
                config.extra.append(d)
                diagnostics.append(Diagnostic(.warning, "endpoint descriptor before any interface descriptor", at: d.location))
            }
        default:
            guard let ii = lastInterfaceIndex, ii < config.interfaces.count else {
                config.extra.append(d)
                return
            }
            let ai = config.interfaces[ii].alternates.count - 1
            attach(d, to: &config.interfaces[ii].alternates[ai])
        }
    }

    /// A class-specific or companion descriptor after an alt: to its last endpoint if one came since.
    private func attach(_ d: Descriptor, to alt: inout AltSetting) {
        let toEndpoint = context.afterEndpoint && !alt.endpoints.isEmpty && d.bDescriptorType != DescriptorType.csInterface
        guard toEndpoint else {
            alt.classSpecific.append(d)
            return
        }
        let ei = alt.endpoints.count - 1
        switch d.bDescriptorType {
        case DescriptorType.ssEndpointCompanion: alt.endpoints[ei].companion = d
        case DescriptorType.sspIsocEndpointCompanion: alt.endpoints[ei].sspCompanion = d
        default: alt.endpoints[ei].classSpecific.append(d)
        }
    }

    var lastInterfaceIndex: Int?
}
