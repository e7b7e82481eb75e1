import Foundation
import Testing
@testable import UAC2Kit

/// Damaged lsusb text: cut anywhere, garbage lines, binary noise, nothing at all. Never a crash or a hang;
/// errors and warnings name their line; whatever was decoded before the damage is kept.
@Suite struct LsusbBadInputTests {
    static func read(_ text: String) -> DecodedInput { LsusbTextReader.read(Array(text.utf8), name: "bad") }
    static func lines(_ name: String) -> [Substring] {
        String(decoding: Fixtures.bytes(name), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// Every diagnostic carries a line inside the input.
    static func checkLines(_ r: DecodedInput, lineCount: Int, _ what: String) {
        for d in r.diagnostics {
            let line = d.location.line ?? -1
            #expect(line >= 1 && line <= max(lineCount, 1), "\(what): \(d) has no line inside 1...\(lineCount)")
        }
    }

    /// The prefix's descriptors are the full text's, the last one possibly cut short.
    static func checkPrefix(_ part: DecodedInput, of full: [[UInt8]], _ what: String) {
        let got = part.devices.flatMap(\.sequence).map(\.bytes)
        #expect(got.count <= full.count, "\(what): more descriptors than the whole text")
        for (i, b) in got.enumerated() where i < full.count {
            if i < got.count - 1 {
                #expect(b == full[i], "\(what): descriptor \(i) differs from the whole text's")
            } else {
                #expect(Array(full[i].prefix(b.count)) == b, "\(what): last descriptor is not a prefix of the whole text's")
            }
        }
    }

    /// Cut after every line: one capture per lsusb layout (1-space, collapsed whitespace, NBSP, hex lines).
    @Test(arguments: ["roland-sd-50-0582_0114.lsusb.txt", "teufel-cinebar-one-2cc2_0005.lsusb.txt",
                      "boss-js-8-0582_0109.lsusb.txt", "razer-seiren-mini-1532_0531.lsusb.txt"])
    func truncatedAtEveryLine(_ name: String) {
        let lines = Self.lines(name)
        let full = Self.read(lines.joined(separator: "\n")).devices.flatMap(\.sequence).map(\.bytes)
        #expect(full.count > 10)
        var previous = 0
        for k in 0...lines.count {
            let r = Self.read(lines.prefix(k).joined(separator: "\n"))
            Self.checkLines(r, lineCount: k, "\(name) cut at line \(k)")
            Self.checkPrefix(r, of: full, "\(name) cut at line \(k)")
            let n = r.devices.flatMap(\.sequence).count
            #expect(n >= previous, "\(name) cut at line \(k): fewer descriptors than one line earlier")
            previous = n
            if n == 0 { #expect(r.hasErrors, "\(name) cut at line \(k): nothing decoded and no error") }
        }
        #expect(previous == full.count)
    }

    /// Every capture cut at seven places, inside blocks and mid-line.
    @Test func everyCaptureTruncatedAtSeveralPlaces() {
        for url in Fixtures.files(suffix: ".lsusb.txt") {
            let text = String(decoding: Fixtures.bytes(url.lastPathComponent), as: UTF8.self)
            let full = Self.read(text).devices.flatMap(\.sequence).map(\.bytes)
            let bytes = Array(text.utf8)
            for step in 1...7 {
                let cut = bytes.count * step / 8 + step
                let part = String(decoding: bytes.prefix(cut), as: UTF8.self)
                let r = Self.read(part)
                let lineCount = part.split(separator: "\n", omittingEmptySubsequences: false).count
                Self.checkLines(r, lineCount: lineCount, "\(url.lastPathComponent) cut at byte \(cut)")
                // A cut inside a value ("0x0") can change the last field; everything before it must hold.
                let got = r.devices.flatMap(\.sequence).map(\.bytes)
                #expect(got.count <= full.count)
                for i in 0..<max(0, got.count - 1) { #expect(got[i] == full[i], "\(url.lastPathComponent) cut at byte \(cut): descriptor \(i)") }
            }
        }
    }

    /// A small deterministic generator, so that failures reproduce.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func garbageLinesInjected() {
        let name = "focusrite-scarlett-2i2-2nd-gen-1235_8202.lsusb.txt"
        let lines = Self.lines(name).map(String.init)
        let clean = Self.read(lines.joined(separator: "\n"))
        var rng = SplitMix(state: 42)
        // Lines that are not fields: ignored, the bytes must not change.
        let noise = ["hello world", "%%%###!!", "Transfer Type Bulk Bulk", "== 12 ==", "(x) [y] {z}", "Ünïcödé ✓ text",
                     "Field 1 first: No", String(repeating: "A", count: 5000)]
        var noisy = lines
        for _ in 0..<60 { noisy.insert(noise.randomElement(using: &rng)!, at: Int.random(in: 0...noisy.count, using: &rng)) }
        let r = Self.read(noisy.joined(separator: "\n"))
        #expect(r.devices.first?.encoded() == clean.devices.first?.encoded())
        Self.checkLines(r, lineCount: noisy.count, "noise lines")

        // Lines shaped like fields with impossible values: warnings with their line, no crash, still one device.
        let bad = ["bLength banana", "bmAttributes 99999999999999999999999999", "wMaxPacketSize 0xFFFFFFFFFFFFFFFFFF",
                   "bcdUSB 9.zz", "baSourceID( 7", "tSamFreq[ -1] 48000", "bNrChannels 300", "bLength 0", "bLength 4000",
                   "MaxPower 3mA", "** UNRECOGNIZED: zz 01", "Warning: Junk at end of descriptor (3 bytes):",
                   "Endpoint Descriptor:", "bDescriptorType 999", "guidFormat {not-a-guid}"]
        for seed in 1...20 {
            var rng = SplitMix(state: UInt64(seed))
            var damaged = lines
            for _ in 0..<5 { damaged.insert("    " + bad.randomElement(using: &rng)!, at: Int.random(in: 0...damaged.count, using: &rng)) }
            let r = Self.read(damaged.joined(separator: "\n"))
            Self.checkLines(r, lineCount: damaged.count, "seed \(seed)")
            #expect(r.devices.count == 1, "seed \(seed)")
            #expect(!r.diagnostics.isEmpty || r.devices.first?.encoded() == clean.devices.first?.encoded(), "seed \(seed): damage went unreported")
        }
    }

    @Test func binaryNoiseIsAnErrorWithItsLine() {
        var rng = SplitMix(state: 7)
        let noise = (0..<65_536).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let r = LsusbTextReader.read(noise, name: "noise")
        #expect(r.devices.isEmpty)
        #expect(r.hasErrors)
        #expect(r.diagnostics.contains { $0.message.contains("stopped reading") })
        #expect(r.diagnostics.count <= LsusbTextScanner.maxBinaryLines + 2)
        Self.checkLines(r, lineCount: noise.filter { $0 == 10 }.count + 1, "noise")

        // Noise after a good capture: the capture is kept, the noise reported where it starts.
        let good = Fixtures.bytes("teufel-cinebar-one-2cc2_0005.lsusb.txt")
        let goodLines = good.filter { $0 == 10 }.count
        let mixed = LsusbTextReader.read(good + [10] + noise, name: "mixed")
        #expect(mixed.devices.first?.encoded() == LsusbTextReader.read(good, name: "good").devices.first?.encoded())
        let firstError = mixed.diagnostics.first { $0.severity == .error }
        #expect((firstError?.location.line ?? 0) > goodLines)
    }

    @Test func emptyAndBlankInput() {
        for text in ["", "\n\n\n", "   \n\u{00A0}\n", "Bus 001 Device 002: ID 1d6b:0002 Linux Foundation 2.0 root hub"] {
            let r = Self.read(text)
            #expect(r.devices.isEmpty)
            #expect(r.hasErrors)
            #expect(r.diagnostics.allSatisfy { $0.location.line == 1 })
        }
    }
}
