/// An AudioControl entity (terminal, unit or clock) with the links that make up the topology. The raw
/// value is the subtype name the layout rows carry (`DescriptorLayout.entityKind`), and every label of an
/// entity ("Clock Source 5" in findings, "clock source 5" in captures) is the kind's name.
public enum AudioEntityKind: String, Sendable, Hashable, Codable, CaseIterable {
    case inputTerminal = "INPUT_TERMINAL", outputTerminal = "OUTPUT_TERMINAL", extendedTerminal = "EXTENDED_TERMINAL"
    case mixerUnit = "MIXER_UNIT", selectorUnit = "SELECTOR_UNIT", featureUnit = "FEATURE_UNIT"
    case effectUnit = "EFFECT_UNIT", processingUnit = "PROCESSING_UNIT", extensionUnit = "EXTENSION_UNIT"
    case clockSource = "CLOCK_SOURCE", clockSelector = "CLOCK_SELECTOR", clockMultiplier = "CLOCK_MULTIPLIER"
    case sampleRateConverter = "SAMPLE_RATE_CONVERTER", powerDomain = "POWER_DOMAIN", connectors = "CONNECTORS"

    public var isTerminal: Bool { self == .inputTerminal || self == .outputTerminal || self == .extendedTerminal }
    public var isClock: Bool { self == .clockSource || self == .clockSelector || self == .clockMultiplier }

    /// "Input Terminal", "Sample Rate Converter": the subtype name in words.
    public var name: String { Self.names[self] ?? rawValue }

    /// Spelled once from the raw values (labels are made for every finding and every drawn entity).
    static let names: [AudioEntityKind: String] = Dictionary(uniqueKeysWithValues: allCases.map { k in
        (k, k.rawValue.split(separator: "_").map { $0.prefix(1) + $0.dropFirst().lowercased() }.joined(separator: " "))
    })
}

public struct AudioEntity: Sendable, Hashable {
    public var id: Int
    public var kind: AudioEntityKind
    public var descriptor: Descriptor

    public init?(_ d: Descriptor) {
        guard let kind = d.layout.entityKind, let f = d.layout.entityIDField, let id = d[f] else { return nil }
        self.id = id
        self.kind = kind
        self.descriptor = d
    }

    /// Audio-path inputs: bSourceID or baSourceID[].
    public var sourceIDs: [Int] {
        if let s = descriptor["bSourceID"] { return [s] }
        return descriptor.values("baSourceID")
    }

    /// Clock inputs: bCSourceID, baCSourceID[], or a sample-rate converter's two clocks.
    public var clockSourceIDs: [Int] {
        if let s = descriptor["bCSourceID"] { return [s] }
        let many = descriptor.values("baCSourceID")
        if !many.isEmpty { return many }
        return [descriptor["bCSourceInID"], descriptor["bCSourceOutID"]].compactMap { $0 }
    }

    public var nrChannels: Int? { descriptor["bNrChannels"] }
    public var channelConfig: UInt32? {
        (descriptor["bmChannelConfig"] ?? descriptor["wChannelConfig"]).map { UInt32(truncatingIfNeeded: $0) }
    }
    public var terminalType: Int? { descriptor["wTerminalType"] }
    public var assocTerminal: Int? { descriptor["bAssocTerminal"] }
    public var isStreamingTerminal: Bool { (terminalType ?? 0) & 0xFF00 == 0x0100 }

    /// "Input Terminal 1 (USB Streaming)" — how findings and explanations name an entity.
    public var label: String {
        var s = kind.name
        s += " \(id)"
        if let t = terminalType, let n = USBNames.terminalType(UInt64(t)) { s += " (\(n))" }
        return s
    }
}
