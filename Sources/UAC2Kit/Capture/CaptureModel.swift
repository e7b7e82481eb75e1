/// What capture analysis asks of the model: a recovered configuration is decoded by `ModelBuilder`
/// like every other input, so entities, frame sizes, rates and speed evidence come from the same
/// layout rows `decode` and `check` use (no second walk over the bytes with tables of its own).
extension Configuration {
    /// A configuration response decoded into the model; nil when it holds no configuration descriptor.
    static func decoded(from bytes: [UInt8]) -> Configuration? {
        var builder = ModelBuilder()
        RawDescriptorReader.feed(bytes, into: &builder)
        return builder.devices.first?.configurations.first
    }

    /// The alt setting of `interface` numbered `alt`.
    func alt(interface: Int, alt: Int) -> AltSetting? {
        self.interface(interface)?.alternates.first { $0.alternateSetting == alt }
    }

    /// The interface/alt that holds endpoint `address` under the given active alts.
    func owner(ofEndpoint address: UInt8, activeAlts: [UInt8: UInt8]) -> AltSetting? {
        let alts = altSettings
        for a in alts where a.alternateSetting == Int(activeAlts[UInt8(truncatingIfNeeded: a.interfaceNumber)] ?? 0) {
            if a.endpoints.contains(where: { $0.address == address }) { return a }
        }
        // An endpoint used outside its declared alt (or before SET_INTERFACE was captured).
        return alts.first { $0.endpoints.contains(where: { $0.address == address }) }
    }

    /// Whether any interface is of the audio class.
    var hasAudio: Bool { altSettings.contains { $0.interfaceClass == 1 } }
}

extension AltSetting {
    /// The alt as an audio stream (format, channels, terminal link), when it is an AudioStreaming alt.
    var audioStream: AudioStreamingAlt? {
        isAudioStreaming ? AudioStreamingAlt(version: AudioClassVersion(protocol: interfaceProtocol), alt: self) : nil
    }

    /// Bytes of one audio frame, when the format states a positive channel count and subslot size.
    var audioFrameBytes: Int? {
        guard let s = audioStream, let c = s.nrChannels, let b = s.subslotSize, c > 0, b > 0 else { return nil }
        return c * b
    }
}

extension Endpoint {
    /// Bytes per (micro)frame the endpoint may move: size bits 10..0 × (1 + bits 12..11).
    var maxBytesPerInterval: Int { maxPacketSize * (1 + additionalTransactions) }
}

extension Array where Element == AudioFunction {
    /// The function an interface belongs to.
    func function(ofInterface number: Int) -> AudioFunction? {
        first { $0.interfaceNumbers.contains(number) }
    }

    /// The entity `id` as the function of `interface` declares it, else as any function does.
    func entity(_ id: Int, interface: Int?) -> AudioEntity? {
        if let n = interface, let e = function(ofInterface: n)?.entity(id) { return e }
        for f in self { if let e = f.entity(id) { return e } }
        return nil
    }
}
