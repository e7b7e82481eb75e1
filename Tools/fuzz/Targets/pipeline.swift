import UAC2Kit

/// The whole path `uac2 decode` and `uac2 check` take on raw bytes (Support/Pipeline.swift): decode into
/// the model, build the audio topology, run every rule and render the findings as text, JSON and SARIF;
/// speed inference, every streaming alt's packet budget and each configuration's bus time; the decode
/// text and JSON reports.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    runPipeline(DescriptorReader.read(bytes: fuzzBytes(data, size), name: "fuzz", format: .raw))
    return 0
}
