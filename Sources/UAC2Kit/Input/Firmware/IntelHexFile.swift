/// Intel HEX (`objcopy -O ihex`, most vendor IDEs): `:LLAAAATT<data>CC` records with checksums,
/// extended segment (02) and linear (04) addresses. Records are placed at their addresses and
/// contiguous runs become regions of one image.
enum IntelHexFile {
    /// Text whose first non-blank line is a data or address record.
    static func looksLike(_ bytes: [UInt8]) -> Bool {
        var i = 0
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        guard i + 11 <= bytes.count, bytes[i] == UInt8(ascii: ":") else { return false }
        return bytes[(i + 1)..<(i + 11)].allSatisfy { isHex($0) }
    }

    static func isHex(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
    }

    static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }

    /// Reads every record up to the end-of-file record. A record that is malformed or fails its
    /// checksum stops the read with the line named; what was placed before it is kept.
    static func read(_ bytes: [UInt8]) -> FirmwareImage {
        var image = FirmwareImage()
        // (address, line, data) per data record, then merged.
        var chunks: [(UInt64, Int, [UInt8])] = []
        var upper: UInt64 = 0
        var line = 0
        var sawEnd = false
        var lineStart = 0
        func fail(_ m: String) { image.diagnostics.append(Diagnostic(.error, m, at: SourceLocation(line: line))) }
        scan: while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            line += 1
            var text = bytes[lineStart..<lineEnd]
            lineStart = lineEnd + 1
            while let l = text.last, l == 0x0D || l == 0x20 || l == 0x09 { text = text.dropLast() }
            while let f = text.first, f == 0x20 || f == 0x09 { text = text.dropFirst() }
            if text.isEmpty { continue }
            if sawEnd { fail("text after the end-of-file record (:00000001FF)"); break }
            guard text.first == UInt8(ascii: ":") else {
                fail("not an Intel HEX record: a record starts with ':'"); break
            }
            let hex = text.dropFirst()
            guard hex.count % 2 == 0, hex.count >= 10 else {
                fail("record of \(hex.count) hex digits: a record has an even count, at least 10 (length, address, type, checksum)"); break
            }
            var rec: [UInt8] = []
            rec.reserveCapacity(hex.count / 2)
            var it = hex.startIndex
            while it < hex.endIndex {
                guard let h = nibble(hex[it]), let l = nibble(hex[it + 1]) else {
                    fail("`\(Character(Unicode.Scalar(hex[nibble(hex[it]) == nil ? it : it + 1])))` is not a hex digit"); break scan
                }
                rec.append(h << 4 | l)
                it += 2
            }
            let count = Int(rec[0])
            guard rec.count == count + 5 else {
                fail("record says \(count) data bytes but holds \(rec.count - 5)"); break
            }
            let sum = rec.reduce(UInt8(0)) { $0 &+ $1 }
            guard sum == 0 else {
                let want = (0 &- rec.dropLast().reduce(UInt8(0)) { $0 &+ $1 })
                fail("bad checksum 0x\(hex2(rec[rec.count - 1])) (the record's bytes give 0x\(hex2(want)))"); break
            }
            let address = UInt64(rec[1]) << 8 | UInt64(rec[2])
            let data = Array(rec[4..<(4 + count)])
            switch rec[3] {
            case 0x00: chunks.append((upper + address, line, data))
            case 0x01: sawEnd = true
            case 0x02, 0x04:
                guard count == 2 else { fail("extended address record with \(count) data bytes (needs 2)"); break scan }
                let v = UInt64(data[0]) << 8 | UInt64(data[1])
                upper = rec[3] == 0x02 ? v << 4 : v << 16
            case 0x03, 0x05: break    // start address: where execution begins, not data
            default: fail("unknown record type 0x\(hex2(rec[3]))"); break scan
            }
        }
        if !sawEnd && !image.diagnostics.contains(where: { $0.severity == .error }) {
            image.diagnostics.append(Diagnostic(.warning, "no end-of-file record (:00000001FF): the file may be cut short", at: SourceLocation(line: max(line, 1))))
        }
        image.regions = merge(chunks.map { ($0.0, FirmwareImage.Region.Piece(start: 0, fileOffset: nil, line: $0.1), $0.2) }, name: "flash",
                              overlap: { image.diagnostics.append(Diagnostic(.warning, "data at 0x\(hexN($0, digits: 8)) is written twice; the later record wins", at: SourceLocation(line: $1))) })
        return image
    }

    /// Address-ordered chunks merged into contiguous regions (later data wins where chunks overlap).
    /// Regions are grown in place: copying a region per record made a 1 MB image quadratic.
    static func merge(_ chunks: [(UInt64, FirmwareImage.Region.Piece, [UInt8])], name: String,
                      overlap: (UInt64, Int) -> Void) -> [FirmwareImage.Region] {
        let sorted = chunks.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element)
        var regions: [FirmwareImage.Region] = []
        for (address, piece, data) in sorted where !data.isEmpty {
            var p = piece
            let last = regions.count - 1
            if last >= 0, address <= regions[last].address + UInt64(regions[last].bytes.count) {
                let at = Int(address - regions[last].address)
                let end = at + data.count
                let count = regions[last].bytes.count
                if at < count { overlap(address, piece.line ?? piece.fileOffset ?? 0) }
                // Where the bytes after the overwritten run came from, before this chunk hides them.
                let after = end < count ? regions[last].piece(at: end) : nil
                if end <= count {
                    regions[last].bytes.replaceSubrange(at..<end, with: data)
                } else {
                    regions[last].bytes.removeSubrange(at...)
                    regions[last].bytes.append(contentsOf: data)
                }
                p.start = at
                if at < count {
                    regions[last].pieces.removeAll { $0.start >= at && $0.start < end }
                    regions[last].pieces.append(p)
                    if let a = after { regions[last].pieces.append(a) }
                    regions[last].pieces.sort { $0.start < $1.start }
                } else {
                    regions[last].pieces.append(p)
                }
            } else {
                p.start = 0
                regions.append(FirmwareImage.Region(name: name, address: address, bytes: data, pieces: [p]))
            }
        }
        return regions
    }
}
