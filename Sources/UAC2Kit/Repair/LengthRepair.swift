/// bLength repair on a flat descriptor stream, before the walk. A wrong bLength on a fixed-size
/// descriptor derails the host's walk (every later descriptor is read from the wrong byte), so it
/// cannot be fixed from the decoded model: the walk is redone here with the spec's size wherever
/// the declared bLength leads into bytes that cannot be descriptors and the spec's size does not.
enum LengthRepair {
    struct Patch {
        var offset: Int
        var old: Int
        var new: Int
        var layout: DescriptorLayout
    }

    /// Descriptor types that can appear in a configuration or device stream.
    static let knownTypes: Set<UInt8> = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0F, 0x10,
                                         0x21, 0x24, 0x25, 0x30, 0x31]

    static let lookaheadSizes: [UInt8: Set<Int>] = [
        DescriptorType.device: [18], DescriptorType.configuration: [9], DescriptorType.otherSpeedConfiguration: [9],
        DescriptorType.interface: [9], DescriptorType.endpoint: [7, 9], DescriptorType.deviceQualifier: [10],
        DescriptorType.interfaceAssociation: [8], DescriptorType.ssEndpointCompanion: [6],
    ]

    /// Whether a walk from `q` reads `depth` plausible descriptors (or ends exactly at the end).
    static func plausible(_ bytes: [UInt8], from q: Int, depth: Int = 3) -> Bool {
        if q == bytes.count { return true }
        guard q < bytes.count, depth > 0 else { return q < bytes.count }
        guard q + 1 < bytes.count else { return false }
        let length = Int(bytes[q]), type = bytes[q + 1]
        guard length >= 2, q + length <= bytes.count, knownTypes.contains(type) else { return false }
        // Looking ahead, a standard descriptor has its spec size (longer ones are legal but rare enough
        // that a misaligned walk meeting a 130-byte "device descriptor" should not count as plausible).
        if let sizes = lookaheadSizes[type], !sizes.contains(length) { return false }
        return plausible(bytes, from: q + length, depth: depth - 1)
    }

    /// For every position, whether a bLength walk from there ends exactly at the end of the bytes (what
    /// the reader needs to read everything). One pass from the end, so the repair stays linear.
    static func walksToEnd(_ bytes: [UInt8]) -> [Bool] {
        var ok = [Bool](repeating: false, count: bytes.count + 1)
        ok[bytes.count] = true
        var q = bytes.count - 1
        while q >= 0 {
            let length = Int(bytes[q])
            ok[q] = length >= 2 && q + length <= bytes.count && ok[q + length]
            q -= 1
        }
        return ok
    }

    /// Walks `bytes` like the host and returns the bLength corrections (the bytes are patched in place).
    static func repair(_ bytes: inout [UInt8]) -> [Patch] {
        var patches: [Patch] = []
        var walker = ModelBuilder()
        let toEnd = walksToEnd(bytes)
        var pos = 0
        while pos + 1 < bytes.count {
            var length = Int(bytes[pos])
            let layout = walker.layout(for: Array(bytes[pos..<min(bytes.count, pos + 4)]))
            let ctx = bytes[pos + 1] == DescriptorType.interface ? DescriptorContext() : walker.context
            let uac1 = ctx.interfaceClass == 1 && (ctx.interfaceProtocol ?? 0) == 0 && (ctx.interfaceSubClass ?? 0) >= 2
            if let sizes = FixedSizeDescriptors.sizes(layout, uac1Streaming: uac1) {
                func fits(_ n: Int) -> Bool { n >= 2 && pos + n <= bytes.count }
                // Each length is scored by what follows it: plausible next descriptors, then a walk that
                // reads to the end (what the reader needs). The declared length stands unless a spec size scores
                // higher; a declared length shorter than the spec's is never legal, so there a tie goes to
                // the spec size. Longer than the spec is legal (USB 2.0 §9.5) and stands on a tie.
                func score(_ n: Int) -> Int {
                    guard fits(n) else { return 0 }
                    // The next descriptors decide; reading to the end only breaks a tie (a later wrong
                    // bLength makes every walk before it fall short, whichever length is right here).
                    return (plausible(bytes, from: pos + n) ? 2 : 0) + (toEnd[pos + n] ? 1 : 0)
                }
                let declared = score(length)
                let best = sizes.filter { $0 != length && fits($0) }.map { ($0, score($0)) }.max { $0.1 < $1.1 }
                var choice: Int?
                // A legal size (an endpoint's 7 or 9) is changed only when the very next descriptor cannot
                // be one: further on, the lookahead may be meeting a different wrong bLength.
                let legal = sizes.contains(length)
                if let (size, s) = best, !legal || !plausible(bytes, from: pos + length, depth: 1),
                   s > declared || (length < sizes.min()! && s == declared && s > 0) {
                    choice = size
                }
                if let size = choice {
                    patches.append(Patch(offset: pos, old: length, new: size, layout: layout))
                    bytes[pos] = UInt8(size)
                    length = size
                }
            }
            guard length >= 2, pos + length <= bytes.count else { break }
            walker.add(Array(bytes[pos..<(pos + length)]), at: SourceLocation(offset: pos))
            pos += length
        }
        return patches
    }
}
