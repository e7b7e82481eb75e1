import Foundation
import Testing
@testable import UAC2Kit

/// `uac2 diff`: a device against itself is empty; against a one-byte change it names the field holding
/// that byte; across input forms (lsusb text against the blob it describes) the descriptors agree.
@Suite struct DiffTests {
    static func inputs() -> [DecodedInput] {
        FixCorpusTests.captures().map { url in
            DescriptorReader.read(bytes: [UInt8]((try? Data(contentsOf: url)) ?? Data()), name: url.lastPathComponent)
        }
    }

    @Test func everyCaptureAgainstItselfIsEmpty() {
        let all = Self.inputs()
        #expect(all.count >= 50)
        for input in all {
            let again = DescriptorReader.read(bytes: [UInt8]((try? Data(contentsOf: Fixtures.descriptors.appendingPathComponent(input.name))) ?? Data()),
                                              name: input.name)
            let r = DescriptorDiff.diff(input, again)
            #expect(r.isSame, "\(input.name): \(r.devices.flatMap(\.differences).map { "\($0.kind) \($0.key)" }) \(r.findings.map(\.ruleID))")
            #expect(r.exitStatus == 0)
        }
    }

    /// The field of `d` that holds byte `at` of it (an array element counts as its field).
    static func field(at at: Int, of d: Descriptor) -> String {
        d.fields.first { at >= $0.offset && at < $0.offset + $0.width * max($0.values.count, 1) && !$0.values.isEmpty }?.name ?? "trailing bytes"
    }

    @Test func aOneByteChangeNamesItsField() {
        var rng = BadInput.Noise(seed: 0xD1FF)
        var checked = 0
        for input in Self.inputs() {
            for dev in input.devices where dev.device != nil {
                let blob = dev.sequence.flatMap(\.bytes)
                let a = RawDescriptorReader.read(blob, name: "a.bin")
                let descriptors = a.devices.flatMap(\.sequence)
                guard !a.hasErrors, !descriptors.isEmpty else { continue }
                for _ in 0..<4 {
                    let d = descriptors[Int(rng.next() % UInt64(descriptors.count))]
                    guard let start = d.location.offset else { continue }
                    // bLength, bDescriptorType and the subtype decide what a descriptor is, not a field of it.
                    let first = d.bDescriptorType == DescriptorType.csInterface || d.bDescriptorType == DescriptorType.csEndpoint ? 3 : 2
                    guard d.bytes.count > first else { continue }
                    let at = first + Int(rng.next() % UInt64(d.bytes.count - first))
                    var changed = blob
                    changed[start + at] ^= UInt8(1 + rng.next() % 255)
                    let b = RawDescriptorReader.read(changed, name: "b.bin")
                    let r = DescriptorDiff.diff(a, b)
                    let name = Self.field(at: at, of: d)
                    let named = r.devices.flatMap(\.differences).contains { diff in
                        diff.old?.offset == start && diff.fields.contains { $0.name == name }
                    }
                    #expect(named, "\(input.name): byte \(start + at) (\(d.layout.id).\(name)) changed, diff says \(r.devices.flatMap(\.differences).map { "\($0.kind) \($0.key) \($0.fields.map(\.name))" })")
                    #expect(r.exitStatus != 0)
                    checked += 1
                }
            }
        }
        print("diff: \(checked) one-byte changes, each named by its field")
        #expect(checked >= 150, "one-byte changes checked: \(checked)")
    }

    /// The old and new values are decoded: a packet size reads as bytes per transaction.
    @Test func changedFieldsAreDecoded() throws {
        let blob = Fixtures.bytes("ksoloti-core-16c0_0444.bin")
        let a = RawDescriptorReader.read(blob, name: "a.bin")
        let ep = try #require(a.devices.first?.sequence.first { $0.bDescriptorType == DescriptorType.endpoint && ($0["bmAttributes"] ?? 0) & 3 == 1 })
        let o = try #require(ep.location.offset)
        var changed = blob
        let old = ep["wMaxPacketSize"] ?? 0
        changed[o + 4] = UInt8((old + 4) & 0xFF)
        changed[o + 5] = UInt8((old + 4) >> 8)
        let r = DescriptorDiff.diff(a, RawDescriptorReader.read(changed, name: "b.bin"))
        let f = try #require(r.devices.first?.differences.first?.fields.first)
        #expect(f.name == "wMaxPacketSize")
        #expect(f.oldText == "0x\(hexN(UInt64(old), digits: 4)) (1 x \(old) bytes)")
        #expect(f.newText == "0x\(hexN(UInt64(old + 4), digits: 4)) (1 x \(old + 4) bytes)")
        #expect(r.devices.first?.differences.count == 1)
    }

    /// lsusb text against the blob of the same descriptors: the same descriptors, whatever the forms.
    @Test func lsusbTextAgainstItsBlobHasNoDescriptorDifferences() {
        var compared = 0
        for url in Fixtures.files(suffix: ".lsusb.txt") {
            let text = DescriptorReader.read(bytes: [UInt8]((try? Data(contentsOf: url)) ?? Data()), name: url.lastPathComponent)
            guard text.devices.count == 1, let dev = text.devices.first else { continue }
            let blob = RawDescriptorReader.read(dev.sequence.flatMap(\.bytes), name: "blob")
            let r = DescriptorDiff.diff(text, blob, options: CheckOptions(speed: dev.speed))
            #expect(r.devices.allSatisfy { $0.differences.isEmpty }, "\(url.lastPathComponent): \(r.devices.flatMap(\.differences).map { "\($0.kind) \($0.key)" })")
            compared += 1
        }
        #expect(compared >= 40)
    }

    /// Two entities that swap places are one move; nothing else differs.
    @Test func swappedDescriptorsAreAMove() throws {
        let b = DescriptorBuilder.uac2()
        let it = try #require(b.index("UAC2_INPUT_TERMINAL", 1)), ot = try #require(b.index("UAC2_OUTPUT_TERMINAL", 1))
        let swapped = b.with { $0.entries.swapAt(it, ot) }
        let r = DescriptorDiff.diff(b.decode(), swapped.decode())
        let diffs = try #require(r.devices.first?.differences)
        #expect(diffs.map(\.kind) == [.moved])
        #expect(diffs.first.map { $0.key.hasSuffix("Input Terminal 4 (Microphone)") || $0.key.hasSuffix("Output Terminal 5 (USB Streaming)") } == true)
        #expect(diffs.first?.fields.isEmpty == true)
    }

    /// Inserting a descriptor shows as one added descriptor, not as every later one changed.
    @Test func anInsertedDescriptorIsOneAddition() throws {
        let b = DescriptorBuilder.uac2()
        let more = b.with { $0.insert(AudioStreamingLayouts.uac2EndpointGeneral, DescriptorBuilder.v(["bmAttributes": 0, "bmControls": 0, "bLockDelayUnits": 0, "wLockDelay": 0]),
                                      at: $0.endpointIndex(0x81)! + 1) }
        let r = DescriptorDiff.diff(b.decode(), more.decode())
        let diffs = try #require(r.devices.first?.differences)
        #expect(diffs.filter { $0.kind == .added }.map(\.key) == ["configuration 1 / interface 1 alt 1 / EP 0x81 / EP_GENERAL"])
        // The configuration total follows the insertion; nothing else changed.
        #expect(diffs.filter { $0.kind == .changed }.map(\.key) == ["configuration 1"])
    }
}
