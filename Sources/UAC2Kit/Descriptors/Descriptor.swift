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
///
/// Fields are kept as 12-byte slots (which layout row, where, how wide, how many) and their values are
/// read from `bytes` when asked for: a `DescriptorField` per field with its own `[UInt64]` made a
/// nine-field interface descriptor cost about 1,100 bytes, and a 255 x 255-alt configuration 124 MB.
/// Descriptors whose fields all sit one after another as the layout lists them (device, configuration,
/// interface, endpoint...) keep no slots at all, only how many fields fit; the layout is shared through
/// one `LayoutRef` per layout in a reading instead of a copy of its ~100-byte struct each.
public struct Descriptor: Sendable, Hashable {
    private final class Storage: Sendable {
        let ref: LayoutRef
        var layout: DescriptorLayout { ref.layout }
        let bytes: [UInt8]
        /// Empty when `simple` says the fields are the layout's first `simple` rows, one element each,
        /// back to back from byte 0.
        let slots: [FieldSlot]
        let simple: Int16
        /// The selected variant's rows (shared with the layout, not copied), empty when none.
        let variant: [FieldSpec]
        /// Index into `bytes` of the first byte no field claimed (`bytes.count` when none is left).
        let trailingStart: Int32
        /// Row index of the first field that did not fit, -1 when every field fit.
        let missing: Int16
        let location: SourceLocation

        init(ref: LayoutRef, bytes: [UInt8], location: SourceLocation) {
            self.ref = ref
            self.bytes = bytes
            self.location = location
            let decoded = LayoutDecoder.slots(ref.layout, bytes)
            let simple = LayoutDecoder.isSimple(decoded, ref.layout)
            self.slots = simple ? [] : decoded.slots
            self.simple = simple ? Int16(decoded.slots.count) : -1
            self.variant = decoded.variant
            self.trailingStart = Int32(truncatingIfNeeded: decoded.trailingStart)
            self.missing = Int16(truncatingIfNeeded: decoded.missing ?? -1)
        }
    }

    private let storage: Storage

    public var layout: DescriptorLayout { storage.layout }
    public var bytes: [UInt8] { storage.bytes }
    public var fields: [DescriptorField] {
        let s = storage
        return allSlots.map { LayoutDecoder.field($0, s.layout, s.variant, s.bytes) }
    }

    private var allSlots: [FieldSlot] {
        let s = storage
        guard s.simple >= 0 else { return s.slots }
        var out: [FieldSlot] = []
        out.reserveCapacity(Int(s.simple))
        var offset = 0
        for k in 0..<Int(s.simple) {
            guard case .bytes(let w) = LayoutDecoder.spec(k, s.layout, s.variant).width else { break }
            out.append(FieldSlot(offset: UInt32(offset), count: 1, spec: UInt16(k), width: UInt8(w), isArray: false))
            offset += w
        }
        return out
    }
    /// Bytes inside bLength that no field claimed (lsusb's "junk at end").
    public var trailing: [UInt8] {
        let s = storage, t = Int(s.trailingStart)
        return t < s.bytes.count ? Array(s.bytes[t...]) : []
    }
    /// The first field that did not fit in the bytes present (a truncated descriptor).
    public var firstMissingField: String? {
        storage.missing < 0 ? nil : LayoutDecoder.spec(Int(storage.missing), storage.layout, storage.variant).name
    }
    public var location: SourceLocation { storage.location }

    public init(layout: DescriptorLayout, bytes: [UInt8], location: SourceLocation) {
        storage = Storage(ref: LayoutRef(layout), bytes: bytes, location: location)
    }

    /// A descriptor that shares its layout with the other descriptors of a reading (`ModelBuilder`).
    init(shared ref: LayoutRef, bytes: [UInt8], location: SourceLocation) {
        storage = Storage(ref: ref, bytes: bytes, location: location)
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
    public var isTruncated: Bool { bytes.count < bLength || storage.missing >= 0 }

    private func slot(_ name: String) -> FieldSlot? {
        let s = storage
        guard s.simple >= 0 else {
            return s.slots.first { LayoutDecoder.spec(Int($0.spec), s.layout, s.variant).name == name }
        }
        let rows = s.ref.layout.fields
        var offset = 0
        for k in 0..<Int(s.simple) {
            let spec = k < rows.count ? rows[k] : s.variant[k - rows.count]
            guard case .bytes(let w) = spec.width else { return nil }
            if spec.name == name { return FieldSlot(offset: UInt32(offset), count: 1, spec: UInt16(k), width: UInt8(w), isArray: false) }
            offset += w
        }
        return nil
    }

    public func field(_ name: String) -> DescriptorField? {
        slot(name).map { LayoutDecoder.field($0, storage.layout, storage.variant, storage.bytes) }
    }

    /// The field's value as an Int, or nil when the field is absent (unknown layout or truncation).
    public subscript(_ name: String) -> Int? {
        guard let f = slot(name), f.count > 0 else { return nil }
        return Int(truncatingIfNeeded: LayoutDecoder.value(storage.bytes, Int(f.offset), Int(f.width)))
    }

    public func values(_ name: String) -> [Int] {
        guard let f = slot(name) else { return [] }
        return (0..<Int(f.count)).map {
            Int(truncatingIfNeeded: LayoutDecoder.value(storage.bytes, Int(f.offset) + $0 * Int(f.width), Int(f.width)))
        }
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

/// A layout held once for all the descriptors of a reading that use it.
final class LayoutRef: Sendable {
    let layout: DescriptorLayout
    init(_ layout: DescriptorLayout) { self.layout = layout }
}

/// One decoded field without its values: the layout row it came from (an index into the layout's
/// fields, then its selected variant's), where its elements start, their width and how many fit.
struct FieldSlot: Sendable, Hashable {
    var offset: UInt32
    var count: UInt32
    var spec: UInt16
    var width: UInt8
    var isArray: Bool
}

enum LayoutDecoder {
    struct Result {
        var fields: [DescriptorField] = []
        var trailing: [UInt8] = []
        var missing: String?
    }

    struct Slots {
        var slots: [FieldSlot] = []
        var variant: [FieldSpec] = []
        var trailingStart = 0
        var missing: Int?
    }

    /// The little-endian value of `width` bytes at `at` (the decoder checked they are present).
    @inline(__always)
    static func value(_ bytes: [UInt8], _ at: Int, _ width: Int) -> UInt64 {
        var v: UInt64 = 0
        for b in 0..<width { v |= UInt64(bytes[at + b]) << (8 * UInt64(b)) }
        return v
    }

    /// Row `i` of the layout's fields followed by the selected variant's.
    @inline(__always)
    static func spec(_ i: Int, _ layout: DescriptorLayout, _ variant: [FieldSpec]) -> FieldSpec {
        i < layout.fields.count ? layout.fields[i] : variant[i - layout.fields.count]
    }

    static func field(_ s: FieldSlot, _ layout: DescriptorLayout, _ variant: [FieldSpec], _ bytes: [UInt8]) -> DescriptorField {
        let w = Int(s.width), o = Int(s.offset)
        return DescriptorField(name: spec(Int(s.spec), layout, variant).name, offset: o, width: w,
                               values: (0..<Int(s.count)).map { value(bytes, o + $0 * w, w) }, isArray: s.isArray)
    }

    /// True when slot k is row k, one element of the row's fixed width, right after slot k-1.
    static func isSimple(_ d: Slots, _ layout: DescriptorLayout) -> Bool {
        var offset = 0
        for (k, s) in d.slots.enumerated() {
            guard Int(s.spec) == k, s.count == 1, !s.isArray, Int(s.offset) == offset,
                  case .bytes(let w) = spec(k, layout, d.variant).width, w == Int(s.width) else { return false }
            offset += w
        }
        return d.slots.count <= Int(Int16.max)
    }

    /// Decoded fields with their values (the text readers compare them with what lsusb printed).
    static func decode(_ layout: DescriptorLayout, _ bytes: [UInt8]) -> Result {
        let d = slots(layout, bytes)
        var r = Result()
        r.fields = d.slots.map { field($0, layout, d.variant, bytes) }
        if d.trailingStart < bytes.count { r.trailing = Array(bytes[d.trailingStart...]) }
        r.missing = d.missing.map { spec($0, layout, d.variant).name }
        return r
    }

    /// Elements are capped so that a hostile count can never allocate more than the bytes present.
    static func slots(_ layout: DescriptorLayout, _ bytes: [UInt8]) -> Slots {
        var r = Slots()
        let available = bytes.count
        // bLength bounds the fields; when it lies past the bytes present, decoding stops at the end.
        let declared = max(available > 0 ? Int(bytes[0]) : 0, 0)
        let limit = min(declared == 0 ? available : declared, available)
        var pos = 0
        var specs = layout.fields
        var appendedVariant = false
        r.slots.reserveCapacity(specs.count)
        // The first value of the first field with this name, 0 when absent (as the tables mean it).
        func first(_ n: String) -> UInt64 {
            guard let s = r.slots.first(where: { specs[Int($0.spec)].name == n }), s.count > 0 else { return 0 }
            return value(bytes, Int(s.offset), Int(s.width))
        }

        var i = 0
        while i < specs.count {
            let spec = specs[i]
            let index = i
            i += 1
            let width: Int
            switch spec.width {
            case .bytes(let w): width = w
            case .field(let n): width = Int(first(n))
            }
            var count: Int
            switch spec.count {
            case .one: count = 1
            case .optional:
                if pos + max(width, 1) > declared { continue }
                count = 1
            case .fixed(let c): count = c
            case .field(let n): count = Int(clamping: first(n))
            case .samFreqTable(let n):
                let t = Int(clamping: first(n))
                count = t == 0 ? 2 : t
            case .remaining(let reserve):
                let room = max(0, max(declared, pos) - pos - reserve)
                count = width > 0 ? room / width : 0
            }
            if width <= 0 || width > 8 {
                // A zero or absurd element width (e.g. bControlSize 0 or 200) cannot be decoded as numbers.
                if width > 8 { r.missing = r.missing ?? index; break }
                r.slots.append(FieldSlot(offset: UInt32(pos), count: 0, spec: UInt16(index), width: UInt8(max(width, 0)), isArray: true))
                continue
            }
            count = min(count, max(0, (limit - pos) / width) + 1)
            let start = pos
            var stop = false
            var n = 0
            while n < count {
                if pos + width > limit {
                    r.missing = index
                    stop = true
                    break
                }
                pos += width
                n += 1
            }
            if n > 0 || spec.isArray && !stop {
                r.slots.append(FieldSlot(offset: UInt32(start), count: UInt32(n), spec: UInt16(index), width: UInt8(width), isArray: spec.isArray))
            }
            if stop { break }
            if i == specs.count, !appendedVariant, let sel = layout.variantSelector,
               r.slots.contains(where: { specs[Int($0.spec)].name == sel }) {
                let key = first(sel)
                if let extra = layout.variants[key] {
                    specs += extra
                    appendedVariant = true
                    r.variant = extra
                }
            }
        }
        r.trailingStart = min(pos, available)
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
