/// Descriptors whose size the spec fixes: every field has a fixed width and count, so bLength can only
/// have one value (two for endpoints: 7, or 9 with UAC1's bRefresh/bSynchAddress). These are the only
/// descriptors whose bLength `uac2 fix` may set; a variable-length one's bLength is a design fact.
enum FixedSizeDescriptors {
    /// Layouts sized by their fixed fields alone (USB 2.0 §9.6, Audio 2.0 §4.7–4.10, Audio 1.0 §4.3–4.6).
    static let layouts: [DescriptorLayout] = [
        StandardLayouts.device, StandardLayouts.configuration, StandardLayouts.otherSpeedConfiguration,
        StandardLayouts.interface, StandardLayouts.deviceQualifier, StandardLayouts.interfaceAssociation,
        StandardLayouts.ssEndpointCompanion,
        AudioStreamingLayouts.uac2General, AudioStreamingLayouts.uac2TypeI, AudioStreamingLayouts.uac2TypeII,
        AudioStreamingLayouts.uac2TypeIII, AudioStreamingLayouts.uac2EndpointGeneral,
        AudioStreamingLayouts.uac1General, AudioStreamingLayouts.uac1EndpointGeneral,
    ] + [0x01, 0x02, 0x03, 0x0A, 0x0C, 0x0D].compactMap { AudioControlLayouts.uac2[$0] }
      + [0x02, 0x03].compactMap { AudioControlLayouts.uac1[$0] }

    static let sizeByID: [String: Int] = Dictionary(layouts.map { ($0.id, $0.minimumLength) }, uniquingKeysWith: { a, _ in a })

    /// The lengths a descriptor decoded with `layout` may have, most likely first; nil when variable.
    static func sizes(_ layout: DescriptorLayout, uac1Streaming: Bool) -> [Int]? {
        if layout.id == StandardLayouts.endpoint.id { return uac1Streaming ? [9, 7] : [7, 9] }
        return sizeByID[layout.id].map { [$0] }
    }
}
