/// Finds USB descriptors in firmware memory that no symbol names: device, device qualifier,
/// configuration / other-speed configuration and BOS descriptors whose fields and lengths are
/// consistent with each other. The tests are strict enough that random data yields nothing
/// (a configuration must walk child by child to its wTotalLength, or at least to the end of a run
/// of well-formed children that contains an interface descriptor).
enum DescriptorScanner {
    enum Kind: String, Sendable {
        case device, qualifier, configuration, otherSpeed = "other-speed configuration", bos = "BOS"
    }

    struct Hit: Sendable, Equatable {
        var kind: Kind
        var start: Int
        var length: Int
        /// A configuration whose children run to the end of the data before its wTotalLength: the
        /// image is cut (a missing record or block), not a shorter configuration.
        var declaredLength: Int? = nil
    }

    static func scan(_ b: [UInt8]) -> [Hit] {
        var hits: [Hit] = []
        var pos = 0
        while pos + 2 <= b.count {
            // Most bytes cannot start a descriptor of interest: decide on the first byte alone.
            let hit: Hit?
            switch b[pos] {
            case 18: hit = device(b, pos)
            case 9: hit = configuration(b, pos)
            case 10: hit = qualifier(b, pos)
            case 5: hit = bos(b, pos)
            default: hit = nil
            }
            if let h = hit {
                hits.append(h)
                pos += h.length
            } else {
                pos += 1
            }
        }
        return hits
    }

    static func u16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }

    /// bcdUSB values devices use: 1.0, 1.1, 2.0, 2.01 (LPM), 2.1, 3.x.
    static func plausibleBCD(_ v: Int) -> Bool {
        [0x0100, 0x0110, 0x0200, 0x0201, 0x0210, 0x0220, 0x0300, 0x0310, 0x0320].contains(v)
    }

    static func plausibleEP0(_ v: UInt8, bcd: Int) -> Bool {
        v == 8 || v == 16 || v == 32 || v == 64 || (v == 9 && bcd >= 0x0300)
    }

    static func device(_ b: [UInt8], _ p: Int) -> Hit? {
        guard p + 18 <= b.count, b[p] == 18, b[p + 1] == 0x01 else { return nil }
        let bcd = u16(b, p + 2)
        guard plausibleBCD(bcd), plausibleEP0(b[p + 7], bcd: bcd), (1...8).contains(b[p + 17]) else { return nil }
        return Hit(kind: .device, start: p, length: 18)
    }

    static func qualifier(_ b: [UInt8], _ p: Int) -> Hit? {
        guard p + 10 <= b.count, b[p] == 10, b[p + 1] == 0x06 else { return nil }
        let bcd = u16(b, p + 2)
        guard plausibleBCD(bcd), plausibleEP0(b[p + 7], bcd: bcd), (1...8).contains(b[p + 8]), b[p + 9] == 0 else { return nil }
        return Hit(kind: .qualifier, start: p, length: 10)
    }

    /// Descriptor types that live inside a configuration, with the lengths each may have.
    static func plausibleChild(type: UInt8, length: Int) -> Bool {
        switch type {
        case 0x04: return length == 9                      // interface
        case 0x05: return length == 7 || length == 9       // endpoint (9 with UAC1's bRefresh/bSynchAddress)
        case 0x0B: return length == 8                      // interface association
        case 0x21: return length >= 6                      // HID / DFU functional / CCID class descriptor
        case 0x24, 0x25: return length >= 3                // class-specific interface / endpoint
        case 0x30: return length == 6                      // SuperSpeed endpoint companion
        case 0x31: return length == 8                      // SuperSpeedPlus isochronous companion
        case 0x09: return length == 3 || length == 5       // OTG
        case 0x0D: return length >= 2                      // security / encryption types
        default: return false
        }
    }

    static func configuration(_ b: [UInt8], _ p: Int) -> Hit? {
        guard p + 9 <= b.count, b[p] == 9, b[p + 1] == 0x02 || b[p + 1] == 0x07, b[p + 7] & 0x1F == 0 else { return nil }
        let total = u16(b, p + 2)
        guard total >= 18 else { return nil }
        var at = p + 9
        var interfaces = 0
        while at + 2 <= b.count, at - p < total {
            let len = Int(b[at])
            guard len >= 2, at + len <= b.count, plausibleChild(type: b[at + 1], length: len) else { break }
            if b[at + 1] == 0x04 { interfaces += 1 }
            at += len
        }
        guard interfaces > 0 else { return nil }
        let kind: Kind = b[p + 1] == 0x07 ? .otherSpeed : .configuration
        // The declared length when the children reach it exactly; otherwise the run of well-formed
        // children (a wrong wTotalLength is a finding for the rules, not a reason to miss the set).
        let cut = at - p < total && (at + 2 > b.count || at + Int(b[at]) > b.count)
        return Hit(kind: kind, start: p, length: at - p, declaredLength: cut ? total : nil)
    }

    static func bos(_ b: [UInt8], _ p: Int) -> Hit? {
        guard p + 5 <= b.count, b[p] == 5, b[p + 1] == 0x0F else { return nil }
        let total = u16(b, p + 2), caps = Int(b[p + 4])
        guard caps >= 1, total >= 5 + 3 * caps, p + total <= b.count else { return nil }
        var at = p + 5, n = 0
        while at < p + total {
            let len = Int(b[at])
            guard len >= 3, at + len <= p + total, b[at + 1] == 0x10 else { return nil }
            n += 1
            at += len
        }
        guard n == caps else { return nil }
        return Hit(kind: .bos, start: p, length: total)
    }
}
