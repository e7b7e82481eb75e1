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
            // libusb's cached descriptors, put back in wire form and read by the model like every
            // input: which interfaces are audio and which class version each function speaks.
            let model = DescriptorReader.read(bytes: bytes(of: desc) + bytes(of: cfg.pointee), name: "libusb", format: .raw)
            let config = model.devices.first?.configurations.first
            var ifaces: [Int] = []
            for a in config?.altSettings ?? [] where a.interfaceClass == 1 && !ifaces.contains(a.interfaceNumber) {
                ifaces.append(a.interfaceNumber)
            }
            guard !ifaces.isEmpty else { continue }
            let id = hex4(Int(desc.idVendor)) + ":" + hex4(Int(desc.idProduct))
            let protocols = Set((config?.altSettings ?? []).filter(\.isAudioControl).map(\.interfaceProtocol))
            let cls = protocols.sorted().map { $0 == 0x20 ? "UAC2" : $0 == 0x30 ? "UAC3" : $0 == 0 ? "UAC1" : "protocol \($0)" }
            out.append(Entry(bus: Int(libusb_get_bus_number(d)), address: Int(libusb_get_device_address(d)), id: id,
                             speed: USBSpeed(libusb: libusb_get_device_speed(d)),
                             audioClass: cls.isEmpty ? "audio (no AudioControl)" : cls.joined(separator: "+"),
                             interfaces: ifaces, probe: "uac2 probe --usb \(id)"))
        }
        return out
    }

    /// The device descriptor as it is on the wire.
    static func bytes(of d: libusb_device_descriptor) -> [UInt8] {
        [18, 1, UInt8(d.bcdUSB & 0xFF), UInt8(d.bcdUSB >> 8), d.bDeviceClass, d.bDeviceSubClass, d.bDeviceProtocol,
         d.bMaxPacketSize0, UInt8(d.idVendor & 0xFF), UInt8(d.idVendor >> 8), UInt8(d.idProduct & 0xFF), UInt8(d.idProduct >> 8),
         UInt8(d.bcdDevice & 0xFF), UInt8(d.bcdDevice >> 8), d.iManufacturer, d.iProduct, d.iSerialNumber, d.bNumConfigurations]
    }

    /// A configuration as libusb parsed it, back in wire form: each standard descriptor from its fields,
    /// followed by the descriptors libusb kept unparsed after it (`extra`: IADs, class-specific).
    /// libusb lists alternate settings by interface, which is the order the model groups them in.
    static func bytes(of c: libusb_config_descriptor) -> [UInt8] {
        func extra(_ p: UnsafePointer<UInt8>?, _ n: Int32) -> [UInt8] {
            guard let p, n > 0 else { return [] }
            return Array(UnsafeBufferPointer(start: p, count: Int(n)))
        }
        var out: [UInt8] = [9, 2, UInt8(c.wTotalLength & 0xFF), UInt8(c.wTotalLength >> 8), c.bNumInterfaces,
                            c.bConfigurationValue, c.iConfiguration, c.bmAttributes, c.MaxPower]
        out += extra(c.extra, c.extra_length)
        for k in 0..<Int(c.bNumInterfaces) {
            let intf = c.interface[k]
            for j in 0..<Int(intf.num_altsetting) {
                let a = intf.altsetting[j]
                out += [9, 4, a.bInterfaceNumber, a.bAlternateSetting, a.bNumEndpoints, a.bInterfaceClass,
                        a.bInterfaceSubClass, a.bInterfaceProtocol, a.iInterface]
                out += extra(a.extra, a.extra_length)
                for e in 0..<Int(a.bNumEndpoints) {
                    let ep = a.endpoint[e]
                    out += [ep.bLength >= 9 ? 9 : 7, 5, ep.bEndpointAddress, ep.bmAttributes,
                            UInt8(ep.wMaxPacketSize & 0xFF), UInt8(ep.wMaxPacketSize >> 8), ep.bInterval]
                    if ep.bLength >= 9 { out += [ep.bRefresh, ep.bSynchAddress] }
                    out += extra(ep.extra, ep.extra_length)
                }
            }
        }
        return out
    }
}
#endif
