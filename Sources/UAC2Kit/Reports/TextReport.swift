/// The readable tree `uac2 decode` prints: lsusb's field names, values in the units firmware developers
/// think in, where each descriptor came from, then a summary of each audio function.
public enum TextReport {
    public struct Options: Sendable {
        public var showRaw = false
        public var speedOverride: USBSpeed?
        public init(showRaw: Bool = false, speedOverride: USBSpeed? = nil) {
            self.showRaw = showRaw
            self.speedOverride = speedOverride
        }
    }

    public static func render(_ input: DecodedInput, options: Options = Options()) -> String {
        var out = ""
        write(input, options: options) { out += $0 }
        return out
    }

    /// The same text, handed to `out` piece by piece (a header, a descriptor, a summary), so that a
    /// caller can print a tree of 65,000 descriptors without holding all of its text at once.
    public static func write(_ input: DecodedInput, options: Options = Options(), to out: (String) -> Void) {
        out("== \(input.name) (\(input.format.rawValue)) ==\n")
        let count = input.deviceCount
        if count == 0 { out("No descriptors decoded.\n") }
        for n in 0..<count {
            let dev = input.device(n)
            if count > 1 { out("\n-- device \(n + 1) of \(count) --\n") }
            out(deviceHeader(dev, options))
            let ctx = RenderContext(speed: SpeedJudgement.judge(dev, option: options.speedOverride).known, strings: dev.stringTexts)
            tree(dev, ctx, options, to: out)
            for (i, c) in dev.configurations.enumerated() {
                out(AudioSummary.render(c, ctx, ordinal: i + 1, of: dev.configurations.count))
            }
        }
        if !input.diagnostics.isEmpty {
            out("\nProblems reading the input:\n")
            for d in input.diagnostics { out("  \(d)\n") }
        }
    }

    static func deviceHeader(_ dev: USBDevice, _ o: Options) -> String {
        var s = ""
        if let l = dev.label { s += l + "\n" }
        if let v = dev.idVendor, let p = dev.idProduct { s += "Device \(hexN(UInt64(v), digits: 4)):\(hexN(UInt64(p), digits: 4))" }
        else if let d = dev.device {
            // A device descriptor cut short before its IDs is still a device descriptor: say so, not "none".
            s += "Device (device descriptor at \(d.location) cut short before idVendor/idProduct)"
        } else { s += "Device (no device descriptor in the input)" }
        s += " " + SpeedJudgement.judge(dev, option: o.speedOverride).headline
        return s + "\n"
    }

    static func tree(_ dev: USBDevice, _ ctx: RenderContext, _ o: Options) -> String {
        var out = ""
        tree(dev, ctx, o) { out += $0 }
        return out
    }

    static func tree(_ dev: USBDevice, _ ctx: RenderContext, _ o: Options, to out: (String) -> Void) {
        var depth = 0
        var afterEndpoint = false
        for d in dev.sequence {
            switch d.bDescriptorType {
            case DescriptorType.device, DescriptorType.bos, DescriptorType.deviceQualifier: depth = 0
            case DescriptorType.configuration, DescriptorType.otherSpeedConfiguration: depth = 1; afterEndpoint = false
            case DescriptorType.deviceCapability, DescriptorType.string: depth = 1
            case DescriptorType.interface, DescriptorType.interfaceAssociation: depth = 2; afterEndpoint = false
            case DescriptorType.endpoint: depth = 3; afterEndpoint = true
            case DescriptorType.csInterface: depth = 3
            default: depth = afterEndpoint ? 4 : 3
            }
            out(descriptor(d, ctx, indent: depth, showRaw: o.showRaw))
        }
    }

    public static func title(_ d: Descriptor) -> String {
        var t = d.layout.title
        if let sub = d.layout.subtype {
            let family = d.layout.id.split(separator: "_").first.map(String.init) ?? ""
            t += ": \(sub)" + (family.hasPrefix("UAC") ? " (\(family))" : "")
        }
        return t
    }

    public static func descriptor(_ d: Descriptor, _ ctx: RenderContext, indent: Int, showRaw: Bool = false) -> String {
        let pad = Spaces.of(2 * indent)
        var out = "\(pad)\(title(d))  [\(d.location)]\n"
        for f in d.fields {
            let t = FieldRenderer.text(f, in: d, ctx)
            var line = "\(pad)  " + f.name.padding(to: 22) + t.value.leftPadded(to: 10)
            if let n = t.note { line += "  " + n }
            out += line + "\n"
            for det in t.details { out += "\(pad)      \(det)\n" }
        }
        if !d.trailing.isEmpty {
            let what = d.firstMissingField == nil ? "bytes past the known fields" : "bytes of an incomplete field"
            out += "\(pad)  ** \(d.trailing.count) \(what): \(d.trailing.map { hex2($0) }.joined(separator: " "))\n"
        }
        if let m = d.firstMissingField { out += "\(pad)  ** truncated: \(m) and later fields are missing\n" }
        if d.bytes.count < d.bLength { out += "\(pad)  ** bLength \(d.bLength) but only \(d.bytes.count) bytes present\n" }
        if showRaw { out += "\(pad)  raw: \(d.bytes.map { hex2($0) }.joined(separator: " "))\n" }
        return out
    }
}

extension String {
    func padding(to n: Int) -> String { let c = count; return c >= n ? self + " " : self + Spaces.of(n - c) }
    func leftPadded(to n: Int) -> String { let c = count; return c >= n ? self : Spaces.of(n - c) + self }
}

/// Runs of spaces for indentation and column padding, made once: building them with
/// `String(repeating:count:)` for every field line was 5% of a text decode.
enum Spaces {
    private static let cached: [String] = (0...64).map { String(repeating: " ", count: $0) }
    static func of(_ n: Int) -> String { n < cached.count ? cached[n] : String(repeating: " ", count: n) }
}
