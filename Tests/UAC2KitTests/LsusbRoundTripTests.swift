import Foundation
import Testing
@testable import UAC2Kit

/// Round trip through the real lsusb: every `lsusb -v` capture in Descriptors/ → our bytes (LsusbTextReader,
/// ModelBuilder, Descriptor.encoded()) → `lsusb -v` under umockdev → the same numeric field values, field by field.
@Suite struct LsusbRoundTripTests {
    /// Reviewed exceptions: captures whose fields do not all come back, why, and exactly which fields differ.
    struct Exception {
        var reason: String
        /// Field names (as the original text prints them) allowed to differ.
        var fields: Set<String>
        /// How many field comparisons differ; nil = every field outside the Device Descriptor.
        var count: Int?
    }

    static let exceptions: [String: Exception] = [
        "minidsp-usbstreamer-xmos-2752_0016.lsusb.txt": Exception(
            reason: "(1) printed by usbutils <= 009, whose UAC2 EXTENSION_UNIT printer reads every field after bNrChannels one "
                + "byte late (wChannelConfig from 9+p, iChannelNames from 13+p, bmControls from 14+p, iExtension past the end); "
                + "our reader realigns them (only bmChannelConfig's low byte is lost), so current lsusb prints the real values "
                + "(6 units x 4 fields); (2) its two UAC2 MIXER_UNITs carry 18 bytes of bmMixerControls (bLength 32): the old "
                + "printer showed all 18, usbutils 014 sizes the array from bNrInPins x bNrChannels = 8 bits = 1 byte and prints "
                + "the next bytes as bmControls/iMixer (2 mixers x 3 fields)",
            fields: ["wChannelConfig", "iChannelNames", "bmControls", "iExtension", "bmMixerControls", "iMixer"], count: 30),
        "via-usb-dongle-040d_3400.lsusb.txt": Exception(
            reason: "the published text is cut off at an Endpoint Descriptor header: 479 of wTotalLength 518 bytes, so "
                + "libusb rejects the configuration and lsusb prints only the device descriptor",
            fields: [], count: nil),
        // Mailing-list reports added for issue 21; the differences are in what the published text printed, not
        // in the audio descriptors uac2 judges (see each reason); they are listed so a new difference still fails.
        "allen-heath-xone-23c-22f0_0008.lsusb.txt": Exception(
            reason: "the dump pasted into kernel bug 217089 stops at a wFormatTag line: 175 of wTotalLength 294 bytes, so "
                + "libusb rejects the configuration and lsusb prints only the device descriptor",
            fields: [], count: nil),
        "elgato-4k-x-0fd9_009b.lsusb.txt": Exception(
            reason: "the published text prints the UVC uncompressed-format descriptors' guidFormat with no value, so the "
                + "reader keeps those 16 bytes as 0 (reader note) and current lsusb then decodes bBitsPerPixel and "
                + "bDefaultFrameIndex from the zeroed layout (5 format descriptors x 2 fields)",
            fields: ["bBitsPerPixel", "bDefaultFrameIndex"], count: 10),
        "jieli-usb-phy-2-0-webcam-1224_2a25.lsusb.txt": Exception(
            reason: "UVC: the published usbutils printed bNumControl in two VideoControl units that current lsusb does not "
                + "print, and a VideoStreaming format's guidFormat without a value (bytes kept as 0, reader note)",
            fields: ["bNumControl", "bBitsPerPixel", "bDefaultFrameIndex"], count: 4),
        "stanton-final-scratch-scratchamp-103d_0100.lsusb.txt": Exception(
            reason: "UAC1 Feature Unit with bControlSize 2 printed by an old usbutils one byte per line, each index twice; "
                + "the reader joins each pair (bytes 00 00 02 00 02 00, as current lsusb prints them), so only the second "
                + "line of each of the 3 indexes has no counterpart in current lsusb's text",
            fields: ["bmaControls"], count: 3),
        "stanton-final-scratch-scratchamp-103d_0101.lsusb.txt": Exception(
            reason: "same firmware and text as the 103d:0100 ScratchAmp",
            fields: ["bmaControls"], count: 3),
        "razer-kiyo-pro-1532_0e05.lsusb.txt": Exception(
            reason: "UVC PROCESSING_UNIT with bLength 11 (UVC 1.0 size): lsusb warns \"Descriptor too short\" and prints "
                + "bmVideoStandards from the byte after the descriptor, which on the real device was 0xff in libusb's buffer",
            fields: ["bmVideoStandards"], count: 1),
    ]

    struct Outcome: Sendable {
        var file: String
        var compared = 0
        var equal = 0
        var differences: [String] = []
        var differingFields: [String] = []
        var deviceFields = 0
        var identicalBlobs = 0
        var note: String?
    }

    static func roundTrip(_ url: URL) throws -> Outcome {
        var o = Outcome(file: url.lastPathComponent)
        let bytes = [UInt8](try Data(contentsOf: url))
        let original = LsusbTextScanner.scan(String(decoding: bytes, as: UTF8.self)).devices.filter { !$0.blocks.isEmpty }
        let decoded = DescriptorReader.read(bytes: bytes, name: o.file, format: .lsusb)
        guard decoded.devices.count == original.count else {
            o.note = "\(decoded.devices.count) devices decoded, \(original.count) in the text"
            return o
        }
        for (i, device) in decoded.devices.enumerated() {
            guard let blob = RealLsusb.blob(of: device) else { o.note = "no device descriptor"; continue }
            let again = LsusbTextScanner.scan(try RealLsusb.text(of: blob, speed: device.speed)).devices.first?.blocks ?? []
            let blocks = LsusbCompare.fromDescriptorsFile(original[i].blocks)
            let r = LsusbCompare.compare(blocks, LsusbCompare.fromDescriptorsFile(again))
            o.compared += r.compared
            o.equal += r.equal
            o.differences += r.differences.map(\.description)
            o.differingFields += r.differences.map { String($0.key.split(separator: "/").last ?? "").split(separator: "(").first.map(String.init) ?? "" }
            o.deviceFields += blocks.first { $0.header == "Device Descriptor" }?.fields.filter { $0.value != nil }.count ?? 0
            // Our reader on lsusb's own output must give back the very bytes lsusb was shown.
            let reread = LsusbTextReader.read(Array(try RealLsusb.text(of: blob, speed: device.speed).utf8), name: "lsusb")
            if reread.devices.count == 1, let b = RealLsusb.blob(of: reread.devices[0]), b == blob { o.identicalBlobs += 1 }
        }
        return o
    }

    @Test func everyLsusbCaptureRoundTripsThroughRealLsusb() throws {
        try #require(RealLsusb.available, "umockdev-run, lsusb and xxd are needed (Debian: umockdev usbutils xxd)")
        let files = Fixtures.files(suffix: ".lsusb.txt")
        #expect(files.count >= 40)
        let results = LockedArray<Result<Outcome, Error>>()
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            results.set(i, Result { try Self.roundTrip(files[i]) })
        }
        var exact = 0, compared = 0, equal = 0, identical = 0
        var seenExceptions: Set<String> = []
        for r in results.values(count: files.count) {
            let o = try #require(try? r.get())
            #expect(o.note == nil, "\(o.file): \(o.note ?? "")")
            #expect(o.compared > 0, "\(o.file): no field compared")
            compared += o.compared
            equal += o.equal
            identical += o.identicalBlobs
            if o.file != "via-usb-dongle-040d_3400.lsusb.txt" && o.file != "allen-heath-xone-23c-22f0_0008.lsusb.txt" {
                #expect(o.identicalBlobs == 1, "\(o.file): reading lsusb's output back did not give the same bytes")
            }
            if o.differences.isEmpty { exact += 1 }
            if let e = Self.exceptions[o.file] {
                seenExceptions.insert(o.file)
                if let n = e.count {
                    #expect(o.differences.count == n, "\(o.file): \(o.differences.count) differences, expected \(n) (\(e.reason)): \(o.differences)")
                    let unexpected = Set(o.differingFields).subtracting(e.fields)
                    #expect(unexpected.isEmpty, "\(o.file): fields \(unexpected) differ, not covered by the exception")
                } else {
                    #expect(o.equal == o.deviceFields, "\(o.file): \(o.equal) equal fields, expected only the \(o.deviceFields) device descriptor fields")
                }
            } else {
                #expect(o.differences.isEmpty, "\(o.file): \(o.differences.count) fields differ: \(o.differences.prefix(8))")
            }
        }
        #expect(seenExceptions == Set(Self.exceptions.keys), "exceptions for captures no longer in Descriptors/")
        print("lsusb round trip: \(exact) of \(files.count) captures and \(equal) of \(compared) numeric fields came back exactly; \(identical) blobs rebuilt byte-identical from lsusb's own output; exceptions: \(Self.exceptions.keys.sorted())")
    }
}

/// Results from concurrentPerform, by index.
final class LockedArray<T>: @unchecked Sendable {
    private var items: [Int: T] = [:]
    private let lock = NSLock()
    func set(_ i: Int, _ v: T) { lock.lock(); items[i] = v; lock.unlock() }
    func values(count: Int) -> [T] { lock.lock(); defer { lock.unlock() }; return (0..<count).compactMap { items[$0] } }
}
