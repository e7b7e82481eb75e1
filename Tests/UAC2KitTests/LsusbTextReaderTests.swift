import Foundation
import Testing
@testable import UAC2Kit

/// The lsusb text reader on real captures: values read back from the rebuilt bytes, against what the text says.
@Suite struct LsusbTextReaderTests {
    static func read(_ name: String) -> DecodedInput { Fixtures.decode(name, format: .lsusb) }
    static func read(text: String) -> DecodedInput { LsusbTextReader.read(Array(text.utf8), name: "text") }

    @Test func detectedAsLsusbText() {
        for url in Fixtures.files(suffix: ".lsusb.txt") {
            #expect(InputFormat.detect([UInt8]((try? Data(contentsOf: url)) ?? Data())) == .lsusb, "\(url.lastPathComponent)")
        }
    }

    /// Captures whose text is cut (INDEX.md says so): the lost descriptor is an error there.
    static let cutCaptures: Set<String> = ["via-usb-dongle-040d_3400.lsusb.txt"]

    @Test func everyCaptureDecodesWithoutErrors() {
        for url in Fixtures.files(suffix: ".lsusb.txt") {
            let r = Self.read(url.lastPathComponent)
            #expect(r.hasErrors == Self.cutCaptures.contains(url.lastPathComponent), "\(url.lastPathComponent): \(r.diagnostics.filter { $0.severity == .error })")
            #expect(!r.devices.isEmpty && r.devices.allSatisfy { $0.device != nil }, "\(url.lastPathComponent)")
            for d in r.devices.flatMap(\.sequence) {
                #expect(d.location.line != nil, "\(url.lastPathComponent): descriptor without its line")
            }
        }
    }

    /// The same RME Fireface UC appears in the corpus both as lsusb text and as bytes cut from a usbmon capture.
    @Test func lsusbTextRebuildsTheSameBytesAsTheRawCapture() throws {
        let text = Self.read("rme-fireface-uc-0424_3fc6.lsusb.txt")
        let raw = Fixtures.decode("rme-fireface-uc-0424_3fc6.bin", format: .raw)
        let a = try #require(text.devices.first.flatMap(RealLsusb.blob(of:)))
        let b = try #require(raw.devices.first.flatMap(RealLsusb.blob(of:)))
        #expect(a.count == 280)
        #expect(a == b)
    }

    @Test func deviceConfigurationAndStrings() throws {
        let r = Self.read("arturia-audiofuse-16rig-1c75_af20.lsusb.txt")
        let dev = try #require(r.devices.first)
        #expect(dev.label == "Bus 003 Device 004: ID 1c75:af20 Arturia AF16Rig Audio")
        #expect(dev.idVendor == 0x1C75 && dev.idProduct == 0xAF20 && dev.bcdUSB == 0x0200)
        #expect(dev.device?.location.line == 2)
        let config = try #require(dev.configurations.first)
        #expect(config.wTotalLength == config.sequence.reduce(0) { $0 + $1.bytes.count })
        // "MaxPower 500mA" at bcdUSB 2.00: units of 2 mA.
        let mA = try #require(Self.printed(in: "arturia-audiofuse-16rig-1c75_af20.lsusb.txt", "MaxPower"))
        #expect(UInt64(config.descriptor["bMaxPower"] ?? -1) * 2 == mA)
        let iProduct = try #require(dev.device?["iProduct"])
        #expect(iProduct > 0 && dev.stringTexts[iProduct] != nil)
    }

    static func printed(in name: String, _ field: String) -> UInt64? {
        LsusbTextScanner.scan(String(decoding: Fixtures.bytes(name), as: UTF8.self)).devices.first?.blocks
            .lazy.compactMap { $0.first(field)?.value }.first
    }

    @Test func superSpeedMaxPowerAndEndpointCompanion() throws {
        let r = Self.read("razer-kiyo-pro-1532_0e05.lsusb.txt")
        let dev = try #require(r.devices.first)
        #expect(dev.bcdUSB == 0x0320)
        // "MaxPower 896mA" at bcdUSB >= 3.00 is in units of 8 mA (lsusb.c dump_config).
        #expect(dev.configurations.first?.descriptor["bMaxPower"] == 112)
        let eps = dev.configurations.flatMap(\.altSettings).flatMap(\.endpoints)
        let withCompanion = eps.filter { $0.companion != nil }
        #expect(withCompanion.count == 7)
        #expect(withCompanion.allSatisfy { $0.companion?.bytes.count == 6 })
        #expect(r.diagnostics.contains { $0.message.contains("wBytesPerInterval") && $0.severity == .warning })
        #expect(dev.bos?["bNumDeviceCaps"] == 2)
        #expect(dev.capabilities.count == 2)
        #expect(dev.capabilities.last?["wU2DevExitLat"] == 256)
    }

    @Test func negotiatedSpeedAndQualifier() throws {
        let teufel = try #require(Self.read("teufel-cinebar-one-2cc2_0005.lsusb.txt").devices.first)
        #expect(teufel.speed == .full)
        #expect(teufel.label?.hasPrefix("Bus 003 Device 101: ID 2cc2:0005") == true)
        let r = Self.read("allen-heath-xone-43c-22f0_000f.lsusb.txt")
        let q = try #require(r.devices.first?.qualifier)
        #expect(q.bytes.count == 10 && q["bcdUSB"] == 0x0200)
        #expect(r.diagnostics.contains { $0.message.contains("bReserved") && $0.location.line == q.location.line })
        #expect(r.devices.first?.configurations.first?.sequence.contains { $0.bDescriptorType == 6 } == false)
    }

    @Test func layoutsAgreeAcrossIndentationAndWhitespace() throws {
        // NBSP indentation (web archive), 1-space and 3-space indentation, collapsed whitespace.
        for name in ["behringer-umc202hd-1397_0507.lsusb.txt", "boss-gt-1-0582_01d6.lsusb.txt",
                     "focusrite-scarlett-2i2-2nd-gen-1235_8202.lsusb.txt", "logitech-h340-046d_0a38.lsusb.txt",
                     "kt-micro-kt0206-31b2_0011.lsusb.txt"] {
            let text = String(decoding: Fixtures.bytes(name), as: UTF8.self)
            let r = Self.read(name)
            let headers = text.split(separator: "\n").filter {
                let t = $0.replacingOccurrences(of: "\u{00A0}", with: " ").trimmingCharacters(in: .whitespaces)
                return t.hasSuffix("Descriptor:") || t.hasSuffix("Capability:") || t.hasPrefix("Device Qualifier") || t == "Interface Association:" || t.hasPrefix("** UNRECOGNIZED")
            }.count
            let rebuilt = r.devices.flatMap(\.sequence).count
            #expect(rebuilt == headers, "\(name): \(rebuilt) descriptors for \(headers) headers")
            #expect(!r.hasErrors)
        }
        // Collapsing whitespace loses nothing: same bytes as the text with its spaces put back.
        let h340 = String(decoding: Fixtures.bytes("logitech-h340-046d_0a38.lsusb.txt"), as: UTF8.self)
        let spaced = h340.split(separator: "\n", omittingEmptySubsequences: false)
            .map { "      " + $0.replacingOccurrences(of: " ", with: "     ") }.joined(separator: "\n")
        #expect(Self.read(text: spaced).devices.first?.encoded() == Self.read(text: h340).devices.first?.encoded())
    }

    @Test func unrecognizedHexLinesKeepTheirBytes() throws {
        let r = Self.read("boss-gt-1-0582_01d6.lsusb.txt")
        let vendor = r.devices.flatMap(\.sequence).filter { $0.bDescriptorType == 0x24 }
        #expect(vendor.count == 8)
        #expect(vendor.contains { $0.bytes == [0x0b, 0x24, 0x02, 0x01, 0x02, 0x04, 0x18, 0x01, 0x44, 0xac, 0x00] })
    }

    @Test func hidDescriptorPairs() throws {
        let r = Self.read("sony-dualsense-054c_0ce6.lsusb.txt")
        let hid = try #require(r.devices.first?.configurations.first?.altSettings.flatMap(\.classSpecific).first { $0.layout.id == "HID" })
        #expect(hid.bytes == [9, 0x21, 0x11, 0x01, 0, 1, 34, 0x11, 0x01])
    }

    @Test func truncatedCaptureIsReportedWithItsLine() throws {
        let r = Self.read("via-usb-dongle-040d_3400.lsusb.txt")
        let lines = String(decoding: Fixtures.bytes("via-usb-dongle-040d_3400.lsusb.txt"), as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false)
        let last = lines.lastIndex { $0.contains("Endpoint Descriptor:") }.map { $0 + 1 }
        // The endpoint whose header ends the text is lost: an error (exit 65), as for a cut blob.
        #expect(r.diagnostics.contains { $0.severity == .error && $0.location.line == last && $0.message.contains("input ends") })
        let config = try #require(r.devices.first?.configurations.first)
        #expect(config.wTotalLength == 518)
        #expect(config.sequence.reduce(0) { $0 + $1.bytes.count } == 479)
    }

    @Test func severalDevicesInOneFile() throws {
        let a = String(decoding: Fixtures.bytes("teufel-cinebar-one-2cc2_0005.lsusb.txt"), as: UTF8.self)
        let b = String(decoding: Fixtures.bytes("rode-ai-1-19f7_000a.lsusb.txt"), as: UTF8.self)
        // A plain `lsusb` listing line before them must not become a device.
        let r = Self.read(text: "Bus 002 Device 001: ID 1d6b:0003 Linux Foundation 3.0 root hub\n" + a + "\n" + b)
        #expect(r.devices.count == 2)
        #expect(r.devices.map(\.idVendor) == [0x2cc2, 0x19f7])
        #expect(r.devices[1].label?.hasPrefix("Bus 001 Device 006: ID 19f7:000a") == true)
        #expect(r.devices[0].encoded() == Self.read(text: a).devices[0].encoded())
        // Without Bus lines, a second Device Descriptor still starts a new device.
        let bare = [a, b].map { $0.split(separator: "\n").filter { !$0.hasPrefix("Bus ") && !$0.hasPrefix("Negotiated") }.joined(separator: "\n") }
        #expect(Self.read(text: bare.joined(separator: "\n")).devices.count == 2)
    }

    @Test func stringIndexPrintedWithoutItsNumber() throws {
        var text = String(decoding: Fixtures.bytes("teufel-cinebar-one-2cc2_0005.lsusb.txt"), as: UTF8.self)
        let line = try #require(text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("iProduct") }) + 1
        text = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.contains("iProduct") ? "  iProduct            Teufel Cinebar One" : String($0)
        }.joined(separator: "\n")
        let r = Self.read(text: text)
        #expect(r.devices.first?.device?["iProduct"] == 0)
        #expect(r.diagnostics.contains { $0.severity == .warning && $0.location.line == line && $0.message.contains("iProduct") })
    }

    /// usbutils up to 009 printed a UAC1 processing unit's mode bytes as "Process-Specific" hex and named
    /// bNrInPins "bNrPins".
    @Test func oldUsbutilsProcessingUnit() throws {
        let text = """
        Device Descriptor:
          bLength                18
          bDescriptorType         1
          bcdUSB               1.10
          bDeviceClass            0
          bDeviceSubClass         0
          bDeviceProtocol         0
          bMaxPacketSize0         8
          idVendor           0x1209
          idProduct          0x0004
          bcdDevice            1.00
          iManufacturer           0
          iProduct                0
          iSerial                 0
          bNumConfigurations      1
          Configuration Descriptor:
            bLength                 9
            bDescriptorType         2
            wTotalLength           36
            bNumInterfaces          1
            bConfigurationValue     1
            iConfiguration          0
            bmAttributes         0x80
              (Bus Powered)
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
                bLength                18
                bDescriptorType        36
                bDescriptorSubtype      7 (PROCESSING_UNIT)
                bUnitID                 5
                wProcessType            1
                bNrPins                 1
                baSourceID( 0)          4
                bNrChannels             2
                wChannelConfig     0x0003
                  Left Front (L)
                  Right Front (R)
                iChannelNames           0
                bControlSize            1
                bmControls( 0)       0x01
                  Enable Processing
                iProcessing             0
                Process-Specific     01 03 00
        """
        let r = Self.read(text: text)
        #expect(!r.hasErrors && r.diagnostics.isEmpty, "\(r.diagnostics)")
        let pu = try #require(r.devices.first?.configurations.first?.altSettings.first?.classSpecific.first)
        #expect(pu.layout.id == "UAC1_PROCESSING_UNIT")
        #expect(pu.bytes == [18, 0x24, 7, 5, 1, 0, 1, 4, 2, 3, 0, 0, 1, 1, 0, 1, 3, 0])
        #expect(pu["bNrInPins"] == 1 && pu["bNrModes"] == 1 && pu.values("waModes") == [3])
        #expect(pu.location.line == 36)
    }

    @Test func badBLengthInTextIsReportedAndReadingGoesOn() throws {
        let text = String(decoding: Fixtures.bytes("teufel-cinebar-one-2cc2_0005.lsusb.txt"), as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // The configuration's interface descriptor claims 7 bytes for 9 bytes of fields.
        let i = try #require(lines.firstIndex { $0.contains("Interface Descriptor:") })
        lines[i + 1] = lines[i + 1].replacingOccurrences(of: "9", with: "7")
        let r = Self.read(text: lines.joined(separator: "\n"))
        #expect(r.diagnostics.contains { $0.location.line == i + 1 && $0.message.contains("bLength is 7") })
        #expect(r.devices.first?.configurations.first?.altSettings.count == Self.read(text: text).devices.first?.configurations.first?.altSettings.count)
    }
}
