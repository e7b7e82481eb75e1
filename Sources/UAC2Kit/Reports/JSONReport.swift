/// `--json` output. Schema version 1 (documented in README.md): keys are the spec's field names with
/// their numeric values; human readings sit beside them under "decoded".
public enum JSONReport {
    public static let schemaVersion = 1

    static func opt(_ v: Int?) -> JSONValue { v.map { .int($0) } ?? .null }
    static func d(_ v: Descriptor?, _ ctx: RenderContext) -> JSONValue { v.map { descriptor($0, ctx) } ?? .null }
    static func opt(_ v: String?) -> JSONValue { v.map { .string($0) } ?? .null }

    public static func document(_ inputs: [DecodedInput], speedOverride: USBSpeed? = nil) -> JSONValue {
        .object(head + [("inputs", .array(inputs.map { input($0, speedOverride) }))])
    }

    public static func input(_ i: DecodedInput, _ speed: USBSpeed?) -> JSONValue {
        .object(inputHead(i) + [
            ("devices", .array(i.devices.map { device($0, speed) })),
            ("diagnostics", .array(i.diagnostics.map(diagnostic))),
        ])
    }

    /// `document(inputs)` written device by device: memory holds one device's tree at a time, and
    /// with a sink on the writer, output leaves as it is made.
    public static func write(_ inputs: [DecodedInput], speedOverride: USBSpeed? = nil, to w: inout JSONWriter) {
        w.beginObject()
        for (k, v) in head { w.member(k, v) }
        w.key("inputs")
        w.beginArray()
        for i in inputs {
            w.beginObject()
            for (k, v) in inputHead(i) { w.member(k, v) }
            w.key("devices")
            w.beginArray()
            for n in 0..<i.deviceCount { write(device: i.device(n), speedOverride, to: &w) }
            w.endArray()
            w.member("diagnostics", .array(i.diagnostics.map(diagnostic)))
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }

    static var head: [(String, JSONValue)] {
        [("schemaVersion", .int(schemaVersion)),
         ("tool", .object([("name", .string("uac2")), ("version", .string(UAC2Kit.version))]))]
    }

    static func inputHead(_ i: DecodedInput) -> [(String, JSONValue)] {
        [("file", .string(i.name)), ("format", .string(i.format.rawValue))]
    }

    public static func diagnostic(_ d: Diagnostic) -> JSONValue {
        .object([("severity", .string(d.severity.rawValue)), ("message", .string(d.message)),
                 ("offset", opt(d.location.offset)), ("line", opt(d.location.line))])
    }

    /// The speeds a device is judged at and why: the same judgement `check` and `bandwidth` use.
    static func judgement(_ j: SpeedJudgement) -> JSONValue {
        .object([("speeds", .array(j.speeds.map { .string($0.rawValue) })), ("known", .bool(j.isKnown)),
                 ("reason", .string(j.reason)), ("evidence", .array(j.evidence.map(CheckJSONReport.evidence)))])
    }

    public static func device(_ dev: USBDevice, _ speedOverride: USBSpeed?) -> JSONValue {
        let (ctx, head) = deviceHead(dev, speedOverride)
        return .object(head + [("configurations", .array(dev.configurations.map { configuration($0, ctx) }))]
                       + deviceTail(dev, ctx))
    }

    /// The members before "configurations", and the context the rest renders with. The tree (`device`)
    /// and the streamed writer (`write(device:)`) both take them from here, so they cannot drift apart.
    static func deviceHead(_ dev: USBDevice, _ speedOverride: USBSpeed?) -> (RenderContext, [(String, JSONValue)]) {
        let j = SpeedJudgement.judge(dev, option: speedOverride)
        let ctx = RenderContext(speed: j.known, strings: dev.stringTexts)
        return (ctx, [
            ("label", opt(dev.label)),
            // The judged speed and the source of its first piece of evidence (option, input, sysfs,
            // libusb, encoding…): the same speed `check` and `bandwidth --descriptors` give.
            ("speed", opt(j.known?.rawValue)),
            ("speedSource", .string(j.isKnown ? j.evidence.first?.source.rawValue ?? "unknown" : "unknown")),
            ("speedJudgement", judgement(j)),
            ("device", d(dev.device, ctx)),
            ("deviceQualifier", d(dev.qualifier, ctx)),
        ])
    }

    /// The members after "configurations".
    static func deviceTail(_ dev: USBDevice, _ ctx: RenderContext) -> [(String, JSONValue)] {
        [("bos", d(dev.bos, ctx)),
         ("deviceCapabilities", .array(dev.capabilities.map { descriptor($0, ctx) })),
         ("strings", strings(dev.stringTexts)),
         ("other", .array(dev.other.map { descriptor($0, ctx) }))]
    }

    /// `device(dev)` written piece by piece, an alternate setting at a time: the tree of a 255 x 255-alt
    /// configuration as one value took 270 MB.
    static func write(device dev: USBDevice, _ speedOverride: USBSpeed?, to w: inout JSONWriter) {
        let (ctx, head) = deviceHead(dev, speedOverride)
        w.beginObject()
        for (k, v) in head { w.member(k, v) }
        w.key("configurations")
        w.beginArray()
        for c in dev.configurations { write(configuration: c, ctx, to: &w) }
        w.endArray()
        for (k, v) in deviceTail(dev, ctx) { w.member(k, v) }
        w.endObject()
    }

    /// `configuration(c)` written an alternate setting at a time, from the same head and tail members.
    static func write(configuration c: Configuration, _ ctx: RenderContext, to w: inout JSONWriter) {
        w.beginObject()
        for (k, v) in configurationHead(c, ctx) { w.member(k, v) }
        w.key("interfaces")
        w.beginArray()
        for i in c.interfaces {
            w.beginObject()
            w.member("bInterfaceNumber", .int(i.number))
            w.key("altSettings")
            w.beginArray()
            for a in i.alternates { w.value(alt(a, ctx)) }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        for (k, v) in configurationTail(c) { w.member(k, v) }
        w.endObject()
    }

    static func strings(_ t: [Int: String]) -> JSONValue {
        var kv: [(String, JSONValue)] = []
        for (k, v) in t.sorted(by: { $0.key < $1.key }) { kv.append((String(k), JSONValue.string(v))) }
        return .object(kv)
    }

    static func configuration(_ c: Configuration, _ ctx: RenderContext) -> JSONValue {
        .object(configurationHead(c, ctx)
                + [("interfaces", .array(c.interfaces.map { i in
                    .object([("bInterfaceNumber", .int(i.number)),
                             ("altSettings", .array(i.alternates.map { alt($0, ctx) }))])
                }))]
                + configurationTail(c))
    }

    /// The members before "interfaces" (the tree and the streamed writer share them).
    static func configurationHead(_ c: Configuration, _ ctx: RenderContext) -> [(String, JSONValue)] {
        fields(c.descriptor, ctx) + [("interfaceAssociations", .array(c.associations.map { descriptor($0, ctx) })),
                                     ("extra", .array(c.extra.map { descriptor($0, ctx) }))]
    }

    /// The members after "interfaces".
    static func configurationTail(_ c: Configuration) -> [(String, JSONValue)] {
        [("audioFunctions", .array(c.audioFunctions.map { function($0) }))]
    }

    static func alt(_ a: AltSetting, _ ctx: RenderContext) -> JSONValue {
        var kv = fields(a.descriptor, ctx)
        kv.append(("classSpecific", .array(a.classSpecific.map { descriptor($0, ctx) })))
        kv.append(("endpoints", .array(a.endpoints.map { ep in
            var e = fields(ep.descriptor, ctx)
            e.append(("transferType", .string(ep.transferType.rawValue)))
            e.append(("syncType", .string(ep.syncType.rawValue)))
            e.append(("usageType", .string(ep.usageType.rawValue)))
            e.append(("maxPacketSize", .int(ep.maxPacketSize)))
            e.append(("transactionsPerMicroframe", .int(ep.additionalTransactions + 1)))
            e.append(("companion", d(ep.companion, ctx)))
            e.append(("sspIsocCompanion", d(ep.sspCompanion, ctx)))
            e.append(("classSpecific", .array(ep.classSpecific.map { descriptor($0, ctx) })))
            return .object(e)
        })))
        return .object(kv)
    }

    public static func descriptor(_ d: Descriptor, _ ctx: RenderContext) -> JSONValue { .object(fields(d, ctx)) }

    /// A descriptor's identity and location, then one key per field, then the decoded readings.
    static func fields(_ d: Descriptor, _ ctx: RenderContext) -> [(String, JSONValue)] {
        var kv: [(String, JSONValue)] = [
            ("descriptor", .string(d.layout.id)),
            ("offset", opt(d.location.offset)),
            ("line", opt(d.location.line)),
        ]
        var decoded: [(String, JSONValue)] = []
        for f in d.fields {
            kv.append((f.name, f.isArray ? .array(f.values.map { .int(Int(truncatingIfNeeded: $0)) })
                                         : .int(Int(truncatingIfNeeded: f.value))))
            let t = FieldRenderer.text(f, in: d, ctx)
            var parts: [String] = []
            if let n = t.note { parts.append(n) }
            parts += t.details
            if !parts.isEmpty { decoded.append((f.name, .string(parts.joined(separator: "; ")))) }
        }
        if !decoded.isEmpty { kv.append(("decoded", .object(decoded))) }
        if !d.trailing.isEmpty { kv.append(("trailingBytes", .string(d.trailing.map { hex2($0) }.joined()))) }
        if let m = d.firstMissingField { kv.append(("truncatedAt", .string(m))) }
        kv.append(("raw", .string(d.bytes.map { hex2($0) }.joined())))
        return kv
    }

    static func function(_ f: AudioFunction) -> JSONValue {
        .object([
            ("version", .string(f.version.rawValue)),
            ("interfaces", .array(f.interfaceNumbers.map { .int($0) })),
            ("entities", .array(f.entities.map { e in
                .object([("id", .int(e.id)), ("kind", .string(e.kind.rawValue)),
                         ("sources", .array(e.sourceIDs.map { .int($0) })),
                         ("clockSources", .array(e.clockSourceIDs.map { .int($0) })),
                         ("bNrChannels", opt(e.nrChannels))])
            })),
            ("streams", .array(f.streams.map { s in
                .object([("bInterfaceNumber", .int(s.interfaceNumber)), ("bAlternateSetting", .int(s.alternateSetting)),
                         ("direction", opt(s.direction?.rawValue)),
                         ("bTerminalLink", opt(s.terminalLink)),
                         ("bFormatType", opt(s.formatType)),
                         ("bNrChannels", opt(s.nrChannels)),
                         ("bSubslotSize", opt(s.subslotSize)),
                         ("bBitResolution", opt(s.bitResolution)),
                         ("dataEndpoint", opt((s.dataEndpoint?.address).map(Int.init))),
                         ("feedbackEndpoint", opt((s.feedbackEndpoint?.address).map(Int.init))),
                         ("syncType", opt(s.syncType?.rawValue))])
            })),
        ])
    }
}
