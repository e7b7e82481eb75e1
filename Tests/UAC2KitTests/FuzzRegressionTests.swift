import Foundation
import Testing
@testable import UAC2Kit

/// Every input the fuzzers (Tools/fuzz) ever found, saved under Tests/fuzz-regressions/TARGET/, run
/// through the same reader as its fuzz target: it must now give the clear error named here, at the
/// place named here, quickly. A saved input without a row here fails the suite.
@Suite struct FuzzRegressionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        /// Path under Tests/fuzz-regressions/: TARGET/name.
        var file: String
        /// Words the first error must contain; nil: the input now reads without an error.
        var error: String?
        var line: Int? = nil
        var offset: Int? = nil
        /// How the input broke the reader before its fix.
        var found: String
        var testDescription: String { file }
    }

    static let directory = Fixtures.root.appendingPathComponent("Tests/fuzz-regressions")

    static let cases: [Case] = [
        // Both are xxd dumps whose character column holds `{`: read as C arrays until xxd was recognised
        // before the C tokenizer (issue 20); a is a whole dump, b has a cut hex group on line 125.
        Case(file: "hex/c-array-no-commas-quadratic-a.txt", error: nil,
             found: "timeout: 13 KB of xxd text with a `{` in its ASCII column took 15 s (the C tokenizer trimmed the token at every character)"),
        Case(file: "hex/c-array-no-commas-quadratic-b.txt", error: "is not hex; expected bytes like", line: 125,
             found: "timeout: the same quadratic C tokenizer, a variant of the input above"),
        Case(file: "pcapng/usbmon-status-int32-min.pcapng", error: "no complete device + configuration descriptors", offset: 176,   // the file's size: read to its end
             found: "crash: an isochronous frame status of Int32.min trapped on negation when the report named its errno"),
        Case(file: "pcapng/timestamps-2-63-ns-apart.pcapng", error: "no complete device + configuration descriptors", offset: 388,   // the file's size
             found: "crash: two usbmon packets about 2^63 ns apart overflowed the time subtraction in CaptureAnalyzer.control (fixed on main by the capture reader's wrapping time arithmetic, 3a547ff)"),
        // Two blocks for overlapping addresses: the later block wins, and the bytes after its end
        // must still be located in the earlier block (they were attributed to the later one).
        Case(file: "uf2/overlapping-blocks-piece-map.uf2", error: nil,
             found: "invariant: a descriptor at byte 735 was not the file's bytes there (UF2 reassembly located overwritten runs wrongly)"),
    ]

    /// The reader each fuzz target drives, as the target does.
    static func read(_ target: String, _ bytes: [UInt8]) -> DecodedInput {
        switch target {
        case "raw", "pipeline": return DescriptorReader.read(bytes: bytes, name: target, format: .raw)
        case "hex": return DescriptorReader.read(bytes: bytes, name: target, format: .hex)
        case "carray":
            let b = bytes.contains(UInt8(ascii: "{")) ? bytes : [UInt8(ascii: "{")] + bytes
            return DescriptorReader.read(bytes: b, name: target, format: .hex)
        case "lsusb": return DescriptorReader.read(bytes: bytes, name: target, format: .lsusb)
        case "dump": return DescriptorReader.read(bytes: bytes, name: target, format: .dump)
        case "elf", "ihex", "uf2", "bin":
            return DescriptorReader.read(bytes: bytes, name: target, format: InputFormat(rawValue: target))
        case "pcap", "pcapng":
            let report = CaptureAnalyzer.analyze(bytes: bytes)
            _ = CaptureTextRenderer.render(report)
            return CaptureDescriptors.decodedInput(report: report, name: target, format: target == "pcap" ? .pcap : .pcapng)
        default:
            Issue.record("unknown fuzz target directory \(target)")
            return DecodedInput(name: target, format: .raw, devices: [], diagnostics: [])
        }
    }

    @Test func everySavedInputHasARow() throws {
        let fm = FileManager.default
        var saved: [String] = []
        for target in try fm.contentsOfDirectory(atPath: Self.directory.path) {
            let dir = Self.directory.appendingPathComponent(target)
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else { continue }
            saved += try fm.contentsOfDirectory(atPath: dir.path).map { "\(target)/\($0)" }
        }
        #expect(Set(saved) == Set(Self.cases.map(\.file)), "saved inputs and rows differ")
    }

    @Test(arguments: cases)
    func savedInputGivesItsError(c: Case) throws {
        let bytes = [UInt8](try Data(contentsOf: Self.directory.appendingPathComponent(c.file)))
        let target = String(c.file.split(separator: "/")[0])
        let (r, seconds) = BadInput.timed { Self.read(target, bytes) }
        #expect(seconds < 5, "\(c.file) took \(seconds) s")
        // Firmware readers: each descriptor's first byte is the file's byte at its offset.
        if ["elf", "uf2", "bin"].contains(target) {
            for d in r.devices.flatMap(\.sequence) {
                let o = try #require(d.location.offset)
                #expect(bytes[o] == d.bytes.first, "\(c.file): descriptor at byte \(o)")
            }
        }
        guard let wanted = c.error else {
            #expect(!r.hasErrors && !r.devices.isEmpty, "\(c.file): \(r.diagnostics)")
            return
        }
        let e = try #require(r.diagnostics.first { $0.severity == .error }, "\(c.file): no error")
        #expect(e.message.contains(wanted), "\(c.file): \(e)")
        if let l = c.line { #expect(e.location.line == l, "\(c.file): \(e)") }
        if let o = c.offset { #expect(e.location.offset == o, "\(c.file): \(e)") }
        BadInput.expectErrorsLocated(r, c.file)
    }

    @Test func timestampsFarApartAreRead() throws {
        let bytes = [UInt8](try Data(contentsOf: Self.directory.appendingPathComponent("pcapng/timestamps-2-63-ns-apart.pcapng")))
        let report = CaptureAnalyzer.analyze(bytes: bytes)
        #expect(report.error == nil)
        #expect(report.packets == 2)   // tshark: 2 packets, LINKTYPE_USB_LINUX_MMAPPED
        #expect(report.durationSeconds.isFinite)
    }

    /// The capture behind the Int32.min crash: the stream is reported, with the odd status counted as
    /// an error status instead of a trap.
    @Test func int32MinStatusIsCountedAsAnError() throws {
        let bytes = [UInt8](try Data(contentsOf: Self.directory.appendingPathComponent("pcapng/usbmon-status-int32-min.pcapng")))
        let report = CaptureAnalyzer.analyze(bytes: bytes)
        #expect(report.error == nil)
        #expect(report.packets == 1)
        let text = CaptureTextRenderer.render(report)
        #expect(text.contains("-2147483648"), "\(text)")
    }
}
