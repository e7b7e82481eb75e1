import Foundation
import Testing
@testable import UAC2Kit

/// The corpus captures against tshark (independent decoder) and against the figures in
/// Descriptors/captures.md.
@Suite struct CaptureCorpusTests {
    @Test func ksolotiEnumerationRecoversTheDerivedBlob() throws {
        let r = CaptureAnalyzer.analyze(path: CaptureFixtures.path(CaptureFixtures.ksolotiEnum))
        #expect(r.error == nil)
        #expect(r.packets == 212)
        #expect(r.linkTypes == ["LINKTYPE_USB_2_0"])
        let dev = try #require(r.devices.first { $0.address == 27 })
        #expect(dev.idVendor == 0x16C0 && dev.idProduct == 0x0444)
        #expect(dev.speed == "full")
        // Descriptors/ksoloti-core-16c0_0444.bin is the device + configuration cut from this capture.
        #expect(dev.descriptorBytes == CaptureFixtures.bytes("ksoloti-core-16c0_0444.bin"))
        #expect(dev.strings.map(\.text) == ["Ksoloti", "002900193133510B33383438", "Ksoloti Bulk Interface", "Ksoloti Core"])
        #expect(dev.standardRequests.filter { $0.request == "SET_CONFIGURATION" }.map(\.detail) == ["configuration 1"])
    }

    @Test(.enabled(if: CaptureTshark.available, "tshark is not installed: the independent decoder is missing"))
    func ksolotiDescriptorsMatchTshark() throws {
        for name in [CaptureFixtures.ksolotiEnum, CaptureFixtures.ksolotiIso] {
            let file = CaptureFixtures.path(name)
            let r = CaptureAnalyzer.analyze(path: file)
            let dev = try #require(r.devices.first { $0.address == 27 })
            let config = try #require(dev.descriptors.first { $0.kind == "configuration" && $0.complete })
            // tshark reassembles the control transfer and dissects every descriptor in it.
            let rows = try CaptureTshark.fields(file, filter: "usb.wTotalLength", ["usb.bLength", "usb.bDescriptorType", "usb.wTotalLength"])
            let full = try #require(rows.first { $0[0].contains(",") })
            let theirLengths = full[0].split(separator: ",").map { Int($0)! }
            let theirTypes = full[1].split(separator: ",").map { Int($0.dropFirst(2), radix: 16)! }
            var ours: [(Int, Int)] = []
            var i = 0
            while i + 1 < config.bytes.count { ours.append((Int(config.bytes[i]), Int(config.bytes[i + 1]))); i += Int(config.bytes[i]) }
            #expect(ours.map(\.0) == theirLengths)
            #expect(ours.map(\.1) == theirTypes)
            #expect(Int(full[2]) == config.bytes.count)
            // Device descriptor fields as tshark reads them.
            let dd = try CaptureTshark.fields(file, filter: "usb.idVendor", ["usb.idVendor", "usb.idProduct", "usb.bcdUSB"])
            let first = try #require(dd.first)
            #expect(Int(first[0].dropFirst(2), radix: 16) == dev.idVendor)
            #expect(Int(first[1].dropFirst(2), radix: 16) == dev.idProduct)
            let strings = Set(try CaptureTshark.fields(file, filter: "usb.bString", ["usb.bString"]).map { $0[0] })
            #expect(Set(dev.strings.map(\.text)) == strings)
        }
    }

    @Test func ksolotiIsoFigures() throws {
        let r = CaptureAnalyzer.analyze(path: CaptureFixtures.path(CaptureFixtures.ksolotiIso))
        #expect(r.error == nil)
        #expect(r.packets == 1150)
        let dev = try #require(r.devices.first { $0.address == 27 })
        #expect(dev.altChanges.map { [$0.interface, $0.alt] } == [[1, 0], [2, 0], [1, 1], [2, 1]])
        let inStream = try #require(dev.streams.first { $0.endpoint == "0x83" })
        let outStream = try #require(dev.streams.first { $0.endpoint == "0x03" })
        // Full speed, one packet per 1 ms frame: 48 kHz × 2 ch × 2 bytes = 192 bytes = 48 frames.
        #expect(inStream.sizeHistogram == [[64, 1], [192, 13]])
        #expect(outStream.sizeHistogram == [[192, 3]])
        #expect(inStream.interface == 2 && inStream.alt == 1 && outStream.interface == 1 && outStream.alt == 1)
        #expect(outStream.frameBytes == 4)
        #expect(outStream.framesPerPacketHistogram == [[48, 3]])
        #expect(inStream.framesPerPacketHistogram == [[16, 1], [48, 13]])
        #expect(outStream.nominalRate == 48000)
        #expect(outStream.packetIntervalMicroseconds == 1000)
        #expect(outStream.measuredRateBusClock == 48000)
        #expect(inStream.allowedFramesMin == 47 && inStream.allowedFramesMax == 49)
        #expect(inStream.packetsOutsidePlusMinusOne == 1)   // the 64-byte (16-frame) first packet
        #expect(inStream.wMaxPacketSize == 196 && inStream.packetsOverMaxPacketSize == 0)
    }

    @Test(.enabled(if: CaptureTshark.available, "tshark is not installed: the independent decoder is missing"))
    func ksolotiIsoPacketsMatchTshark() throws {
        let file = CaptureFixtures.path(CaptureFixtures.ksolotiIso)
        let r = CaptureAnalyzer.analyze(path: file)
        let dev = try #require(r.devices.first { $0.address == 27 })
        // tshark tracks which endpoint each DATA packet belongs to (usbll.src / usbll.dst).
        let rows = try CaptureTshark.fields(file, filter: "usbll.pid == 0xc3 || usbll.pid == 0x4b",
                                            ["usbll.src", "usbll.dst", "frame.len"])
        var sizes: [String: [Int: Int]] = [:]
        for row in rows {
            let ep = row[0] == "27.3" ? "0x83" : row[1] == "27.3" ? "0x03" : nil
            guard let ep else { continue }
            sizes[ep, default: [:]][Int(row[2])! - 3, default: 0] += 1   // minus PID and CRC16
        }
        for s in dev.streams {
            let ours = Dictionary(uniqueKeysWithValues: s.sizeHistogram.map { ($0[0], $0[1]) })
            #expect(ours == sizes[s.endpoint], "endpoint \(s.endpoint)")
        }
        #expect(Set(dev.streams.map(\.endpoint)) == Set(sizes.keys))
    }

    @Test(.enabled(if: CaptureTshark.available, "tshark is not installed: the independent decoder is missing"))
    func ksolotiClassRequestsMatchTshark() throws {
        let file = CaptureFixtures.path(CaptureFixtures.ksolotiIso)
        let r = CaptureAnalyzer.analyze(path: file)
        let dev = try #require(r.devices.first { $0.address == 27 })
        let rows = try CaptureTshark.fields(file, filter: "usb.bmRequestType.type == 1",
                                            ["usb.bmRequestType", "usb.setup.bRequest", "usb.setup.wValue", "usb.setup.wIndex", "usb.setup.wLength"])
        let theirs = rows.map { row in row.map { Int($0.hasPrefix("0x") ? String($0.dropFirst(2)) : $0, radix: $0.hasPrefix("0x") ? 16 : 10) ?? -1 } }
        let ours = dev.classRequests.map { q -> [Int] in
            let s = q.rawSetup
            return [Int(s[0]), Int(s[1]), Int(s[2]) | Int(s[3]) << 8, Int(s[4]) | Int(s[5]) << 8, Int(s[6]) | Int(s[7]) << 8]
        }
        #expect(ours == theirs)
        #expect(ours.count == 79)
        // Decoded values.
        let rates = dev.classRequests.filter { $0.control == "SAM_FREQ" && $0.request == "SET CUR" }.compactMap(\.sampleRate)
        #expect(!rates.isEmpty && rates.allSatisfy { $0 == 48000 })
        #expect(dev.classRequests.contains { $0.control == "VOLUME" && $0.request == "GET RANGE" && $0.value == "1 subrange: -50.0 dB..0.0 dB step 1.0 dB" })
        #expect(dev.classRequests.contains { $0.control == "CLOCK_VALID" && $0.value == "valid" })
        // Feature unit 2 (per the recovered descriptors), control selector 1 = MUTE.
        let theirMutes = theirs.filter { $0[2] >> 8 == 1 && $0[3] >> 8 == 2 }.count
        #expect(dev.classRequests.filter { $0.control == "MUTE" }.count == theirMutes)
        #expect(theirMutes == 18)
    }

    @Test func rmeIsoOutPacketSizes() throws {
        let r = CaptureAnalyzer.analyze(path: CaptureFixtures.path(CaptureFixtures.rmeIsoOut))
        #expect(r.error == nil)
        #expect(r.format == .pcapng && r.linkTypes == ["LINKTYPE_USB_LINUX_MMAPPED"])
        let dev = try #require(r.devices.first)
        #expect(dev.device == "1:3")
        let s = try #require(dev.streams.first)
        #expect(s.endpoint == "0x01" && s.direction == "OUT")
        #expect(s.packets == 8 && s.transfers == 1 && s.bytes == 3420)
        #expect(s.sizeHistogram == [[380, 3], [456, 5]])
        #expect(r.notes.contains { $0.message.contains("interface statistics block") })
    }

    @Test(.enabled(if: CaptureTshark.available, "tshark is not installed: the independent decoder is missing"))
    func usbmonIsoDescriptorsMatchTshark() throws {
        for name in [CaptureFixtures.rmeIsoOut, CaptureFixtures.rmePlugInit] {
            let file = CaptureFixtures.path(name)
            let r = CaptureAnalyzer.analyze(path: file)
            let rows = try CaptureTshark.fields(file, filter: "usb.transfer_type == 0",
                                                ["usb.bus_id", "usb.device_address", "usb.endpoint_address", "usb.urb_type", "usb.iso.iso_len"])
            var theirs: [String: [Int: Int]] = [:]
            for row in rows {
                let ep = Int(row[2].dropFirst(2), radix: 16)!
                let isIn = ep & 0x80 != 0
                // Sizes the analyzer counts: OUT from submissions, IN from completions.
                guard (isIn && row[3] == "'C'") || (!isIn && row[3] == "'S'") else { continue }
                let key = "\(row[0]):\(row[1]) 0x" + String(format: "%02x", ep)
                for l in row[4].split(separator: ",") { theirs[key, default: [:]][Int(l)!, default: 0] += 1 }
            }
            var ours: [String: [Int: Int]] = [:]
            for d in r.devices { for s in d.streams {
                for h in s.sizeHistogram { ours["\(d.device) \(s.endpoint)", default: [:]][h[0], default: 0] += h[1] }
            } }
            #expect(ours == theirs, "\(name)")
        }
    }

    @Test(.enabled(if: CaptureTshark.available, "tshark is not installed: the independent decoder is missing"))
    func rmePlugInitDescriptorsMatchTsharkBytes() throws {
        let file = CaptureFixtures.path(CaptureFixtures.rmePlugInit)
        let r = CaptureAnalyzer.analyze(path: file)
        #expect(r.error == nil)
        #expect(r.packets == 3051)
        let dev = try #require(r.devices.first { $0.idVendor == 0x0424 && $0.idProduct == 0x3FC6 })
        #expect(dev.device == "1:8")
        #expect(dev.speed == "high")
        // Descriptors/rme-fireface-uc-0424_3fc6.bin was cut from frames 6 and 10 of this capture.
        #expect(dev.descriptorBytes == CaptureFixtures.bytes("rme-fireface-uc-0424_3fc6.bin"))
        // Every GET_DESCRIPTOR completion for this device, as tshark reads it: data after the 64-byte header.
        let rows = try CaptureTshark.fields(file, filter: "usb.urb_type == 'C' && usb.device_address == 8 && usb.bDescriptorType",
                                            ["frame.number", "usb.bDescriptorType"])
        let frames = rows.map { Int($0[0])! }
        let raw = try CaptureTshark.frameBytes(file, frames: frames)
        var longest: [Int: [UInt8]] = [:]
        for (_, b) in raw where b.count > 64 {
            let data = Array(b[64...])
            let type = Int(data[1])
            if type != 3, data.count > (longest[type]?.count ?? 0) { longest[type] = data }
        }
        let ourDevice = try #require(dev.descriptors.first { $0.kind == "device" })
        let ourConfig = try #require(dev.descriptors.first { $0.kind == "configuration" })
        // This device answers GET_DESCRIPTOR(device, wLength 40) with 40 bytes: its device
        // descriptor followed by other bytes. The device descriptor is the first bLength of them.
        #expect(longest[1]?.count == 40)
        #expect(ourDevice.bytes == Array((longest[1] ?? []).prefix(18)))
        #expect(ourConfig.bytes == longest[2])
        #expect(ourConfig.bytes.count == 262)
        #expect(dev.strings.first { $0.index == 1 }?.text == "RME")
        let strings = Set(try CaptureTshark.fields(file, filter: "usb.bString", ["usb.bString"]).map { $0[0] })
        #expect(Set(dev.strings.map(\.text)) == strings)
        #expect(dev.altChanges.map { [$0.interface, $0.alt] } == [[0, 1]])
    }

    @Test func captureFeedsTheDescriptorModel() throws {
        let bytes = CaptureFixtures.bytes(CaptureFixtures.ksolotiEnum)
        let decoded = DescriptorReader.read(bytes: bytes, name: "ksoloti enum")
        #expect(decoded.format == .pcap)
        #expect(decoded.devices.count == 1)
        let blob = DescriptorReader.read(bytes: CaptureFixtures.bytes("ksoloti-core-16c0_0444.bin"), name: "blob")
        #expect(decoded.devices.first?.configurations.count == blob.devices.first?.configurations.count)
        #expect(!decoded.hasErrors)
        let streamed = CaptureDescriptors.decodedInput(path: CaptureFixtures.path(CaptureFixtures.rmePlugInit), name: "rme")
        #expect(streamed.format == .pcapng && streamed.devices.count == 1 && !streamed.hasErrors)
        let ex = CaptureDescriptors.extract(from: CaptureFixtures.path(CaptureFixtures.rmePlugInit))
        #expect(ex.devices.map(\.key.description) == ["1:8"])
        #expect(ex.devices.first?.bytes == CaptureFixtures.bytes("rme-fireface-uc-0424_3fc6.bin"))
    }
}
