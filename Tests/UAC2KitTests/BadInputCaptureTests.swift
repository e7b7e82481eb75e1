import Testing
@testable import UAC2Kit

/// Every capture file in Descriptors/ cut at every truncation point and bit-flipped: the reader
/// keeps every packet before the cut, names the byte offset of the block it could not finish,
/// and never traps.
@Suite struct BadInputCaptureTests {
    /// Block boundaries by an independent walk of the file structure: pcap = 24-byte header, then
    /// 16-byte record headers each followed by incl_len bytes; pcapng = blocks with their total
    /// length at +4. `packet` marks the blocks that are packets (pcap records, pcapng EPB/SPB/PB).
    struct Block { var start: Int; var end: Int; var packet: Bool }

    static func blocks(_ b: [UInt8]) -> [Block] {
        func le32(_ o: Int) -> Int { Int(b[o]) | Int(b[o + 1]) << 8 | Int(b[o + 2]) << 16 | Int(b[o + 3]) << 24 }
        func be32(_ o: Int) -> Int { Int(b[o + 3]) | Int(b[o + 2]) << 8 | Int(b[o + 1]) << 16 | Int(b[o]) << 24 }
        var out: [Block] = []
        if le32(0) == 0x0A0D_0D0A {
            var o = 0
            let big = le32(8) == 0x4D3C_2B1A   // the section's byte-order magic, read little-endian
            while o + 8 <= b.count {
                let type = big ? be32(o) : le32(o), len = big ? be32(o + 4) : le32(o + 4)
                out.append(Block(start: o, end: o + len, packet: [2, 3, 6].contains(type)))
                o += len
            }
        } else {
            let big = le32(0) == 0xD4C3_B2A1 || le32(0) == 0x4D3C_B2A1
            out.append(Block(start: 0, end: 24, packet: false))
            var o = 24
            while o + 16 <= b.count {
                let incl = big ? be32(o + 8) : le32(o + 8)
                out.append(Block(start: o, end: o + 16 + incl, packet: true))
                o += 16 + incl
            }
        }
        return out
    }

    /// Reads a (cut) capture with the streaming reader: packets read and the error that stopped it.
    static func read(_ bytes: [UInt8]) -> (packets: Int, error: CaptureError?) {
        do {
            let r = try CaptureFileReader(source: CaptureMemorySource(bytes: bytes))
            do {
                while try r.next() != nil {}
                return (r.packetCount, nil)
            } catch let e as CaptureError {
                return (r.packetCount, e)
            }
        } catch let e as CaptureError {
            return (0, e)
        } catch {
            return (-1, CaptureError(message: "unexpected \(error)", byteOffset: nil, packetNumber: nil))
        }
    }

    /// Cut points: every byte for captures up to 8 KB. A longer capture re-read from the start for
    /// each of its cut points would take minutes (each cut re-reads every block before it), so there:
    /// every byte of the first 2 KB (file and section headers, interface blocks, first packets) and of
    /// the last block, and in every 16th block the cuts that reach different code: inside its 8-byte
    /// header, right after it, in the body, and one byte short of its end. The reader asks for a whole
    /// block before it looks inside, so every other cut in a body takes one of those paths.
    static func cuts(_ size: Int, _ blocks: [Block]) -> [Int] {
        if size <= 8 << 10 { return Array(0...size) }
        var c = Set(0..<min(size, 2048))
        if let last = blocks.last { c.formUnion(last.start...min(last.end, size)) }
        for (i, b) in blocks.enumerated() where i % 16 == 0 {
            c.formUnion([b.start + 1, b.start + 7, b.start + 8, b.start + 9, (b.start + b.end) / 2, b.end - 1, b.end])
        }
        return c.filter { $0 <= size }.sorted()
    }

    @Test(arguments: CaptureFixtures.all)
    func everyTruncationPoint(name: String) {
        let full = CaptureFixtures.bytes(name)
        let blocks = Self.blocks(full)
        #expect(blocks.last?.end == full.count, "\(name): the structure walk covers the file")
        let whole = Self.read(full)
        #expect(whole.error == nil)
        #expect(whole.packets == blocks.filter(\.packet).count)
        let headerEnd = blocks[0].end
        for cut in Self.cuts(full.count, blocks) {
            let (packets, error) = Self.read(Array(full[0..<cut]))
            let complete = blocks.filter { $0.packet && $0.end <= cut }.count
            #expect(packets == complete, "\(name) cut at \(cut): \(packets) packets read, \(complete) complete before the cut")
            if cut < headerEnd {
                #expect(error?.byteOffset == 0, "\(name) cut at \(cut) inside the file header")
            } else if let open = blocks.first(where: { $0.start < cut && cut < $0.end }) {
                #expect(error?.byteOffset == UInt64(open.start), "\(name) cut at \(cut) inside the block at \(open.start): \(String(describing: error))")
                #expect(error?.message.contains("truncated") == true, "\(name) cut at \(cut): \(String(describing: error))")
            } else {
                #expect(error == nil, "\(name) cut at \(cut) on a block boundary: \(String(describing: error))")
            }
        }
    }

    /// The descriptor path (`uac2 decode capture.pcap`) on cuts of the enumeration capture: the device
    /// is found once its configuration response is complete, and a cut is an error with its offset.
    @Test func truncatedEnumerationThroughTheDescriptorReader() throws {
        let name = CaptureFixtures.ksolotiEnum
        let full = CaptureFixtures.bytes(name)
        let blocks = Self.blocks(full)
        let whole = DescriptorReader.read(bytes: full, name: name)
        let complete = try #require(whole.devices.first)
        #expect(complete.idVendor == 0x16C0)
        var foundAt: Int?
        for b in blocks.dropFirst() {
            let cut = (b.start + b.end) / 2
            let r = DescriptorReader.read(bytes: Array(full[0..<cut]), name: "cut")
            #expect(r.format == .pcap)
            let err = r.diagnostics.first { $0.severity == .error && $0.location.offset == b.start }
            #expect(err?.message.contains("truncated") == true, "cut at \(cut)")
            if foundAt == nil, let dev = r.devices.first, dev.configurations.first?.sequence.count == complete.configurations.first?.sequence.count {
                foundAt = cut
            }
            // Whatever it found is a prefix of the full device's descriptors.
            if let dev = r.devices.first {
                #expect(Array(complete.sequence.prefix(dev.sequence.count)).map(\.bytes) == dev.sequence.map(\.bytes))
            }
        }
        #expect(foundAt != nil, "the whole configuration is recovered before the end of the file")
    }

    /// Every single-bit flip of the first 320 bytes of a USB 2.0 link-layer capture (pcap header and
    /// the SETUP / IN / DATA packets of GET_DESCRIPTOR) and of a usbmon pcapng (section header,
    /// interface block with options, the first packet's usbmon header), through the whole capture
    /// analysis: no trap, an error always carries its byte offset, never more packets than blocks.
    @Test(arguments: [CaptureFixtures.ksolotiEnum, CaptureFixtures.rmeIsoOut])
    func everySingleBitFlip(name: String) {
        let limit = 320
        let original = CaptureFixtures.bytes(name)
        let blockCount = Self.blocks(original).count
        for i in 0..<min(limit, original.count) {
            for bit in 0..<8 {
                var b = original
                b[i] ^= 1 << bit
                let r = CaptureAnalyzer.analyze(bytes: b)
                if let e = r.error {
                    #expect(e.byteOffset != nil, "\(name) byte \(i) bit \(bit): \(e)")
                }
                #expect(r.packets <= blockCount, "\(name) byte \(i) bit \(bit)")
            }
        }
    }
}
