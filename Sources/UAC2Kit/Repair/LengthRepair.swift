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

    /// Whether a walk from `q` reads `depth` plausible descriptors (or ends exactly at the end).
    static func plausible(_ bytes: [UInt8], from q: Int, depth: Int = 3) -> Bool {
        if q == bytes.count { return true }
        guard q < bytes.count, depth > 0 else { return q < bytes.count }
        guard q + 1 < bytes.count else { return false }
        let length = Int(bytes[q]), type = bytes[q + 1]
        guard length >= 2, q + length <= bytes.count, knownTypes.contains(type) else { return false }
        if let minimum = Chapter9Checks.minimumLength[type], length < minimum { return false }
        return plausible(bytes, from: q + length, depth: depth - 1)
    }

    /// Walks `bytes` like the host and returns the bLength corrections (the bytes are patched in place).
    static func repair(_ bytes: inout [UInt8]) -> [Patch] {
        var patches: [Patch] = []
        var walker = ModelBuilder()
        var pos = 0
        while pos + 1 < bytes.count {
            var length = Int(bytes[pos])
            let layout = walker.layout(for: Array(bytes[pos..<min(bytes.count, pos + 4)]))
            let ctx = bytes[pos + 1] == DescriptorType.interface ? DescriptorContext() : walker.context
            let uac1 = ctx.interfaceClass == 1 && (ctx.interfaceProtocol ?? 0) == 0 && (ctx.interfaceSubClass ?? 0) >= 2
            if let sizes = FixedSizeDescriptors.sizes(layout, uac1Streaming: uac1), !sizes.contains(length) {
                // A longer descriptor whose walk goes on is legal (USB 2.0 §9.5); a shorter one never is.
                let declaredWalks = length >= 2 && pos + length <= bytes.count && plausible(bytes, from: pos + length)
                if !declaredWalks || length < sizes.min()! {
                    if let size = sizes.first(where: { pos + $0 <= bytes.count && plausible(bytes, from: pos + $0) }) {
                        patches.append(Patch(offset: pos, old: length, new: size, layout: layout))
                        bytes[pos] = UInt8(size)
                        length = size
                    }
                }
            }
            guard length >= 2, pos + length <= bytes.count else { break }
            walker.add(Array(bytes[pos..<(pos + length)]), at: SourceLocation(offset: pos))
            pos += length
        }
        return patches
    }
}
