/// A finished device of a large input, held as its descriptors' bytes and places only: about 17 bytes
/// per descriptor beside its bytes, where the decoded tree costs a few hundred. A 100 MB concatenation
/// of sysfs `descriptors` files is eleven million descriptors; as trees they took gigabytes, packed they
/// fit the bound of 4 x input + 40 MB, and reports unpack one device at a time.
///
/// Unpacking replays the bytes through a `ModelBuilder`, which picks every layout from the same context
/// as the first reading did (a device starts with a fresh context, and a descriptor's layout depends only
/// on the descriptors before it in its device), so the tree is the one the reader built.
struct PackedDescriptors: Sendable, Hashable {
    var bytes: [UInt8] = []
    /// End of each descriptor in `bytes`.
    var ends: [UInt32] = []
    /// Each descriptor's byte offset in the input, `Int64.min` when it has none; empty when every
    /// descriptor has one and they follow each other as in `bytes` (raw and hex inputs): then the
    /// offset is `offsetBase` + the descriptor's start in `bytes`.
    var offsets: [Int64] = []
    var offsetBase = Int64.min
    /// Each descriptor's line in the input, -1 when it has none; empty when none has one.
    var lines: [Int32] = []
    /// Places in the sequence where the reader ended the configuration by hand (lsusb prints the
    /// qualifier and BOS after the last configuration: they belong to the device).
    var leftConfigurationAt: [Int] = []

    func location(_ k: Int, start: Int) -> SourceLocation {
        let offset: Int? = offsets.isEmpty ? (offsetBase == Int64.min ? nil : Int(offsetBase) + start)
                                           : (offsets[k] == Int64.min ? nil : Int(offsets[k]))
        let line: Int? = lines.isEmpty || lines[k] < 0 ? nil : Int(lines[k])
        return SourceLocation(offset: offset, line: line)
    }
}

extension USBDevice {
    /// The device with its tree replaced by its packed bytes (label, stated speed and string texts kept).
    func packed(leftConfigurationAt marks: [Int]) -> USBDevice {
        var p = PackedDescriptors()
        var total = 0
        for d in sequence { total += d.bytes.count }
        p.bytes.reserveCapacity(total)
        p.ends.reserveCapacity(sequence.count)
        var contiguous = true, anyOffset = false, anyLine = false
        let base = sequence.first?.location.offset
        for d in sequence {
            let start = p.bytes.count
            p.bytes += d.bytes
            p.ends.append(UInt32(truncatingIfNeeded: p.bytes.count))
            p.offsets.append(d.location.offset.map { Int64($0) } ?? Int64.min)
            p.lines.append(d.location.line.map { Int32(truncatingIfNeeded: $0) } ?? -1)
            if let o = d.location.offset { anyOffset = true; if base == nil || o != base! + start { contiguous = false } }
            else if base != nil { contiguous = false }
            if d.location.line != nil { anyLine = true }
        }
        if contiguous {
            p.offsetBase = anyOffset ? Int64(base!) : Int64.min
            p.offsets = []
        }
        if !anyLine { p.lines = [] }
        p.leftConfigurationAt = marks
        var out = USBDevice(label: label)
        out.speedEvidence = speedEvidence
        out.stringTexts = stringTexts
        out.packedDescriptors = p
        return out
    }

    /// The device with its whole tree (itself when it is not packed).
    public func unpacked() -> USBDevice {
        guard let p = packedDescriptors else { return self }
        var b = ModelBuilder()
        b.startDevice(label: label)
        var start = 0
        var mark = 0
        for k in p.ends.indices {
            if mark < p.leftConfigurationAt.count, p.leftConfigurationAt[mark] == k {
                b.inConfiguration = false
                mark += 1
            }
            let end = Int(p.ends[k])
            b.add(Array(p.bytes[start..<end]), at: p.location(k, start: start))
            start = end
        }
        var out = b.devices.first ?? USBDevice(label: label)
        out.label = label
        out.speedEvidence = speedEvidence
        out.stringTexts = stringTexts
        return out
    }
}
