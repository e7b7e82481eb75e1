import UAC2Kit

/// pcap captures: the streaming file reader, usbmon / USB 2.0 link-layer / USBPcap decoding, the
/// per-device analysis and its text report, then the descriptors recovered from it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = fuzzBytes(data, size)
    let report = CaptureAnalyzer.analyze(bytes: input)
    _ = CaptureTextRenderer.render(report)
    let r = DescriptorReader.read(bytes: input, name: "fuzz", format: .pcap)
    if let e = report.error, e.byteOffset == nil { fuzzFail("capture error without byte offset: \(e)") }
    _ = r.devices.count
    return 0
}
