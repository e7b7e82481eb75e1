import Foundation
import Testing
@testable import UAC2Kit

/// Windows USBPcap (LINKTYPE_USBPCAP 249), hand-built and cross-checked with tshark.
@Suite struct CaptureUSBPcapTests {
    static func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
    static func le32(_ v: Int) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) } }

    static func header(length: Int, irp: Int, status: Int = 0, function: Int, fromDevice: Bool, endpoint: UInt8,
                       transfer: UInt8, dataLength: Int) -> [UInt8] {
        le16(length) + le32(irp) + le32(0) + le32(status) + le16(function) + [fromDevice ? 1 : 0] + le16(1) + le16(3)
            + [endpoint, transfer] + le32(dataLength)
    }

    /// GET_DESCRIPTOR device and configuration, then one isochronous IN completion.
    static func capture(_ synth: CaptureSynth, isoSizes: [Int]) -> [UInt8] {
        var packets: [[UInt8]] = []
        func control(irp: Int, setup: [UInt8], response: [UInt8]) {
            packets.append(header(length: 28, irp: irp, function: 0x0B, fromDevice: false, endpoint: 0x80, transfer: 2, dataLength: 8) + [0] + setup)
            packets.append(header(length: 28, irp: irp, function: 0x0B, fromDevice: true, endpoint: 0x80, transfer: 2, dataLength: response.count) + [3] + response)
        }
        let cfg = synth.configurationDescriptor
        control(irp: 1, setup: [0x80, 6, 0, 1, 0, 0, 18, 0], response: synth.deviceDescriptor)
        control(irp: 2, setup: [0x80, 6, 0, 2, 0, 0, UInt8(cfg.count), 0], response: cfg)
        // SET_INTERFACE 1 alt 1 (no data stage).
        packets.append(header(length: 28, irp: 3, function: 0x0B, fromDevice: false, endpoint: 0x00, transfer: 2, dataLength: 8) + [0] + [0x01, 11, 1, 0, 1, 0, 0, 0])
        packets.append(header(length: 28, irp: 3, function: 0x0B, fromDevice: true, endpoint: 0x00, transfer: 2, dataLength: 0) + [3])
        var iso = header(length: 39 + 12 * isoSizes.count, irp: 4, function: 0x0A, fromDevice: true, endpoint: 0x82, transfer: 0,
                         dataLength: isoSizes.reduce(0, +))
        iso += le32(100) + le32(isoSizes.count) + le32(0)
        var off = 0
        for (i, s) in isoSizes.enumerated() {
            iso += le32(off) + le32(s) + le32(i == 3 ? 0xC000_0011 : 0)
            off += s
        }
        iso += [UInt8](repeating: 0x55, count: off)
        packets.append(iso)
        var b = le32(0xA1B2_C3D4) + [2, 0, 4, 0] + le32(0) + le32(0) + le32(65535) + le32(249)
        for (i, p) in packets.enumerated() {
            b += le32(10) + le32(1000 * i) + le32(p.count) + le32(p.count) + p
        }
        return b
    }

    @Test func usbPcapControlAndIsochronous() throws {
        var s = CaptureSynth()
        s.direction = .in; s.rate = 96000; s.channels = 8; s.subslotSize = 4
        let sizes = [384, 384, 384, 416, 384, 384, 352, 384]
        let r = CaptureAnalyzer.analyze(bytes: Self.capture(s, isoSizes: sizes))
        #expect(r.error == nil)
        #expect(r.linkTypes == ["LINKTYPE_USBPCAP"])
        let dev = try #require(r.devices.first)
        #expect(dev.device == "1:3")
        #expect(dev.descriptorBytes == s.deviceDescriptor + s.configurationDescriptor)
        #expect(dev.altChanges.map { [$0.interface, $0.alt] } == [[1, 1]])
        let st = try #require(dev.streams.first)
        #expect(st.endpoint == "0x82" && st.interface == 1 && st.alt == 1 && st.frameBytes == 32)
        #expect(st.sizeHistogram == [[352, 1], [384, 6], [416, 1]])
        #expect(st.packetsWithErrorStatus == 1)
        // DescriptorReader reads USBPcap captures too.
        let decoded = DescriptorReader.read(bytes: Self.capture(s, isoSizes: sizes), name: "usbpcap")
        #expect(decoded.devices.count == 1 && !decoded.hasErrors)
    }

    @Test(.enabled(if: CaptureTshark.available, "tshark is not installed: the independent decoder is missing"))
    func usbPcapMatchesTshark() throws {
        var s = CaptureSynth()
        s.direction = .in; s.rate = 96000; s.channels = 8; s.subslotSize = 4
        let sizes = [384, 384, 384, 416, 384, 384, 352, 384]
        let path = NSTemporaryDirectory() + "uac2-usbpcap-\(getpid()).pcap"
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = FileManager.default.createFile(atPath: path, contents: Data(Self.capture(s, isoSizes: sizes)))
        let iso = try CaptureTshark.fields(path, filter: "usb.win32.iso_data_len", ["usb.win32.iso_data_len"])
        #expect(iso.count == 1)
        // tshark prints these lengths in hex (0x00000180).
        #expect(iso.first?.first?.split(separator: ",").map { Int($0.dropFirst(2), radix: 16) ?? -1 } == sizes)
        let ids = try CaptureTshark.fields(path, filter: "usb.idVendor", ["usb.idVendor", "usb.idProduct"])
        #expect(ids.first == ["0x1209", "0x0001"])
        let cfg = try CaptureTshark.fields(path, filter: "usb.wTotalLength", ["usb.wTotalLength"])
        #expect(cfg.first.flatMap { Int($0[0]) } == s.configurationDescriptor.count)
    }
}
