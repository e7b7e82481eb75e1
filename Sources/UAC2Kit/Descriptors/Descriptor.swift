/// Where a descriptor (or a problem) came from: a byte offset in a binary input, a line in a text input.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var offset: Int?
    public var line: Int?

    public init(offset: Int? = nil, line: Int? = nil) {
        self.offset = offset
        self.line = line
    }

    public var description: String {
        switch (offset, line) {
        case let (o?, l?): return "line \(l) (byte \(o))"
        case let (o?, nil): return "byte \(o)"
        case let (nil, l?): return "line \(l)"
        default: return "unknown position"
        }
    }
}

/// One decoded field: its place inside the descriptor and its little-endian value(s).
public struct DescriptorField: Sendable, Hashable, Codable {
    public let name: String
    public let offset: Int
    public let width: Int
    public let values: [UInt64]
    public let isArray: Bool

    public var value: UInt64 { values.first ?? 0 }
}

/// One descriptor as found in the input, decoded through its layout. The raw bytes are always kept,
/// so nothing is lost even when the layout is unknown or the descriptor is malformed.
///
/// The decoded parts live in one immutable object: the model keeps each descriptor in two or three
/// arrays (the device's sequence, the configuration's, its interface or endpoint) and checks gather
/// them again, so an inline struct of about 250 bytes was copied into each of them (30,000 two-byte
/// descriptors held 22 MB); a reference is 8 bytes.
public struct Descriptor: Sendable, Hashable {
    private final class Storage: Sendable {
        let layout: DescriptorLayout
        let bytes: [UInt8]
        let fields: [DescriptorField]
        let trailing: [UInt8]
        let firstMissingField: String?
        let location: SourceLocation

        init(layout: DescriptorLayout, bytes: [UInt8], location: SourceLocation) {
            self.layout = layout
            self.bytes = bytes
            self.location = location
            let decoded = LayoutDecoder.decode(layout, bytes)
            self.fields = decoded.fields
            self.trailing = decoded.trailing
            self.firstMissingField = decoded.missing
        }
    }

    private let storage: Storage

    public var layout: DescriptorLayout { storage.layout }
    public var bytes: [UInt8] { storage.bytes }
    public var fields: [DescriptorField] { storage.fields }
    /// Bytes inside bLength that no field claimed (lsusb's "junk at end").
    public var trailing: [UInt8] { storage.trailing }
    /// The first field that did not fit in the bytes present (a truncated descriptor).
    public var firstMissingField: String? { storage.firstMissingField }
    public var location: SourceLocation { storage.location }

    public init(layout: DescriptorLayout, bytes: [UInt8], location: SourceLocation) {
        storage = Storage(layout: layout, bytes: bytes, location: location)
    }

    /// Equal when decoded from the same bytes with the same layout at the same place (fields and
    /// trailing bytes follow from those).
    public static func == (a: Descriptor, b: Descriptor) -> Bool {
        a.storage === b.storage || (a.bytes == b.bytes && a.location == b.location && a.layout == b.layout)
    }

    public func hash(into h: inout Hasher) {
        h.combine(bytes)
        h.combine(location)
        h.combine(layout.id)
    }

    public var bLength: Int { bytes.isEmpty ? 0 : Int(bytes[0]) }
    public var bDescriptorType: UInt8 { bytes.count > 1 ? bytes[1] : 0 }
    public var bDescriptorSubtype: UInt8? { bytes.count > 2 ? bytes[2] : nil }
    public var isTruncated: Bool { bytes.count < bLength || firstMissingField != nil }

    public func field(_ name: String) -> DescriptorField? { fields.first { $0.name == name } }

    /// The field's value as an Int, or nil when the field is absent (unknown layout or truncation).
    public subscript(_ name: String) -> Int? {
        guard let f = field(name), !f.isArray || !f.values.isEmpty else { return nil }
        return f.values.first.map { Int(truncatingIfNeeded: $0) }
    }

    public func values(_ name: String) -> [Int] {
        field(name)?.values.map { Int(truncatingIfNeeded: $0) } ?? []
    }

    /// The layout's encoding of the decoded fields; equals `bytes` for any descriptor that decoded.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for f in fields { for v in f.values { LayoutEncoder.append(v, width: f.width, to: &out) } }
        out.append(contentsOf: trailing)
        return out
    }
}

enum LayoutDecoder {
    struct Result {
        var fields: [DescriptorField] = []
        var trailing: [UInt8] = []
        var missing: String?
    }

    /// Elements are capped so that a hostile count can never allocate more than the bytes present.
    static func decode(_ layout: DescriptorLayout, _ bytes: [UInt8]) -> Result {
        var r = Result()
        let available = bytes.count
        // bLength bounds the fields; when it lies past the bytes present, decoding stops at the end.
        let declared = max(available > 0 ? Int(bytes[0]) : 0, 0)
        let limit = min(declared == 0 ? available : declared, available)
        var pos = 0
        var specs = layout.fields
        var appendedVariant = false

        var i = 0
        while i < specs.count {
            let spec = specs[i]
            i += 1
            let width: Int
            switch spec.width {
            case .bytes(let w): width = w
            case .field(let n): width = Int(r.fields.first { $0.name == n }?.value ?? 0)
            }
            var count: Int
            switch spec.count {
            case .one: count = 1
            case .optional:
                if pos + max(width, 1) > declared { continue }
                count = 1
            case .fixed(let c): count = c
            case .field(let n): count = Int(clamping: r.fields.first { $0.name == n }?.value ?? 0)
            case .samFreqTable(let n):
                let t = Int(clamping: r.fields.first { $0.name == n }?.value ?? 0)
                count = t == 0 ? 2 : t
            case .remaining(let reserve):
                let room = max(0, max(declared, pos) - pos - reserve)
                count = width > 0 ? room / width : 0
            }
            if width <= 0 || width > 8 {
                // A zero or absurd element width (e.g. bControlSize 0 or 200) cannot be decoded as numbers.
                if width > 8 { r.missing = r.missing ?? spec.name; break }
                r.fields.append(DescriptorField(name: spec.name, offset: pos, width: max(width, 0), values: [], isArray: true))
                continue
            }
            count = min(count, max(0, (limit - pos) / width) + 1)
            var values: [UInt64] = []
            values.reserveCapacity(min(count, 256))
            let start = pos
            var stop = false
            for _ in 0..<count {
                if pos + width > limit {
                    r.missing = spec.name
                    stop = true
                    break
                }
                var v: UInt64 = 0
                for b in 0..<width { v |= UInt64(bytes[pos + b]) << (8 * UInt64(b)) }
                values.append(v)
                pos += width
            }
            if !values.isEmpty || spec.isArray && !stop {
                r.fields.append(DescriptorField(name: spec.name, offset: start, width: width, values: values, isArray: spec.isArray))
            }
            if stop { break }
            if i == specs.count, !appendedVariant, let sel = layout.variantSelector,
               let key = r.fields.first(where: { $0.name == sel })?.value, let extra = layout.variants[key] {
                specs += extra
                appendedVariant = true
            }
        }
        if pos < available { r.trailing = Array(bytes[pos..<available]) }
        return r
    }
}

enum LayoutEncoder {
    static func append(_ value: UInt64, width: Int, to out: inout [UInt8]) {
        for b in 0..<width { out.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(b)))) }
    }

    /// Builds a descriptor's bytes from field values by name (used by the text readers and test builders).
    /// Array counts come from the values given; bLength is computed when not given.
    public static func encode(_ layout: DescriptorLayout, values: [String: [UInt64]], extra: [UInt8] = []) -> [UInt8] {
        var out: [UInt8] = []
        var specs = layout.fields
        if let sel = layout.variantSelector, let key = values[sel]?.first, let v = layout.variants[key] { specs += v }
        var widths: [String: Int] = [:]
        for spec in specs {
            let width: Int
            switch spec.width {
            case .bytes(let w): width = w
            case .field(let n): width = Int(values[n]?.first ?? 0)
            }
            widths[spec.name] = width
            if case .optional = spec.count, values[spec.name] == nil { continue }
            let vs = values[spec.name] ?? (spec.isArray ? [] : [0])
            for v in vs { append(v, width: width, to: &out) }
        }
        out.append(contentsOf: extra)
        if values["bLength"] == nil, !out.isEmpty { out[0] = UInt8(truncatingIfNeeded: out.count) }
        return out
    }
}

extension DescriptorLayout {
    /// Encode from named values: the inverse of decoding, used by text readers and descriptor builders.
    public func encode(_ values: [String: [UInt64]], extra: [UInt8] = []) -> [UInt8] {
        LayoutEncoder.encode(self, values: values, extra: extra)
    }
}
