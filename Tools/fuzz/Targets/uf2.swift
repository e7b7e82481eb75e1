import UAC2Kit

/// UF2: 512-byte blocks, magics, payload sizes, block numbering, reassembly, then the descriptor scan.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = fuzzBytes(data, size)
    let r = DescriptorReader.read(bytes: input, name: "fuzz", format: .uf2)
    checkErrorsAreLocated(r)
    // A descriptor may continue in the next block's payload: only its first byte is checked.
    checkDescriptorsAtTheirOffsets(r, input, firstByteOnly: true)
    return 0
}
