#if Live
import Foundation
import UAC2Live

/// `uac2 probe` with no target: what is there to probe, and the command to probe it.
enum ProbeList {
    struct Listing: Encodable {
        struct ALSACard: Encodable { var card: Int; var usbid: String; var id: String; var probe: String }
        var usbAudioDevices: [USBList.Entry]
        var usbListError: String?
        var alsaUSBCards: [ALSACard]
    }

    static func run(json: Bool) throws {
        var usb: [USBList.Entry] = []
        var usbError: String?
        do { usb = try USBList.list() } catch let e as ProbeError { usbError = e.description }
        let cards = ProcAsound.usbCards().map {
            Listing.ALSACard(card: $0.card, usbid: $0.usbid, id: $0.name, probe: "uac2 probe --alsa hw:\($0.card),0")
        }
        let listing = Listing(usbAudioDevices: usb, usbListError: usbError, alsaUSBCards: cards)
        if json { print(try ProbeJSON.encode(listing)); return }
        print("USB audio functions (libusb, cached descriptors):")
        if let usbError { print("  cannot list: \(usbError)") } else if usb.isEmpty { print("  none") }
        for u in usb {
            print("  bus \(u.bus) address \(u.address)  \(u.id)  \(u.audioClass), \(u.speed?.rawValue ?? "unknown") speed, interfaces \(u.interfaces.map(String.init).joined(separator: ","))   → \(u.probe)")
        }
        print("ALSA USB cards (/proc/asound/cardN/usbid):")
        if cards.isEmpty { print("  none") }
        for c in cards { print("  card \(c.card) \(c.id) usbid \(c.usbid)   → \(c.probe)") }
    }
}
#endif
