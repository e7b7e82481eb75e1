#if Live
import Testing
@testable import UAC2Live

/// The text below follows the format strings of snd-usb-audio's proc_dump_substream_formats
/// and proc_dump_substream_status (sound/usb/proc.c: "  Interface %d", "    Altset %d",
/// "    Format: %s…", "    Channels: %d", "    Rates: a, b" or "%d - %d (continuous)"); it is
/// written for this test, not captured from a device.
@Suite struct ProcStreamFormatsTests {
    static let text = """
    uac2 sim : USB Audio

    Playback:
      Status: Running
        Interface = 1
        Altset = 1
        Packet Size = 72
        Momentary freq = 96000 Hz (0xc.0000)
        Feedback Format = 16.16
      Interface 1
        Altset 1
        Format: S24_3LE
        Channels: 2
        Endpoint: 0x01 (1 OUT) (ASYNC)
        Rates: 44100, 48000, 88200, 96000
        Data packet interval: 125 us
      Interface 1
        Altset 2
        Format: S16_LE S32_LE
        Channels: 8
        Endpoint: 0x01 (1 OUT) (ASYNC)
        Rates: 8000 - 192000 (continuous)

    Capture:
      Status: Stop
      Interface 2
        Altset 1
        Format: S24_3LE
        Channels: 2
        Endpoint: 0x82 (2 IN) (ASYNC)
        Rates: 48000
    """

    @Test func parsesAltsPerDirection() {
        let alts = ProcStreamFormats.parse(Self.text)
        #expect(alts.count == 3)
        let p1 = alts.first { $0.direction == .playback && $0.altset == 1 }
        #expect(p1?.interface == 1)
        #expect(p1?.formats == ["S24_3LE"])
        #expect(p1?.channels == 2)
        #expect(p1?.rates == [44100, 48000, 88200, 96000])
        let p2 = alts.first { $0.direction == .playback && $0.altset == 2 }
        #expect(p2?.formats == ["S16_LE", "S32_LE"])
        #expect(p2?.continuous == true)
        #expect(p2?.rates == [8000, 192000])
        let c1 = alts.first { $0.direction == .capture }
        #expect(c1?.interface == 2)
        #expect(c1?.rates == [48000])
    }

    @Test func momentaryFreqLine() {
        #expect(ProcAsound.momentaryFreq("    Momentary freq = 96000 Hz (0xc.0000)") == 96000)
        #expect(ProcAsound.momentaryFreq("    Packet Size = 72") == nil)
    }

    @Test func garbageGivesNothing() {
        #expect(ProcStreamFormats.parse("Altset 3\nRates: 1, 2\n\u{0}\u{ff}").isEmpty)
    }
}
#endif
