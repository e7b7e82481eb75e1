import UAC2Kit

/// ELF objects and executables: headers, sections, symbols, relocations, then the descriptor scan
/// (even-sized inputs) or reading by symbol (odd-sized inputs, the demo firmware's symbol names).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = fuzzBytes(data, size)
    let symbols = size % 2 == 1 ? ["demo_desc_device", "demo_desc_hs_configuration"] : []
    let r = DescriptorReader.read(bytes: input, name: "fuzz", format: .elf, symbols: symbols)
    checkErrorsAreLocated(r)
    checkDescriptorsAtTheirOffsets(r, input)
    return 0
}
