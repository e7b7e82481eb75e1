import Foundation
import Testing
@testable import UAC2Kit

@Suite struct ReportTests {
    @Test func jsonUsesSpecNamesAndParses() throws {
        let input = Fixtures.decode("ksoloti-core-16c0_0444.bin")
        let text = JSONReport.document([input]).serialized(pretty: true)
        let obj = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect(obj?["schemaVersion"] as? Int == 1)
        let dev = ((obj?["inputs"] as? [[String: Any]])?.first?["devices"] as? [[String: Any]])?.first
        let device = dev?["device"] as? [String: Any]
        #expect(device?["idVendor"] as? Int == 0x16C0)
        let config = (dev?["configurations"] as? [[String: Any]])?.first
        let ifs = config?["interfaces"] as? [[String: Any]]
        let alt = ((ifs?[1]["altSettings"] as? [[String: Any]])?[1])
        let ep = (alt?["endpoints"] as? [[String: Any]])?.first
        #expect(ep?["wMaxPacketSize"] as? Int == 196)
        #expect((ep?["decoded"] as? [String: Any])?["wMaxPacketSize"] as? String == "1 x 196 bytes")
        #expect(ep?["syncType"] as? String == "adaptive")
    }

    @Test func textShowsUnitsAndLocations() {
        let input = Fixtures.decode("linux-usb-audio-gadget-f_uac2-mps196-1d6b_0101.hex.txt")
        let text = TextReport.render(input)
        #expect(text.contains("1 x 196 bytes"))
        #expect(text.contains("8 microframes = 1 ms"))
        #expect(text.contains("Internal fixed clock"))
        #expect(text.contains("2 positions: FL FR"))
        #expect(text.contains("Clock Frequency Control (read-only)"))
    }

    @Test func illegalControlPairIsShown() {
        #expect(FieldRenderer.controls(0b10, width: 1, names: ["Clock Frequency"]) == ["Clock Frequency Control ILLEGAL VALUE (0b10)"])
    }
}
