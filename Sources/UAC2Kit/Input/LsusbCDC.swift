/// CDC functional descriptors as lsusb prints them (lsusb.c dump_comm_descriptor()): a header such as
/// "CDC Union:" and the body fields, without bLength or bDescriptorType. lsusb prints these blocks only when
/// bLength is exactly the size of the fields shown (otherwise it prints "INVALID CDC (…):" and the bytes),
/// so the length follows from the fields; type is CS_INTERFACE (CDC 1.2 §5.2.3).
enum LsusbCDC {
    struct Layout {
        var subtype: UInt8
        var fields: [(String, Int)]
    }

    static let layouts: [String: Layout] = [
        "CDC Header": Layout(subtype: 0x00, fields: [("bcdCDC", 2)]),
        "CDC Call Management": Layout(subtype: 0x01, fields: [("bmCapabilities", 1), ("bDataInterface", 1)]),
        "CDC ACM": Layout(subtype: 0x02, fields: [("bmCapabilities", 1)]),
        "CDC Union": Layout(subtype: 0x06, fields: [("bMasterInterface", 1), ("bSlaveInterface", 1)]),
        "CDC Telephone operations": Layout(subtype: 0x08, fields: [("bmCapabilities", 1)]),
        "Network Channel Terminal": Layout(subtype: 0x0A, fields: [("bEntityId", 1), ("iName", 1), ("bChannelIndex", 1),
                                                                   ("bPhysicalInterface", 1)]),
        "CDC Ethernet": Layout(subtype: 0x0F, fields: [("iMacAddress", 1), ("bmEthernetStatistics", 4), ("wMaxSegmentSize", 2),
                                                       ("wNumberMCFilters", 2), ("bNumberPowerFilters", 1)]),
        "CDC WHCM": Layout(subtype: 0x11, fields: [("bcdVersion", 2)]),
        "CDC MDLM": Layout(subtype: 0x12, fields: [("bcdCDC", 2), ("bGUID", 16)]),
        "CDC Device Management": Layout(subtype: 0x14, fields: [("bcdVersion", 2), ("wMaxCommand", 2)]),
        "CDC OBEX": Layout(subtype: 0x15, fields: [("bcdVersion", 2)]),
        "CDC Command Set": Layout(subtype: 0x16, fields: [("bcdVersion", 2), ("iCommandSet", 1), ("bGUID", 16)]),
        "CDC NCM": Layout(subtype: 0x1A, fields: [("bcdNcmVersion", 2), ("bmNetworkCapabilities", 1)]),
        "CDC MBIM": Layout(subtype: 0x1B, fields: [("bcdMBIMVersion", 2), ("wMaxControlMessage", 2), ("bNumberFilters", 1),
                                                   ("bMaxFilterSize", 1), ("wMaxSegmentSize", 2), ("bmNetworkCapabilities", 1)]),
        "CDC MBIM Extended": Layout(subtype: 0x1C, fields: [("bcdMBIMExtendedVersion", 2), ("bMaxOutstandingCommandMessages", 1),
                                                            ("wMTU", 2)]),
    ]

    /// The block's bytes, or nil (with a warning) when a field is missing or not a number.
    static func rebuild(_ block: LsusbBlock, _ layout: Layout, warn: (String, Int?) -> Void) -> [UInt8]? {
        var body: [UInt8] = []
        for (name, width) in layout.fields {
            guard let f = block.first(name) else {
                warn("\(block.header): \(name) not printed\(block.endsInput ? " (the input ends here)" : ""); not rebuilt", block.line)
                return nil
            }
            if width == 16 {
                guard let g = LsusbTextScanner.guidBytes(f.token) else {
                    warn("\(block.header): \(name) `\(f.token)` is not a GUID; not rebuilt", f.line)
                    return nil
                }
                body += g
                continue
            }
            guard let v = f.value, width == 8 || v >> (8 * UInt64(width)) == 0 else {
                warn("\(block.header): \(name) `\(f.token)` is not a \(width)-byte number; not rebuilt", f.line)
                return nil
            }
            LayoutEncoder.append(v, width: width, to: &body)
            if name == "bSlaveInterface" {
                // All slave interfaces are printed on the one line: "bSlaveInterface 1 2".
                for t in f.rest.split(separator: " ") {
                    guard let s = UInt8(t) else {
                        warn("\(block.header): bSlaveInterface `\(t)` is not a number; not rebuilt", f.line)
                        return nil
                    }
                    body.append(s)
                }
            }
        }
        guard body.count + 3 <= 255 else { return nil }
        return [UInt8(body.count + 3), DescriptorType.csInterface, layout.subtype] + body
    }
}
