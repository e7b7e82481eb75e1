/// Descriptor bytes recovered from a capture, for the descriptor readers (`uac2 decode`/`check`).
public enum CaptureDescriptors {
    public struct Device: Sendable {
        public var key: CaptureDeviceKey
        /// Device descriptor followed by every complete configuration descriptor set.
        public var bytes: [UInt8]
        /// What the capture itself shows about the speed (SOF or packet spacing); descriptor facts
        /// are left to SpeedJudgement, as for every other input.
        public var speed: SpeedEvidence?
        public var strings: [CaptureStringDescriptor]
    }

    /// Streams the capture at `path` and returns each device that answered with a complete
    /// configuration, plus the error that stopped reading, if any.
    public static func extract(from path: String) -> (devices: [Device], error: CaptureError?, notes: [CaptureNote]) {
        let r = CaptureAnalyzer.analyze(path: path)
        return (devices(of: r), r.error, r.notes)
    }

    public static func extract(bytes: [UInt8]) -> (devices: [Device], error: CaptureError?, notes: [CaptureNote]) {
        let r = CaptureAnalyzer.analyze(bytes: bytes)
        return (devices(of: r), r.error, r.notes)
    }

    static func devices(of r: CaptureReport) -> [Device] {
        r.devices.compactMap { d in
            guard d.descriptors.contains(where: { $0.kind == "configuration" && $0.complete }) else { return nil }
            return Device(key: CaptureDeviceKey(bus: d.bus, address: d.address), bytes: d.descriptorBytes,
                          speed: d.speedEvidence.flatMap { [.capture, .option].contains($0.source) ? $0 : nil }, strings: d.strings)
        }
    }

    /// The DescriptorReader path for pcap/pcapng input.
    public static func decodedInput(bytes: [UInt8], name: String, format: InputFormat) -> DecodedInput {
        decodedInput(report: CaptureAnalyzer.analyze(bytes: bytes), name: name, format: format)
    }

    /// Same, streaming the file (captures can be far bigger than memory should hold).
    public static func decodedInput(path: String, name: String) -> DecodedInput {
        let format: InputFormat = ((try? CaptureFileReader(path: path))?.format == .pcapng) ? .pcapng : .pcap
        return decodedInput(report: CaptureAnalyzer.analyze(path: path), name: name, format: format)
    }

    /// Same, from an input opened once (a file, a pipe, standard input).
    public static func decodedInput(source: CaptureByteSource, name: String, format: InputFormat) -> DecodedInput {
        decodedInput(report: CaptureAnalyzer.analyze(source: source, file: name), name: name, format: format)
    }

    /// The descriptors of an analysis already made (`uac2 capture` reports on the same one).
    public static func decodedInput(report r: CaptureReport, name: String, format: InputFormat) -> DecodedInput {
        decodedInput(devices(of: r), r.error, r.notes, packets: r.packets, bytesRead: r.bytesRead, name: name, format: format)
    }

    /// The device that `bytes` (device descriptor, then configurations) decode to, located as
    /// `decodedInput` locates them.
    static func model(of bytes: [UInt8]) -> USBDevice? {
        guard !bytes.isEmpty else { return nil }
        var builder = ModelBuilder()
        builder.startDevice(label: nil)
        RawDescriptorReader.feed(bytes, into: &builder, baseOffset: 0)
        return builder.devices.first
    }

    static func decodedInput(_ devs: [Device], _ error: CaptureError?, _ notes: [CaptureNote], packets: Int,
                             bytesRead: UInt64, name: String, format: InputFormat) -> DecodedInput {
        var builder = ModelBuilder()
        for d in devs {
            builder.startDevice(label: "capture device \(d.key)", speed: d.speed)
            for s in d.strings { builder.setString(s.index, s.text) }
            RawDescriptorReader.feed(d.bytes, into: &builder, baseOffset: 0)
        }
        var diags = builder.diagnostics
        for n in notes { diags.append(Diagnostic(.note, n.description, at: SourceLocation(offset: n.byteOffset.map { Int(clamping: $0) }))) }
        if let e = error {
            diags.append(Diagnostic(.error, e.description, at: SourceLocation(offset: e.byteOffset.map { Int(clamping: $0) })))
        }
        if devs.isEmpty {
            // Located at the end of what was read: everything before that offset was searched.
            diags.append(Diagnostic(.error, "no complete device + configuration descriptors (GET_DESCRIPTOR responses) in the \(packets) packet(s) of bytes 0..<\(bytesRead); capture from plug-in (or after `usbreset`) so the enumeration is in it",
                                    at: SourceLocation(offset: Int(clamping: bytesRead))))
        }
        return DecodedInput(name: name, format: format, devices: builder.devices, diagnostics: diags)
    }
}
