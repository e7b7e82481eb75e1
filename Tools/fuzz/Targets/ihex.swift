import UAC2Kit

/// Intel HEX: records, checksums, extended addresses, reassembly, then the descriptor scan.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let r = DescriptorReader.read(bytes: fuzzBytes(data, size), name: "fuzz", format: .ihex)
    checkErrorsAreLocated(r)
    return 0
}
