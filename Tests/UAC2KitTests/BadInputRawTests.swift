import Testing
@testable import UAC2Kit

/// Damaged raw descriptor blobs, derived from the real captures in Descriptors/: bLength 0, 1 and 255
/// at every descriptor, every byte forced to 0x00 and 0xFF, every single-bit flip, and lengths that
/// run past the end. Each must give a clear error at the right byte offset and keep what came before.
@Suite struct BadInputRawTests {
    static let captures = ["ksoloti-core-16c0_0444.bin", "rme-fireface-uc-0424_3fc6.bin"]

    @Test(arguments: captures)
    func bLengthZeroOneAnd255AtEveryDescriptor(name: String) {
        let original = Fixtures.bytes(name)
        let starts = BadInput.descriptorStarts(original)
        let full = RawDescriptorReader.read(original, name: name).devices.flatMap(\.sequence)
        #expect(starts.count == full.count && starts.count > 30)
        for (i, s) in starts.enumerated() {
            for v: UInt8 in [0, 1, 255] {
                var b = original
                b[s] = v
                let what = "\(name) bLength \(v) at byte \(s)"
                let r = RawDescriptorReader.read(b, name: "t")
                let seq = r.devices.flatMap(\.sequence)
                BadInput.expectErrorsLocated(r, what)
                BadInput.expectRawPrefix(r, b, what)
                // Everything before the damaged descriptor is kept exactly.
                #expect(seq.count >= i, "\(what)")
                for k in 0..<min(i, seq.count) { #expect(seq[k].bytes == full[k].bytes, "\(what): descriptor \(k)") }
                let err = r.diagnostics.first { $0.severity == .error }
                if v < 2 {
                    #expect(seq.count == i, "\(what)")
                    #expect(err?.location.offset == s, "\(what)")
                    #expect(err?.message.contains("bLength \(v)") == true, "\(what): \(String(describing: err))")
                } else if s + 255 > b.count {
                    #expect(seq.count == i + 1, "\(what)")
                    #expect(err?.location.offset == s, "\(what)")
                    #expect(err?.message.contains("claims bLength 255 but only \(b.count - s) bytes remain") == true,
                            "\(what): \(String(describing: err))")
                    // The cut descriptor keeps the fields its bytes hold.
                    #expect(seq.last?.bytes.count == b.count - s)
                } else {
                    #expect(seq[i].bytes.count == 255, "\(what)")
                }
            }
        }
    }

    /// Every byte forced to 0x00 and to 0xFF: counts (bNumEndpoints, bControlSize, bNrInPins,
    /// bSamFreqType, ...) that point past bLength, zero widths, reserved values.
    @Test(arguments: [captures[0]])
    func everyByteZeroAndFF(name: String) {
        let original = Fixtures.bytes(name)
        for i in original.indices {
            for v: UInt8 in [0x00, 0xFF] where original[i] != v {
                var b = original
                b[i] = v
                let r = RawDescriptorReader.read(b, name: "t")
                BadInput.expectErrorsLocated(r, "\(name) byte \(i) = \(v)")
                BadInput.expectRawPrefix(r, b, "\(name) byte \(i) = \(v)")
                for d in r.devices.flatMap(\.sequence) where !d.isTruncated {
                    #expect(d.encoded() == d.bytes, "\(name) byte \(i) = \(v): \(d.layout.id) re-encodes differently")
                }
            }
        }
    }

    @Test(arguments: captures)
    func everySingleBitFlip(name: String) {
        let original = Fixtures.bytes(name)
        let starts = Set(BadInput.descriptorStarts(original))
        for i in original.indices {
            for bit in 0..<8 {
                var b = original
                b[i] ^= 1 << bit
                let what = "\(name) byte \(i) bit \(bit)"
                let r = RawDescriptorReader.read(b, name: "t")
                BadInput.expectErrorsLocated(r, what)
                BadInput.expectRawPrefix(r, b, what)
                // A flip outside every bLength byte leaves the walk itself unchanged.
                if !starts.contains(i) {
                    #expect(r.devices.flatMap(\.sequence).count == starts.count, "\(what)")
                    #expect(!r.diagnostics.contains { $0.message.contains("bLength") && $0.severity == .error }, "\(what)")
                }
            }
        }
    }

    /// Bit flips through the rest of the pipeline: topology, text and JSON reports, on every flip of
    /// a sample of the bytes after the device descriptor (every fifth byte, lowest and highest bit).
    @Test func bitFlipsThroughTheReports() {
        let original = Fixtures.bytes("ksoloti-core-16c0_0444.bin")
        for i in 18..<original.count where i % 5 == 0 {
            for bit in [0, 7] {
                var b = original
                b[i] ^= 1 << bit
                let r = RawDescriptorReader.read(b, name: "t")
                let text = TextReport.render(r)
                #expect(text.contains("== t (raw) =="))
                let json = JSONReport.document([r]).serialized()
                #expect(json.hasPrefix("{"))
                for c in r.devices.flatMap(\.configurations) {
                    for f in c.audioFunctions { for e in f.entities { _ = f.clockPath(from: e.id) } }
                }
            }
        }
    }

    /// The last descriptor's bLength running past the end by 1, 2 and 200 bytes, at every descriptor
    /// boundary of the capture (the blob cut right after that descriptor).
    @Test(arguments: captures)
    func bLengthPastTheEnd(name: String) {
        let original = Fixtures.bytes(name)
        let starts = BadInput.descriptorStarts(original)
        for (i, s) in starts.enumerated() {
            let end = i + 1 < starts.count ? starts[i + 1] : original.count
            for extra in [1, 2, 200] {
                var b = Array(original[0..<end])
                let claimed = Int(b[s]) + extra
                guard claimed <= 255 else { continue }
                b[s] = UInt8(claimed)
                let r = RawDescriptorReader.read(b, name: "t")
                let err = r.diagnostics.first { $0.severity == .error }
                #expect(err?.location.offset == s, "\(name) descriptor at \(s) + \(extra)")
                #expect(err?.message.contains("claims bLength \(claimed) but only \(end - s) bytes remain") == true)
                #expect(r.devices.flatMap(\.sequence).count == i + 1)
                #expect(r.devices.flatMap(\.sequence).last?.isTruncated == true)
            }
        }
    }
}
