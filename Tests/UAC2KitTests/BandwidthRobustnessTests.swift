import Foundation
import Testing
@testable import UAC2Kit

/// The device report runs on whatever the readers make of damaged bytes: it must never trap, and an
/// alt it cannot check must say why instead of "fits".
@Suite struct BandwidthRobustnessTests {
    @Test func truncatedAndBitFlippedKsolotiNeverTrap() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Descriptors/ksoloti-core-16c0_0444.bin")
        let bytes = [UInt8](try Data(contentsOf: url))
        var reports = 0
        var variants: [[UInt8]] = (0..<bytes.count).map { Array(bytes.prefix($0)) }
        // Flip one bit per byte, cycling the bit, so every field sees a change.
        for i in bytes.indices {
            var b = bytes
            b[i] ^= UInt8(1 << (i % 8))
            variants.append(b)
        }
        for v in variants {
            for device in DescriptorReader.read(bytes: v, name: "v", format: .raw).devices {
                let r = BandwidthDeviceReport(BandwidthDeviceInput(device: device))
                _ = r.textLines()
                for s in r.sections {
                    for alt in s.alts {
                        for v in alt.verdicts where v.budget == nil { #expect(v.error?.isEmpty == false) }
                    }
                }
                reports += 1
            }
        }
        #expect(reports > bytes.count)
    }

    @Test func zeroAndAbsurdDescriptorValuesAreErrorsNotFits() {
        let bad = BandwidthStreamingAltInput(interfaceNumber: 1, alternateSetting: 1, audioClass: "UAC1", formatType: 1,
                                             channels: 0, subslotBytes: 2, bitResolution: 16, sampleRates: [48000],
                                             syncType: .asynchronous,
                                             dataEndpoint: BandwidthEndpointInput(address: 0x01, kind: .isochronous,
                                                                                  rawWMaxPacketSize: 0, bInterval: 0))
        let r = BandwidthDeviceReport(BandwidthDeviceInput(speed: .option(.full),
                                                           streamingAlts: [bad], interfaceAlts: []))
        let v = r.sections[0].alts[0].verdicts[0]
        #expect(v.budget == nil)
        #expect(v.error == "0 channels is not possible: bNrChannels is one byte and a streaming format needs at least 1 channel (1-255).")
        #expect(r.hasProblem)
    }
}
