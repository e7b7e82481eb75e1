import UAC2Kit

/// `lsusb -v` text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let r = DescriptorReader.read(bytes: fuzzBytes(data, size), name: "fuzz", format: .lsusb)
    checkErrorsAreLocated(r)
    return 0
}
