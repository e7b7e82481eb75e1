import Foundation
import Testing
@testable import UAC2Kit

/// Microsoft USBView text, written here in USBView's layout for a small UAC1 device of our own.
@Suite struct USBViewTextTests {
    /// Our own file in USBView's layout (also a fuzz seed): open pipes, device, configuration, a hex dump.
    static let text = (try? String(contentsOf: Fixtures.root.appendingPathComponent("Tests/firmware/usbview-uac1-demo.txt"), encoding: .utf8)) ?? ""

    static let blob: [UInt8] = [0x12, 0x01, 0x10, 0x01, 0, 0, 0, 0x40, 0x09, 0x12, 0x02, 0x00, 0x00, 0x01, 1, 2, 0, 1,
                                9, 2, 0x2D, 0, 2, 1, 0, 0x80, 0x32,
                                9, 4, 0, 0, 0, 1, 1, 0, 0,
                                9, 0x24, 1, 0, 1, 9, 0, 1, 1,
                                9, 4, 1, 0, 1, 1, 2, 0, 0,
                                9, 5, 1, 9, 0xC0, 0, 1, 0, 0]

    @Test func readsFieldsHexDumpsAndSpeedAndSkipsOpenPipes() {
        let r = DescriptorReader.read(bytes: Array(Self.text.utf8), name: "usbview.txt")
        #expect(r.format == .dump)
        #expect(!r.hasErrors, "\(r.diagnostics)")
        #expect(r.devices.count == 1)
        let d = r.devices[0]
        #expect(d.encoded() == Self.blob)
        #expect(d.speed == .full)
        #expect(d.device?.location.line == 21)
        #expect(d.configurations.first?.interfaces.count == 2)
        #expect(d.configurations.first?.altSettings.last?.endpoints.first?.maxPacketSize == 192)
    }

    @Test func oddHexWidthIsAnErrorAtItsLine() {
        let bad = Self.text.replacingOccurrences(of: "bcdDevice:                       0x0100", with: "bcdDevice:                       0x100")
        let r = DescriptorReader.read(bytes: Array(bad.utf8), name: "bad.txt")
        let e = r.diagnostics.first { $0.severity == .error }
        #expect(e?.message == "`bcdDevice: 0x100` is not a whole number of bytes")
        #expect(e?.location.line == 30)
    }
}
