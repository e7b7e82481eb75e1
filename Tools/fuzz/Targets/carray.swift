import UAC2Kit

/// C array initializers: the hex reader in C mode. Inputs without a brace get one in front, so every
/// input reaches the C tokenizer instead of the line-wise hex path.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    var input = fuzzBytes(data, size)
    if !input.contains(UInt8(ascii: "{")) { input.insert(UInt8(ascii: "{"), at: 0) }
    let r = DescriptorReader.read(bytes: input, name: "fuzz", format: .hex)
    checkErrorsAreLocated(r)
    return 0
}
