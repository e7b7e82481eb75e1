import Foundation
import Testing
@testable import UAC2Kit

/// No speed is ever reported with an isochronous packet size as its reason, on every capture in
/// Descriptors/: the judgement does not move when every isochronous size changes, and no reason
/// names one.
@Suite struct SpeedEvidenceCorpusTests {
    static var inputs: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: Fixtures.descriptors.path)) ?? [])
            .filter { !$0.hasSuffix(".md") && $0 != "expected" && !$0.hasPrefix("expected") }.sorted()
    }

    /// Every isochronous endpoint's size bits 10..0 set to `size`, bits 12..11 kept (they are an
    /// encoding legal at high speed only, which is allowed evidence).
    static func withIsoSize(_ blob: [UInt8], _ size: Int) -> [UInt8] {
        var b = blob
        var i = 0
        while i + 1 < b.count {
            let len = Int(b[i])
            guard len >= 2, i + len <= b.count else { break }
            if b[i + 1] == 5, len >= 7, b[i + 3] & 3 == 1 {
                let old = Int(b[i + 4]) | Int(b[i + 5]) << 8
                let new = (old & 0x1800) | size
                b[i + 4] = UInt8(new & 0xFF)
                b[i + 5] = UInt8(new >> 8)
            }
            i += len
        }
        return b
    }

    @Test(arguments: inputs)
    func isochronousSizesNeverDecideTheSpeed(_ name: String) throws {
        let input = Fixtures.decode(name)
        for dev in input.devices {
            let j = SpeedJudgement.judge(dev)
            for e in j.evidence {
                #expect(!e.reason.lowercased().contains("isochronous wmaxpacketsize"), "\(name): \(e.reason)")
                #expect(!e.reason.contains("packet sizes"), "\(name): \(e.reason)")
                #expect(!e.reason.contains("feedback"), "\(name): \(e.reason)")
            }
            // The same descriptors as a blob, with every isochronous size changed: the same judgement.
            guard let blob = RealLsusb.blob(of: dev), !blob.isEmpty else { continue }
            let base = try #require(RawDescriptorReader.read(blob, name: name).devices.first)
            let before = SpeedJudgement.judge(base)
            for size in [1, 3, 4, 196, 1023, 1024, 2047] {
                let changed = try #require(RawDescriptorReader.read(Self.withIsoSize(blob, size), name: name).devices.first)
                #expect(SpeedJudgement.judge(changed).speeds == before.speeds, "\(name): iso size \(size) changed the speed")
                // The capture analyzer judges the same bytes the same way (its speed is this judgement).
                let captured = CaptureReportBuilder.resolveSpeed(
                    CaptureDeviceState(key: CaptureDeviceKey(bus: 1, address: 2)), model: CaptureDescriptors.model(of: Self.withIsoSize(blob, size)),
                    config: nil, linkLayerSpeed: nil, options: CaptureAnalysisOptions())
                #expect(captured?.speeds == before.known.map { [$0] }, "\(name): the capture analyzer's speed moved with iso size \(size)")
            }
        }
    }
}
