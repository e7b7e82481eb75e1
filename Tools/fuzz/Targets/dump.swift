import UAC2Kit

/// Windows descriptor dumps (Thesycon USB Descriptor Dumper, USBTreeView).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let r = DescriptorReader.read(bytes: fuzzBytes(data, size), name: "fuzz", format: .dump)
    checkErrorsAreLocated(r)
    return 0
}
