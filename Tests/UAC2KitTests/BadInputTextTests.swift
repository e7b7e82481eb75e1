import Foundation
import Testing
@testable import UAC2Kit

/// Garbage, binary and cut-off text into every text reader (hex / C arrays, `lsusb -v`, dumps, and
/// format detection): errors name their line, what was read before the damage is kept, every call
/// returns quickly.
@Suite struct BadInputTextTests {
    static let readers: [InputFormat?] = [.hex, .lsusb, .dump, nil]

    /// Inputs no text reader can make sense of, each with what it exercises.
    static let garbage: [(String, [UInt8])] = {
        var noise = BadInput.Noise(seed: 8)
        let binary = noise.bytes(64 << 10)
        let printable = noise.bytes(64 << 10).map { b -> UInt8 in b % 17 == 0 ? 0x0A : 0x20 + b % 95 }
        let lsusb = Fixtures.bytes("rockchip-usb-audio-gadget-uac2-2207_0019.lsusb.txt")
        var nulEvery100: [UInt8] = []
        for (i, b) in lsusb.enumerated() { nulEvery100.append(b); if i % 100 == 99 { nulEvery100.append(0) } }
        return [
            ("64 KB of binary noise", binary),
            ("64 KB of printable noise with newlines", printable),
            ("invalid UTF-8", Array(Array(repeating: [UInt8]([0xC3, 0x28, 0xFF, 0xFE, 0x0A, 0xE2, 0x82]), count: 2000).joined())),
            ("NUL bytes only", [UInt8](repeating: 0, count: 4096)),
            ("lsusb text with a NUL every 100 bytes", nulEvery100),
            ("1 MB line of hex digits", [UInt8](repeating: UInt8(ascii: "0"), count: 1 << 20)),
            ("1 MB line without separators", [UInt8](repeating: UInt8(ascii: "g"), count: 1 << 20)),
            ("64 KB of open braces", [UInt8](repeating: UInt8(ascii: "{"), count: 64 << 10)),
            ("C array with a 256 KB token and no comma", Array("static const uint8_t d[] = { 0x12".utf8) + [UInt8](repeating: UInt8(ascii: "1"), count: 256 << 10)),
            ("unterminated block comment", Array("{ 0x12, /*".utf8) + [UInt8](repeating: UInt8(ascii: "*"), count: 256 << 10)),
            ("CR-only line endings", Array(String(decoding: lsusb, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r").utf8)),
            ("descriptor headers without fields", Array(String(repeating: "Device Descriptor:\n  Configuration Descriptor:\n", count: 5000).utf8)),
            ("fields without values", Array(String(repeating: "  bLength\n  bDescriptorType\n  0x\t\n", count: 5000).utf8)),
            ("numbers that overflow", Array("Device Descriptor:\n  bLength 99999999999999999999999\n  bDescriptorType 0x1FFFFFFFFFFFFFFFFF\n0x123456789ABCDEF0123\tbLength\n{ 0x1FFFFFFFFFFFFFFFFFFFFFF, 077777777777777777777777 }".utf8)),
            ("empty", []),
        ]
    }()

    @Test(arguments: readers)
    func garbageGivesALocatedError(format: InputFormat?) {
        for (what, bytes) in Self.garbage {
            let (r, seconds) = BadInput.timed { DescriptorReader.read(bytes: bytes, name: "garbage", format: format) }
            let label = "\(what) as \(format?.rawValue ?? "detected \(r.format.rawValue)")"
            BadInput.expectErrorsLocated(r, label)
            #expect(seconds < 10, "\(label) took \(seconds) s")
            if r.devices.isEmpty { #expect(r.hasErrors, "\(label): nothing decoded and no error") }
            // Text inputs are located by line.
            if [.hex, .lsusb, .dump].contains(r.format) {
                for d in r.diagnostics where d.severity == .error { #expect(d.location.line != nil, "\(label): \(d)") }
            }
            _ = TextReport.render(r)
        }
    }

    /// A `lsusb -v` text and a Thesycon dump cut after every line: every descriptor whose text ended
    /// before the cut is kept with the same bytes, and nothing traps.
    @Test(arguments: ["rockchip-usb-audio-gadget-uac2-2207_0019.lsusb.txt", "edirol-ua-101-0582_007d.lsusb.txt",
                      "linux-usb-audio-gadget-f_uac2-mps196-1d6b_0101.hex.txt"])
    func everyLineTruncation(name: String) {
        let text = String(decoding: Fixtures.bytes(name), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let full = Fixtures.decode(name)
        let seq = full.devices.flatMap(\.sequence)
        #expect(seq.count > 10 && !full.hasErrors)
        for cut in 0...lines.count {
            let part = lines.prefix(cut).joined(separator: "\n")
            let r = DescriptorReader.read(bytes: Array(part.utf8), name: "cut", format: full.format)
            BadInput.expectErrorsLocated(r, "\(name) cut after line \(cut)")
            let got = r.devices.flatMap(\.sequence)
            for k in seq.indices.dropLast() {
                guard let l = seq[k].location.line, let next = seq[k + 1].location.line, next > l, next <= cut else { continue }
                #expect(k < got.count && got[k].bytes == seq[k].bytes,
                        "\(name) cut after line \(cut): descriptor \(k) (line \(l)) is lost or changed")
            }
        }
    }

    /// C arrays as firmware sources hold them: a preprocessor line in front (it used to poison the first
    /// literal) and a long run without commas (it used to take quadratic time).
    @Test func cArrayPreprocessorLineAndLongToken() {
        let source = "#include <stdint.h>\n#define N 18\nstatic const uint8_t d[N] = { 0x12, 0x01, 0x00, 0x02, 0xEF, 0x02, 0x01, 0x40,\n 0xC0, 0x16, 0x44, 0x04, 0x00, 0x02, 0x01, 0x05, 0x03, 0x01 };\n"
        let r = DescriptorReader.read(bytes: Array(source.utf8), name: "fw.c")
        #expect(r.format == .hex)
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics)")
        #expect(r.devices.first?.idVendor == 0x16C0)
        #expect(r.devices.first?.device?.location.line == 3)

        let long = Array("{ 0x12, 0x01,\n 0x".utf8) + [UInt8](repeating: UInt8(ascii: "A"), count: 1 << 20) + Array(" }".utf8)
        let (r2, seconds) = BadInput.timed { DescriptorReader.read(bytes: long, name: "long.c") }
        #expect(seconds < 10, "1 MB token took \(seconds) s")
        let e = r2.diagnostics.first { $0.severity == .error }
        #expect(e?.location.line == 2)
        #expect(e?.message.contains("does not fit in one byte") == true || e?.message.contains("is not a numeric literal") == true)
        #expect((e?.message.count ?? 0) < 400, "the message quotes the token, shortened")
    }
}
