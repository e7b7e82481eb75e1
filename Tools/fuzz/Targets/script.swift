import UAC2Kit

/// Python `bytes([...])` / b'' literals and Rust `[u8; N]` arrays. An input without a marker gets one
/// in front (Python for even sizes, Rust for odd), so every input reaches one of the two tokenizers.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    var input = fuzzBytes(data, size)
    let text = String(decoding: input, as: UTF8.self)
    if !text.contains("[u8;") && !text.contains("bytes([") && !text.contains("b'\\x") {
        input = Array((size % 2 == 0 ? "D = bytes([" : "const D: [u8; 1] = [").utf8) + input
    }
    let r = DescriptorReader.read(bytes: input, name: "fuzz", format: .hex)
    checkErrorsAreLocated(r)
    return 0
}
