import UAC2Kit

/// Raw descriptor bytes (sysfs `descriptors`, a bare configuration, several devices).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = fuzzBytes(data, size)
    let r = DescriptorReader.read(bytes: input, name: "fuzz", format: .raw)
    checkErrorsAreLocated(r)
    checkRawKeepsPrefix(r, input)
    return 0
}
