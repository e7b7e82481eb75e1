#if Live
import Foundation
import UAC2Live

/// `uac2 probe` with no target: what is there to probe.
enum ProbeList {
    struct Listing: Encodable {
        struct ALSACard: Encodable { var card: Int; var usbid: String; var id: String; var probe: String }
        var alsaUSBCards: [ALSACard]
    }

    static func run(json: Bool) throws {
        let cards = ProcAsound.usbCards().map {
            Listing.ALSACard(card: $0.card, usbid: $0.usbid, id: $0.name, probe: "uac2 probe --alsa hw:\($0.card),0")
        }
        let listing = Listing(alsaUSBCards: cards)
        if json { print(try ProbeJSON.encode(listing)); return }
        print("ALSA USB cards (/proc/asound/cardN/usbid):")
        if cards.isEmpty { print("  none") }
        for c in cards { print("  card \(c.card) \(c.id) usbid \(c.usbid)   → \(c.probe)") }
    }
}
#endif
