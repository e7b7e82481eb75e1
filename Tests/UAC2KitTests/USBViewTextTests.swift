import Testing
@testable import UAC2Kit

/// Microsoft USBView text, written here in USBView's layout for a small UAC1 device of our own.
@Suite struct USBViewTextTests {
    static let text = """
    [Port1]  :  USB Composite Device

    ---===>Device Information<===---
    English product name: "uac2 test"

    ConnectionStatus:
    Current Config Value:              0x01  -> Device Bus Speed: Full (is not SuperSpeed or higher capable)
    Device Address:                    0x0F
    Open Pipes:                           1

              ===>Endpoint Descriptor<===
    bLength:                           0x09
    bDescriptorType:                   0x05
    bEndpointAddress:                  0x01  -> Direction: OUT - EndpointID: 1
    bmAttributes:                      0x09  -> Isochronous Transfer Type, Synchronization Type = Adaptive, Usage Type = Data Endpoint
    wMaxPacketSize:                  0x00C0 = 1 transactions per microframe, 0xC0 max bytes
    wInterval:                       0x0001
    bSyncAddress:                      0x00

              ===>Device Descriptor<===
    bLength:                           0x12
    bDescriptorType:                   0x01
    bcdUSB:                          0x0110
    bDeviceClass:                      0x00  -> This is an Interface Class Defined Device
    bDeviceSubClass:                   0x00
    bDeviceProtocol:                   0x00
    bMaxPacketSize0:                   0x40 = (64) Bytes
    idVendor:                        0x1209 = pid.codes
    idProduct:                       0x0002
    bcdDevice:                       0x0100
    iManufacturer:                     0x01
         English (United States)  "uac2"
    iProduct:                          0x02
         English (United States)  "uac2 test"
    iSerialNumber:                     0x00
    bNumConfigurations:                0x01

           ---===>Full Configuration Descriptor<===---

              ===>Configuration Descriptor<===
    bLength:                           0x09
    bDescriptorType:                   0x02
    wTotalLength:                    0x002D  -> Validated
    bNumInterfaces:                    0x02
    bConfigurationValue:               0x01
    iConfiguration:                    0x00
    bmAttributes:                      0x80  -> Bus Powered
    MaxPower:                          0x32 = 100 mA

              ===>Interface Descriptor<===
    bLength:                           0x09
    bDescriptorType:                   0x04
    bInterfaceNumber:                  0x00
    bAlternateSetting:                 0x00
    bNumEndpoints:                     0x00
    bInterfaceClass:                   0x01  -> Audio Interface Class
    bInterfaceSubClass:                0x01  -> Audio Control Interface SubClass
    bInterfaceProtocol:                0x00
    iInterface:                        0x00

              ===>Descriptor Hex Dump<===
    bLength:                           0x09
    bDescriptorType:                   0x24
    09 24 01 00 01 09 00 01 01

              ===>Interface Descriptor<===
    bLength:                           0x09
    bDescriptorType:                   0x04
    bInterfaceNumber:                  0x01
    bAlternateSetting:                 0x00
    bNumEndpoints:                     0x01
    bInterfaceClass:                   0x01  -> Audio Interface Class
    bInterfaceSubClass:                0x02  -> Audio Streaming Interface SubClass
    bInterfaceProtocol:                0x00
    iInterface:                        0x00

              ===>Endpoint Descriptor<===
    bLength:                           0x09
    bDescriptorType:                   0x05
    bEndpointAddress:                  0x01  -> Direction: OUT - EndpointID: 1
    bmAttributes:                      0x09  -> Isochronous Transfer Type, Synchronization Type = Adaptive, Usage Type = Data Endpoint
    wMaxPacketSize:                  0x00C0 = 1 transactions per microframe, 0xC0 max bytes
    wInterval:                       0x0001
    bSyncAddress:                      0x00
    """

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
