/// Declarative descriptor layouts, in the spirit of usbutils' desc-defs.c: one table per descriptor
/// drives decoding, display and re-encoding, so the three can never disagree.

/// How many bytes one element of a field takes.
public enum FieldWidth: Sendable, Hashable {
    case bytes(Int)
    /// Width given by an earlier field, e.g. UAC1 feature unit `bControlSize`.
    case field(String)
}

/// How many elements a field holds.
public enum FieldCount: Sendable, Hashable {
    case one
    case fixed(Int)
    /// Count given by an earlier field, e.g. `baSourceID[bNrInPins]`.
    case field(String)
    /// As many elements as fit in bLength before the last `reserve` bytes (which belong to later fields).
    case remaining(reserve: Int)
    /// UAC1 `tSamFreq[]`: bSamFreqType entries, or 2 (lower, upper) when bSamFreqType is 0 (continuous).
    case samFreqTable(String)
    /// A single trailing field that only some descriptors carry (audio endpoints' bRefresh/bSynchAddress).
    case optional
}

/// How a value reads to a firmware developer. Rendering lives in Reports; this only names the meaning.
public enum FieldDisplay: Sendable, Hashable {
    case number
    case hex
    case bcd
    case stringIndex
    /// Named bits, index = bit number; empty names are reserved bits.
    case bitmap([String])
    /// Two-bit control pairs (none / read-only / illegal 0b10 / read-write), one name per pair.
    case controls([String])
    case names(NameTable)
    case channelConfig
    case uac1ChannelConfig
    case endpointAddress
    case endpointAttributes
    case maxPacketSize
    case interval
    case sampleRate
    case maxPower
    case configAttributes
    case entityID
    case raw
}

public struct FieldSpec: Sendable, Hashable {
    public let name: String
    public let width: FieldWidth
    public let count: FieldCount
    public let display: FieldDisplay

    public init(_ name: String, width: FieldWidth, count: FieldCount = .one, display: FieldDisplay = .number) {
        self.name = name
        self.width = width
        self.count = count
        self.display = display
    }

    public var isArray: Bool {
        switch count {
        case .one, .optional: return false
        default: return true
        }
    }

    public static func u8(_ name: String, _ display: FieldDisplay = .number) -> FieldSpec {
        FieldSpec(name, width: .bytes(1), display: display)
    }
    public static func u16(_ name: String, _ display: FieldDisplay = .number) -> FieldSpec {
        FieldSpec(name, width: .bytes(2), display: display)
    }
    public static func u24(_ name: String, _ display: FieldDisplay = .number) -> FieldSpec {
        FieldSpec(name, width: .bytes(3), display: display)
    }
    public static func u32(_ name: String, _ display: FieldDisplay = .number) -> FieldSpec {
        FieldSpec(name, width: .bytes(4), display: display)
    }
    public static func array(_ name: String, width: Int = 1, count: FieldCount, _ display: FieldDisplay = .number) -> FieldSpec {
        FieldSpec(name, width: .bytes(width), count: count, display: display)
    }
}

/// A descriptor's table: its fields in wire order, and optional type-specific tails selected by an
/// earlier field (processing-unit modes, device-capability bodies).
public struct DescriptorLayout: Sendable, Hashable {
    /// Stable identifier used in JSON and rules, e.g. "UAC2_INPUT_TERMINAL".
    public let id: String
    /// What lsusb and the spec call it, e.g. "AudioControl Interface Descriptor".
    public let title: String
    /// Spec name of the subtype, e.g. "INPUT_TERMINAL" (nil for standard descriptors).
    public let subtype: String?
    public let fields: [FieldSpec]
    public let variantSelector: String?
    public let variants: [UInt64: [FieldSpec]]
    /// The shortest this descriptor may be and what hosts do with a shorter one (UAC-LEN-001); nil for
    /// layouts no length rule judges (standard descriptors have USB-CH9-001, unknown ones nothing).
    public let length: LengthRule?
    /// Names lsusb prints for fields of this table where they differ from ours (older usbutils included):
    /// lsusb's name → the field's. The lsusb text reader reads them; nothing else keys on them.
    public let lsusbNames: [String: String]

    public init(id: String, title: String, subtype: String? = nil, fields: [FieldSpec],
                variantSelector: String? = nil, variants: [UInt64: [FieldSpec]] = [:], length: LengthRule? = nil,
                lsusbNames: [String: String] = [:]) {
        self.id = id
        self.title = title
        self.subtype = subtype
        self.fields = fields
        self.variantSelector = variantSelector
        self.variants = variants
        self.length = length
        self.lsusbNames = lsusbNames
    }

    /// The AudioControl entity this row describes (its subtype's name is the kind's), nil for the rest.
    public var entityKind: AudioEntityKind? { subtype.flatMap(AudioEntityKind.init(rawValue:)) }

    /// The field holding the entity's ID: the row's first entity-ID field (bTerminalID, bUnitID, bClockID...).
    public var entityIDField: String? {
        guard entityKind != nil else { return nil }
        return fields.first { if case .entityID = $0.display { return true } else { return false } }?.name
    }

    /// The smallest bLength that holds every fixed field with zero-length arrays.
    public var minimumLength: Int {
        var n = 0
        for f in fields {
            guard case .bytes(let w) = f.width else { continue }
            switch f.count {
            case .one: n += w
            case .fixed(let c): n += w * c
            default: break
            }
        }
        return n
    }
}

/// The three bytes every class-specific descriptor starts with.
let csHeader: [FieldSpec] = [.u8("bLength"), .u8("bDescriptorType", .hex), .u8("bDescriptorSubtype", .hex)]
/// The two bytes every descriptor starts with.
let stdHeader: [FieldSpec] = [.u8("bLength"), .u8("bDescriptorType", .hex)]
