import UAC2Kit

/// Raw firmware images: the descriptor scan and the pairing of what it finds into sets.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = fuzzBytes(data, size)
    let r = DescriptorReader.read(bytes: input, name: "fuzz", format: .bin)
    checkErrorsAreLocated(r)
    checkDescriptorsAtTheirOffsets(r, input)
    return 0
}
