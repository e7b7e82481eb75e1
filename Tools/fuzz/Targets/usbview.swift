import UAC2Kit

/// Microsoft USBView text. Inputs without a section header get a device section in front, so every
/// input reaches the USBView reader rather than the other dump readers.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    var input = fuzzBytes(data, size)
    if !String(decoding: input, as: UTF8.self).contains("Descriptor<===") {
        input = Array("===>Device Descriptor<===\n".utf8) + input
    }
    let r = DescriptorReader.read(bytes: input, name: "fuzz", format: .dump)
    checkErrorsAreLocated(r)
    return 0
}
