/// The shortest a class-specific descriptor may be, stated on its layout row (UAC-LEN-001 reads it): the
/// spec table, and what Linux's snd-usb-audio does with a shorter one. The number is not typed here: it
/// is the sum of the row's fields at the descriptor's own counts (`DescriptorLayout.minimumLength(of:)`),
/// so a table and its minimum cannot disagree.
public struct LengthRule: Sendable, Hashable {
    /// The spec table the fields come from, e.g. "Audio 2.0 §4.7.2.4 (Table 4-9)".
    public let spec: String
    /// How the spec writes the length when it is more than one number; nil reads "N bytes".
    public let formula: String?
    /// Arrays whose first elements the spec makes mandatory (a Feature Unit's master bmaControls(0)):
    /// at least this many count towards the minimum.
    public let atLeast: [String: Int]
    /// Fixed bytes the spec puts after the fields the row decodes (UAC3 rows decode ids and links only).
    public let undecoded: Int
    public let linux: LinuxLengthCheck

    public init(_ spec: String, formula: String? = nil, atLeast: [String: Int] = [:], undecoded: Int = 0,
                linux: LinuxLengthCheck) {
        self.spec = spec
        self.formula = formula
        self.atLeast = atLeast
        self.undecoded = undecoded
        self.linux = linux
    }
}

/// What Linux does with a descriptor shorter than it expects, as the kernel source says
/// (torvalds/linux sound/usb/validate.c @17eb881, stream.c, format.c).
public enum LinuxLengthCheck: Sendable, Hashable {
    /// A row of validate.c's `audio_validators`, as written there. `short`: how many bytes fewer than
    /// the spec's minimum the kernel requires (validate_mixer_unit leaves out bNrChannels: 1).
    case validated(String, short: Int)
    /// validate.c has no working row for the subtype; the text says what the kernel does instead.
    case notValidated(String)
    /// Checked where the streams are parsed (stream.c, format.c): the kernel's message, a template
    /// with {interface} and {alt}.
    case stream(String)

    static func validated(_ entry: String) -> LinuxLengthCheck { .validated(entry, short: 0) }

    /// validate.c's verdict on a unit it rejects; {minimum} is the kernel's minimum.
    static let rejected = "sound/usb/validate.c requires at least {minimum} bytes for this subtype and the descriptor is ignored (only with skip_validation=1 is it used, hex-dumped as \"USB-audio: buggy audio desc:\")"
    static let acceptedShort = "sound/usb/validate.c requires only {minimum} bytes for this subtype ({entry}), so the kernel accepts it"
    static let lsusbShort = "the kernel has no length check for it; lsusb -v prints \"Warning: Descriptor too short\""
    static let uac3NotImplemented = "sound/usb/validate.c has no row for this subtype (\"not implemented yet\"): the kernel does not check its length"
    /// validate.c writes the UAC3 header's row FIXED(UAC_VERSION_2, UAC_HEADER, struct uac3_ac_header_descriptor):
    /// the UAC2 row above it matches first and no UAC3 function has protocol 2, so it never applies.
    static let uac3Header = "sound/usb/validate.c's row for it is written FIXED(UAC_VERSION_2, UAC_HEADER, struct uac3_ac_header_descriptor), so it never matches a UAC3 function: the kernel does not check its length"
    static let asGeneral = "\"{interface}:{alt} : invalid UAC_AS_GENERAL desc\"; the alternate setting is skipped"
    static let formatType = "\"{interface}:{alt} : invalid UAC_FORMAT_TYPE desc\"; the alternate setting is skipped"
    static let endpoint = "\"{interface}:{alt} : no or invalid class specific endpoint descriptor\" (the stream is still created)"

    /// The Linux line for a descriptor of `bLength` bytes whose spec minimum is `minimum`.
    func line(bLength: Int, minimum: Int, _ values: [String: String]) -> String {
        switch self {
        case .validated(let entry, let short):
            var v = values
            v["minimum"] = "\(minimum - short)"
            v["entry"] = entry
            return RuleTemplate.render(bLength < minimum - short ? Self.rejected : Self.acceptedShort, v)
        case .notValidated(let text), .stream(let text):
            return RuleTemplate.render(text, values)
        }
    }
}

extension DescriptorLayout {
    /// The smallest bLength `d` may have: every fixed field, arrays at the counts `d` gives them (a UAC1
    /// rate table holds 2 entries for a continuous range), the variant tail `d` selects, the mandatory
    /// elements and undecoded bytes the length rule names. An element sized by a field is at least a byte.
    public func minimumLength(of d: Descriptor) -> Int {
        var specs = fields
        if let sel = variantSelector, let key = d[sel], let extra = variants[UInt64(key)] { specs += extra }
        var n = length?.undecoded ?? 0
        for f in specs {
            let width: Int
            switch f.width {
            case .bytes(let w): width = w
            case .field(let name): width = max(d[name] ?? 0, 1)
            }
            var count: Int
            switch f.count {
            case .one: count = 1
            case .optional: count = 0
            case .fixed(let c): count = c
            case .field(let name): count = d[name] ?? 0
            case .samFreqTable(let name): let t = d[name] ?? 0; count = t == 0 ? 2 : t
            case .remaining: count = 0
            }
            count = max(count, length?.atLeast[f.name] ?? 0)
            n += width * count
        }
        return n
    }
}
