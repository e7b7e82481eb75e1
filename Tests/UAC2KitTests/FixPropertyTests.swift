import Foundation
import Testing
@testable import UAC2Kit

/// Seeded single-field corruptions of clean corpus devices: fields whose right value the descriptors
/// prove (totals, counts, fixed bLengths) are repaired to the original bytes.
@Suite struct FixPropertyTests {
    struct Device: Sendable {
        var name: String
        var blob: [UInt8]
        var speed: USBSpeed?
    }

    /// Devices of the corpus that fix leaves unchanged, as raw blobs (every descriptor in input order).
    static let clean: [Device] = FixCorpusTests.captures().flatMap { url -> [Device] in
        let input = DescriptorReader.read(bytes: [UInt8]((try? Data(contentsOf: url)) ?? Data()), name: url.lastPathComponent)
        return input.devices.compactMap { dev in
            guard dev.device != nil else { return nil }
            let blob = dev.sequence.flatMap(\.bytes)
            let r = DescriptorFixer.fix(bytes: blob, name: url.lastPathComponent, format: .raw, options: CheckOptions(speed: dev.speed))
            guard !r.changed, !r.original.hasErrors else { return nil }
            return Device(name: url.lastPathComponent, blob: blob, speed: dev.speed)
        }
    }

    /// A field `fix` must restore: where it is in the blob and how wide.
    struct Target: Sendable, CustomStringConvertible {
        var offset: Int
        var width: Int
        var name: String
        var description: String { "\(name) at byte \(offset)" }
    }

    static func targets(_ blob: [UInt8]) -> [Target] {
        let input = RawDescriptorReader.read(blob, name: "t")
        var out: [Target] = []
        for d in input.devices.flatMap(\.sequence) {
            guard let o = d.location.offset else { continue }
            func add(_ field: String) {
                guard let f = d.field(field), !f.values.isEmpty else { return }
                out.append(Target(offset: o + f.offset, width: f.width, name: "\(d.layout.id).\(field)"))
            }
            switch d.layout.id {
            case "CONFIGURATION": add("wTotalLength"); add("bNumInterfaces")
            case "INTERFACE": add("bNumEndpoints")
            case "UAC1_HEADER": add("wTotalLength"); add("bInCollection")
            case "UAC2_HEADER", "UAC3_HEADER": add("wTotalLength")
            default: break
            }
            if FixedSizeDescriptors.sizes(d.layout, uac1Streaming: false) != nil { out.append(Target(offset: o, width: 1, name: "\(d.layout.id).bLength")) }
        }
        return out
    }

    struct Outcome: Sendable {
        var restored = 0
        var notRestored: [String] = []
        var wrong: [String] = []
    }

    static func run(_ dev: Device, seed: UInt64, perDevice: Int) -> [String: Outcome] {
        var rng = BadInput.Noise(seed: seed)
        let targets = Self.targets(dev.blob)
        var out: [String: Outcome] = [:]
        guard !targets.isEmpty else { return out }
        // A kind of field first, then one of its places: bLengths outnumber totals tenfold.
        let kinds = Dictionary(grouping: targets) { $0.name.hasSuffix(".bLength") ? "bLength" : String($0.name.split(separator: ".").last ?? "") }
        let kindNames = kinds.keys.sorted()
        for _ in 0..<perDevice {
            let places = kinds[kindNames[Int(rng.next() % UInt64(kindNames.count))]]!
            let t = places[Int(rng.next() % UInt64(places.count))]
            var bad = dev.blob
            let isLength = t.name.hasSuffix(".bLength")
            let old = (0..<t.width).reduce(UInt64(0)) { $0 | UInt64(bad[t.offset + $1]) << (8 * UInt64($1)) }
            var new = old
            while new == old {
                // bLength a few bytes off (the usual slip); counts and totals anywhere in their range.
                new = isLength ? UInt64(max(0, Int(old) + [-3, -2, -1, 1, 2, 3][Int(rng.next() % 6)]))
                    : rng.next() % (t.width == 1 ? 32 : 1024)
            }
            for b in 0..<t.width { bad[t.offset + b] = UInt8(truncatingIfNeeded: new >> (8 * UInt64(b))) }
            let r = DescriptorFixer.fix(bytes: bad, name: dev.name, format: .raw, options: CheckOptions(speed: dev.speed))
            let kind = isLength ? "bLength" : String(t.name.split(separator: ".").last ?? "")
            var o = out[kind, default: Outcome()]
            if r.bytes == dev.blob {
                o.restored += 1
            } else {
                let fixedHere = (0..<t.width).allSatisfy { r.bytes[t.offset + $0] == dev.blob[t.offset + $0] }
                let touched = r.changes.contains { $0.byteOffset <= t.offset && t.offset < $0.byteOffset + $0.width }
                // A field set to a value other than the original is a wrong repair; left alone it is only not repaired.
                if touched && !fixedHere { o.wrong.append("\(dev.name): \(t) \(old) -> \(new), fixed to other bytes") }
                else { o.notRestored.append("\(dev.name): \(t) \(old) -> \(new): \(r.changes.map { "\($0.ruleID) \($0.field) \($0.oldValue)->\($0.newValue)" })") }
            }
            out[kind] = o
        }
        return out
    }

    @Test func singleFieldCorruptionsAreRepairedToTheOriginalBytes() {
        let devices = Self.clean
        #expect(devices.count >= 20, "clean corpus devices: \(devices.count)")  // measured: 24
        let results = LockedArray<[String: Outcome]>()
        DispatchQueue.concurrentPerform(iterations: devices.count) { i in
            results.set(i, Self.run(devices[i], seed: 0xF1C5_0000 + UInt64(i), perDevice: 10))
        }
        var total: [String: Outcome] = [:]
        for r in results.values(count: devices.count) {
            for (k, o) in r {
                total[k, default: Outcome()].restored += o.restored
                total[k, default: Outcome()].notRestored += o.notRestored
                total[k, default: Outcome()].wrong += o.wrong
            }
        }
        for (k, o) in total.sorted(by: { $0.key < $1.key }) {
            print("fix property: \(k): \(o.restored) restored, \(o.notRestored.count) not restored, \(o.wrong.count) wrong")
            for n in o.notRestored { print("  not restored: \(n)") }
        }
        // Totals and counts are proven by the bytes: always restored.
        for k in ["wTotalLength", "bNumInterfaces", "bNumEndpoints", "bInCollection"] {
            let o = total[k] ?? Outcome()
            #expect(o.notRestored.isEmpty && o.wrong.isEmpty, "\(k): \(o.notRestored + o.wrong)")
        }
        #expect((total["wTotalLength"]?.restored ?? 0) > 20)
        #expect((total["bNumEndpoints"]?.restored ?? 0) > 10)
        // A fixed-size bLength is restored wherever the walk shows it; it is never set to another value.
        let lengths = total["bLength"] ?? Outcome()
        #expect(lengths.wrong.isEmpty, "\(lengths.wrong)")
        #expect(lengths.restored > 20 && lengths.restored * 10 >= (lengths.restored + lengths.notRestored.count) * 9,
                "bLength: \(lengths.restored) restored; not: \(lengths.notRestored)")
    }
}
