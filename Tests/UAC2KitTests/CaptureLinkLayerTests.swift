import Foundation
import Testing
@testable import UAC2Kit

/// LINKTYPE_USB_2_0 built packet by packet (high speed: SOF every 125 µs), so the transaction
/// and control-transfer reassembly, the CRCs and the speed detection are checked against tshark.
@Suite struct CaptureLinkLayerTests {
    static func token(_ pid: UInt8, address: Int, endpoint: Int) -> [UInt8] {
        let field = UInt16(address & 0x7F) | UInt16(endpoint & 0xF) << 7
        let crc = UInt16(UsbPacketCRC.crc5(field))
        let v = field | crc << 11
        return [pid, UInt8(v & 0xFF), UInt8(v >> 8)]
    }
    static func sof(_ frame: Int) -> [UInt8] {
        let field = UInt16(frame & 0x7FF)
        let v = field | UInt16(UsbPacketCRC.crc5(field)) << 11
        return [0xA5, UInt8(v & 0xFF), UInt8(v >> 8)]
    }
    static func data(_ pid: UInt8, _ payload: [UInt8]) -> [UInt8] {
        let crc = payload.withUnsafeBytes { UsbPacketCRC.crc16($0) }
        return [pid] + payload + [UInt8(crc & 0xFF), UInt8(crc >> 8)]
    }
    static let OUT: UInt8 = 0xE1, IN: UInt8 = 0x69, SETUP: UInt8 = 0x2D
    static let DATA0: UInt8 = 0xC3, DATA1: UInt8 = 0x4B, ACK: UInt8 = 0xD2, NAK: UInt8 = 0x5A, STALL: UInt8 = 0x1E

    /// A HS capture: enumeration of address 5 (with a NAK, a lost ACK and a STALLed request), then
    /// isochronous OUT on EP 1 every microframe.
    static func capture(_ s: CaptureSynth, microframes: Int, sizes: (Int) -> Int) -> [UInt8] {
        var packets: [(Int64, [UInt8])] = []
        var t: Int64 = 5_000_000_000
        func add(_ p: [UInt8]) { packets.append((t, p)); t += 200 }
        func controlIn(_ setup: [UInt8], _ response: [UInt8], loseAckOnSecond: Bool = false) {
            add(token(SETUP, address: 5, endpoint: 0)); add(data(DATA0, setup)); add([ACK])
            add(token(IN, address: 5, endpoint: 0)); add([NAK])
            var toggle = true
            var chunks = stride(from: 0, to: response.count, by: 64).map { Array(response[$0..<min(response.count, $0 + 64)]) }
            if response.count % 64 == 0 { chunks.append([]) }
            for (i, c) in chunks.enumerated() {
                add(token(IN, address: 5, endpoint: 0)); add(data(toggle ? DATA1 : DATA0, c))
                if loseAckOnSecond && i == 1 {
                    // No handshake: the device sends the same packet (same toggle) again.
                    add(token(IN, address: 5, endpoint: 0)); add(data(toggle ? DATA1 : DATA0, c))
                }
                add([ACK])
                toggle.toggle()
            }
            add(token(OUT, address: 5, endpoint: 0)); add(data(DATA1, [])); add([ACK])
        }
        func controlOut(_ setup: [UInt8], _ payload: [UInt8], stall: Bool = false) {
            add(token(SETUP, address: 5, endpoint: 0)); add(data(DATA0, setup)); add([ACK])
            if !payload.isEmpty { add(token(OUT, address: 5, endpoint: 0)); add(data(DATA1, payload)); add([ACK]) }
            add(token(IN, address: 5, endpoint: 0)); add(stall ? [STALL] : data(DATA1, []))
            if !stall { add([ACK]) }
        }
        let cfg = s.configurationDescriptor
        var mf = 0
        func nextMicroframe() { t = 5_000_000_000 + Int64(mf) * 125_000; add(sof(mf / 8)); mf += 1 }
        nextMicroframe()
        controlIn([0x80, 6, 0, 1, 0, 0, 18, 0], s.deviceDescriptor)
        nextMicroframe()
        controlIn([0x80, 6, 0, 2, 0, 0, UInt8(cfg.count & 0xFF), UInt8(cfg.count >> 8)], cfg, loseAckOnSecond: true)
        nextMicroframe()
        controlOut([0x00, 9, 1, 0, 0, 0, 0, 0], [])
        nextMicroframe()
        controlOut([0x21, 1, 0, 1, 0, 1, 4, 0], [0x80, 0xBB, 0, 0])               // SET CUR SAM_FREQ 48000
        nextMicroframe()
        controlOut([0x21, 1, 0, 2, 0, 1, 1, 0], [1], stall: true)                 // CLOCK_VALID is read-only: STALL
        nextMicroframe()
        controlOut([0x01, 11, 1, 0, 1, 0, 0, 0], [])                              // SET_INTERFACE 1 alt 1
        for i in 0..<microframes {
            nextMicroframe()
            add(token(OUT, address: 5, endpoint: 1))
            add(data(DATA0, [UInt8](repeating: UInt8(i & 0xFF), count: sizes(i))))
        }
        var b: [UInt8] = [0x4D, 0x3C, 0xB2, 0xA1, 2, 0, 4, 0] + [UInt8](repeating: 0, count: 8) + [0xFF, 0xFF, 0, 0] + [0x20, 0x01, 0, 0]
        for (ts, p) in packets {
            let sec = UInt32(ts / 1_000_000_000), ns = UInt32(ts % 1_000_000_000)
            for v in [sec, ns, UInt32(p.count), UInt32(p.count)] { b += (0..<4).map { UInt8((v >> (8 * UInt32($0))) & 0xFF) } }
            b += p
        }
        return b
    }

    /// 48 kHz at high speed is 6 frames per microframe; one in 100 carries 7 (a slightly fast host).
    static func size(_ i: Int) -> Int { (i % 100 == 99 ? 7 : 6) * 6 }

    @Test func highSpeedSnifferCapture() throws {
        var s = CaptureSynth()
        s.rate = 48000; s.channels = 2; s.subslotSize = 3; s.speed = .high
        let r = CaptureAnalyzer.analyze(bytes: Self.capture(s, microframes: 8000, sizes: Self.size))
        #expect(r.error == nil)
        #expect(!r.notes.contains { $0.message.contains("CRC") })
        let dev = try #require(r.devices.first)
        #expect(dev.device == "0:5" && dev.speed == "high")
        #expect(dev.speedSource?.contains("start-of-frame") == true)
        #expect(dev.descriptorBytes == s.deviceDescriptor + s.configurationDescriptor)
        #expect(dev.classRequests.map(\.control) == ["SAM_FREQ", "CLOCK_VALID"])
        #expect(dev.classRequests.map(\.status) == ["ok", "STALL"])
        #expect(dev.classRequests.first?.sampleRate == 48000)
        let st = try #require(dev.streams.first)
        #expect(st.endpoint == "0x01" && st.interface == 1 && st.alt == 1 && st.packets == 8000)
        #expect(st.sizeHistogram == [[36, 7920], [42, 80]])
        #expect(st.packetIntervalMicroseconds == 125)
        // 48080 frames in one second of microframes.
        #expect(st.measuredRateBusClock == 48080)
        #expect(st.packetsOutsidePlusMinusOne == 0)
        // From the SOF numbers: packets in microframes [0, 7999) carry 48080 - 7 frames.
        #expect(st.busUnitsSpanned == 7999 && st.missedServiceIntervals == 0)
        #expect(abs(st.measuredRateFrameNumbers! - 48073 / (7999 * 125e-6)) < 1e-6)
    }

    @Test func missingPacketsShowInTheFrameNumbers() throws {
        var s = CaptureSynth()
        s.speed = .high
        var b = Self.capture(s, microframes: 800, sizes: Self.size)
        #expect(CaptureAnalyzer.analyze(bytes: b).devices.first?.streams.first?.missedServiceIntervals == 0)
        // Drop 40 isochronous packets (OUT token + DATA0 of microframes 300..339) by making their PIDs invalid.
        var offsets: [Int] = []
        var o = 24
        while o + 16 <= b.count {
            let len = Int(b[o + 8]) | Int(b[o + 9]) << 8
            offsets.append(o)
            o += 16 + len
        }
        // The last 800 * 3 records are SOF, OUT, DATA0 per microframe.
        let firstIso = offsets.count - 800 * 3
        for mf in 300..<340 {
            for k in 1...2 { b[offsets[firstIso + mf * 3 + k] + 16] = 0x00 }
        }
        let r = CaptureAnalyzer.analyze(bytes: b)
        let st = try #require(r.devices.first?.streams.first)
        #expect(st.packets == 760)
        #expect(st.missedServiceIntervals == 40)
        #expect(st.findings.contains { $0.hasPrefix("40 service intervals without a packet") })
        #expect(r.notes.contains { $0.message.contains("invalid PID") && $0.count == 80 })
    }

    @Test func highBandwidthTransactionsJoinPerMicroframe() throws {
        var packets: [(Int64, [UInt8])] = []
        for mf in 0..<64 {
            var t = Int64(mf) * 125_000
            func add(_ p: [UInt8]) { packets.append((t, p)); t += 2_000 }
            add(Self.sof(mf / 8))
            // IN, two transactions: DATA1 then DATA0.
            add(Self.token(Self.IN, address: 9, endpoint: 2)); add(Self.data(0x4B, [UInt8](repeating: 1, count: 1024)))
            add(Self.token(Self.IN, address: 9, endpoint: 2)); add(Self.data(0xC3, [UInt8](repeating: 2, count: mf % 2 == 0 ? 200 : 176)))
            // OUT, three transactions: MDATA, MDATA, DATA2.
            add(Self.token(Self.OUT, address: 9, endpoint: 1)); add(Self.data(0x0F, [UInt8](repeating: 3, count: 1024)))
            add(Self.token(Self.OUT, address: 9, endpoint: 1)); add(Self.data(0x0F, [UInt8](repeating: 3, count: 1024)))
            add(Self.token(Self.OUT, address: 9, endpoint: 1)); add(Self.data(0x87, [UInt8](repeating: 3, count: 512)))
        }
        var b: [UInt8] = [0x4D, 0x3C, 0xB2, 0xA1, 2, 0, 4, 0] + [UInt8](repeating: 0, count: 8) + [0xFF, 0xFF, 0, 0] + [0x20, 0x01, 0, 0]
        for (ts, p) in packets {
            for v in [UInt32(ts / 1_000_000_000), UInt32(ts % 1_000_000_000), UInt32(p.count), UInt32(p.count)] {
                b += (0..<4).map { UInt8((v >> (8 * UInt32($0))) & 0xFF) }
            }
            b += p
        }
        let r = CaptureAnalyzer.analyze(bytes: b)
        #expect(r.error == nil)
        let dev = try #require(r.devices.first)
        #expect(dev.speed == "high")
        let inStream = try #require(dev.streams.first { $0.endpoint == "0x82" })
        let outStream = try #require(dev.streams.first { $0.endpoint == "0x01" })
        #expect(inStream.sizeHistogram == [[1200, 32], [1224, 32]])
        #expect(outStream.sizeHistogram == [[2560, 64]])
        #expect(inStream.busUnitsSpanned == 63 && inStream.missedServiceIntervals == 0)
    }

    @Test func crcErrorsAreNotedAndThePacketDropped() throws {
        var s = CaptureSynth()
        s.speed = .high
        var b = Self.capture(s, microframes: 16, sizes: Self.size)
        // Corrupt a payload byte of the last isochronous DATA0 packet (36 bytes + PID + CRC).
        b[b.count - 10] ^= 0xFF
        let r = CaptureAnalyzer.analyze(bytes: b)
        let n = try #require(r.notes.first { $0.message.contains("CRC16") })
        #expect(n.count == 1 && n.packetNumber == r.packets)
        #expect(r.devices.first?.streams.first?.packets == 15)
    }

    @Test(.enabled(if: CaptureTshark.available, "tshark is not installed: the independent decoder is missing"))
    func tsharkAgreesOnCRCsAndTransfers() throws {
        var s = CaptureSynth()
        s.speed = .high
        let path = NSTemporaryDirectory() + "uac2-ll-\(getpid()).pcap"
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = FileManager.default.createFile(atPath: path, contents: Data(Self.capture(s, microframes: 200, sizes: Self.size)))
        let crc5 = try CaptureTshark.fields(path, filter: "usbll.crc5.status", ["usbll.crc5.status"]).map { $0[0] }
        let crc16 = try CaptureTshark.fields(path, filter: "usbll.crc16.status", ["usbll.crc16.status"]).map { $0[0] }
        #expect(!crc5.isEmpty && !crc16.isEmpty)
        #expect(crc5.allSatisfy { $0 == "1" } && crc16.allSatisfy { $0 == "1" })   // 1 = Good
        let total = try CaptureTshark.fields(path, filter: "usb.wTotalLength", ["usb.wTotalLength"])
        #expect(total.compactMap { Int($0[0]) }.contains(s.configurationDescriptor.count))
        let r = CaptureAnalyzer.analyze(path: path)
        let setups = try CaptureTshark.fields(path, filter: "usb.bmRequestType", ["usb.bmRequestType", "usb.setup.bRequest"])
        #expect(setups.count == 6)
        #expect(r.devices.first.map { $0.standardRequests.count + $0.classRequests.count } == 6)
    }
}
