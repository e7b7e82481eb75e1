/// UF2 (Microsoft's flashing format, used by RP2040, SAMD, nRF52, ESP32-S2 bootloaders): 512-byte
/// blocks, each carrying up to 476 bytes for one target address. Blocks marked "not main flash" are
/// skipped, as bootloaders do; the rest are placed at their addresses.
enum UF2File {
    static let magic0: UInt32 = 0x0A32_4655, magic1: UInt32 = 0x9E5D_5157, magicEnd: UInt32 = 0x0AB1_6F30
    static let blockSize = 512, payloadMax = 476
    static let flagNotMainFlash: UInt64 = 0x1, flagFileContainer: UInt64 = 0x1000, flagFamily: UInt64 = 0x2000

    static func looksLike(_ bytes: [UInt8]) -> Bool {
        let s = FirmwareByteSpan(bytes)
        return (try? s.u32(0, "")) == UInt64(magic0) && (try? s.u32(4, "")) == UInt64(magic1)
    }

    static func read(_ bytes: [UInt8]) -> FirmwareImage {
        var image = FirmwareImage()
        let s = FirmwareByteSpan(bytes)
        var chunks: [(UInt64, FirmwareImage.Region.Piece, [UInt8])] = []
        var declaredBlocks: Int?
        var seen = Set<Int>()
        var families = Set<UInt64>()
        var skipped = 0
        func fail(_ m: String, _ o: Int) { image.diagnostics.append(Diagnostic(.error, m, at: SourceLocation(offset: o))) }
        var at = 0
        blocks: while at < bytes.count {
            let n = at / blockSize
            guard bytes.count - at >= blockSize else {
                fail("block \(n) is cut short: \(bytes.count - at) of \(blockSize) bytes", at); break
            }
            do {
                let m0 = try s.u32(at, "magic"), m1 = try s.u32(at + 4, "magic"), mEnd = try s.u32(at + 508, "magic")
                guard m0 == UInt64(magic0), m1 == UInt64(magic1) else {
                    fail("block \(n) has no UF2 start magic (0x0A324655 0x9E5D5157)", at); break blocks
                }
                guard mEnd == UInt64(magicEnd) else {
                    fail("block \(n) has no UF2 end magic (0x0AB16F30) at byte 508 of the block", at + 508); break blocks
                }
                let flags = try s.u32(at + 8, "flags")
                let target = try s.u32(at + 12, "targetAddr")
                let size = Int(try s.u32(at + 16, "payloadSize"))
                let blockNo = Int(try s.u32(at + 20, "blockNo"))
                let count = Int(try s.u32(at + 24, "numBlocks"))
                guard size <= payloadMax else {
                    fail("block \(n) says payloadSize \(size); a UF2 block carries at most \(payloadMax) bytes", at + 16); break blocks
                }
                guard blockNo < count else {
                    fail("block \(n) says it is block \(blockNo) of \(count)", at + 20); break blocks
                }
                if let d = declaredBlocks, d != count {
                    image.diagnostics.append(Diagnostic(.warning, "block \(n) says the file has \(count) blocks, block 0 said \(d)", at: SourceLocation(offset: at + 24)))
                }
                declaredBlocks = declaredBlocks ?? count
                seen.insert(blockNo)
                if flags & flagFamily != 0 { families.insert(try s.u32(at + 28, "familyID")) }
                if flags & (flagNotMainFlash | flagFileContainer) != 0 { skipped += 1; at += blockSize; continue }
                let data = Array(try s.slice(at + 32, size, "payload"))
                chunks.append((target, .init(start: 0, fileOffset: at + 32, line: nil), data))
            } catch let e as FirmwareFormatError {
                image.diagnostics.append(e.diagnostic); break
            } catch { break }
            at += blockSize
        }
        if let d = declaredBlocks, seen.count < d, !image.diagnostics.contains(where: { $0.severity == .error }) {
            image.diagnostics.append(Diagnostic(.warning, "\(d - seen.count) of \(d) blocks are missing", at: SourceLocation(offset: bytes.count)))
        }
        if families.count > 1 {
            image.diagnostics.append(Diagnostic(.note, "blocks for \(families.count) family IDs; all are placed in one address space"))
        }
        if skipped > 0 {
            image.diagnostics.append(Diagnostic(.note, "\(skipped) block(s) flagged not-main-flash or file container were skipped"))
        }
        image.regions = IntelHexFile.merge(chunks, name: "flash", overlap: { addr, off in
            image.diagnostics.append(Diagnostic(.warning, "data at 0x\(hexN(addr, digits: 8)) is written twice; the later block wins", at: SourceLocation(offset: off)))
        })
        return image
    }
}
