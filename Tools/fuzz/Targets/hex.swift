import UAC2Kit

/// Hex text: xxd, hexdump -C, `0x12, 0x01` lists, bare hex (and C arrays when the text has a brace).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let r = DescriptorReader.read(bytes: fuzzBytes(data, size), name: "fuzz", format: .hex)
    checkErrorsAreLocated(r)
    return 0
}
