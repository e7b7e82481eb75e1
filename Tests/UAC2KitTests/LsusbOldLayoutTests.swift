import Testing
@testable import UAC2Kit

/// Layouts of old usbutils met in mailing-list dumps (issue 21), read into the bytes the device sent.
@Suite struct LsusbOldLayoutTests {
    /// usbutils before the UAC1 table rewrite printed a 2-byte bmaControls entry as two lines with one index.
    @Test func uac1FeatureUnitPrintedOneBytePerLine() throws {
        let text = """
        Device Descriptor:
          bLength                18
          bDescriptorType         1
          bcdUSB               1.10
          bDeviceClass            0
          bDeviceSubClass         0
          bDeviceProtocol         0
          bMaxPacketSize0         8
          idVendor           0x103d
          idProduct          0x0100
          bcdDevice            1.00
          iManufacturer           0
          iProduct                0
          iSerial                 0
          bNumConfigurations      1
          Configuration Descriptor:
            bLength                 9
            bDescriptorType         2
            wTotalLength           31
            bNumInterfaces          1
            bConfigurationValue     1
            iConfiguration          0
            bmAttributes         0x80
            MaxPower              100mA
            Interface Descriptor:
              bLength                 9
              bDescriptorType         4
              bInterfaceNumber        0
              bAlternateSetting       0
              bNumEndpoints           0
              bInterfaceClass         1 Audio
              bInterfaceSubClass      1 Control Device
              bInterfaceProtocol      0
              iInterface              0
              AudioControl Interface Descriptor:
                bLength                13
                bDescriptorType        36
                bDescriptorSubtype      6 (FEATURE_UNIT)
                bUnitID                 2
                bSourceID               1
                bControlSize            2
                bmaControls( 0)      0x00
                bmaControls( 0)      0x00
                bmaControls( 1)      0x02
                bmaControls( 1)      0x00
                  Volume
                bmaControls( 2)      0x02
                bmaControls( 2)      0x01
                  Volume
                iFeature                0
        """
        let input = LsusbTextReader.read(Array(text.utf8), name: "old-fu")
        let fu = try #require(input.devices.first?.configurations.first?.altSettings.first?.classSpecific.first)
        #expect(fu.bytes == [13, 0x24, 0x06, 2, 1, 2, 0x00, 0x00, 0x02, 0x00, 0x02, 0x01, 0])
        #expect(fu.values("bmaControls") == [0x0000, 0x0002, 0x0102])
    }
}
