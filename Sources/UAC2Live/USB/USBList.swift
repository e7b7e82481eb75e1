#if Live
import CLibUSB
import UAC2Kit

/// `uac2 probe` with no target: USB devices with an audio function, from libusb's cached
/// descriptors (no request is sent to the devices).
public enum USBList {
    public struct Entry: Sendable, Codable {
        public var bus: Int
        public var address: Int
        public var id: String
        public var speed: USBSpeed?
        public var audioClass: String
        public var interfaces: [Int]
        public var probe: String
    }

    public static func list() throws -> [Entry] {
        var c: OpaquePointer?
        guard libusb_init(&c) == 0, let ctx = c else { throw ProbeError.unsupported("libusb_init failed") }
        defer { libusb_exit(ctx) }
        var listp: UnsafeMutablePointer<OpaquePointer?>?
        let n = libusb_get_device_list(ctx, &listp)
        guard n >= 0, let list = listp else { throw ProbeError.io("cannot list USB devices: \(USBSession.message(Int32(n)))") }
        defer { libusb_free_device_list(list, 1) }
        var out: [Entry] = []
        for i in 0..<Int(n) {
            guard let d = list[i] else { continue }
            var desc = libusb_device_descriptor()
            guard libusb_get_device_descriptor(d, &desc) == 0 else { continue }
            var cfgp: UnsafeMutablePointer<libusb_config_descriptor>?
            guard libusb_get_active_config_descriptor(d, &cfgp) == 0 || libusb_get_config_descriptor(d, 0, &cfgp) == 0,
                  let cfg = cfgp else { continue }
            defer { libusb_free_config_descriptor(cfg) }
            var ifaces: [Int] = []
            var protocols = Set<Int>()
            for k in 0..<Int(cfg.pointee.bNumInterfaces) {
                let intf = cfg.pointee.interface[k]
                for j in 0..<Int(intf.num_altsetting) {
                    let alt = intf.altsetting[j]
                    if alt.bInterfaceClass == 1 {
                        if !ifaces.contains(Int(alt.bInterfaceNumber)) { ifaces.append(Int(alt.bInterfaceNumber)) }
                        if alt.bInterfaceSubClass == 1 { protocols.insert(Int(alt.bInterfaceProtocol)) }
                    }
                }
            }
            guard !ifaces.isEmpty else { continue }
            let id = hex4(Int(desc.idVendor)) + ":" + hex4(Int(desc.idProduct))
            let cls = protocols.sorted().map { $0 == 0x20 ? "UAC2" : $0 == 0x30 ? "UAC3" : $0 == 0 ? "UAC1" : "protocol \($0)" }
            out.append(Entry(bus: Int(libusb_get_bus_number(d)), address: Int(libusb_get_device_address(d)), id: id,
                             speed: USBSpeed(libusb: libusb_get_device_speed(d)),
                             audioClass: cls.isEmpty ? "audio (no AudioControl)" : cls.joined(separator: "+"),
                             interfaces: ifaces, probe: "uac2 probe --usb \(id)"))
        }
        return out
    }
}
#endif
