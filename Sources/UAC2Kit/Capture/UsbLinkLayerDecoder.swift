/// USB 2.0 packet CRCs (USB 2.0 §8.3.5), both computed LSB-first as on the wire.
enum UsbPacketCRC {
    /// CRC5 over the 11-bit token/SOF field, as it sits in the packet's bits 0..4 of byte 2 (>> 3).
    static func crc5(_ field11: UInt16) -> UInt8 {
        var crc: UInt8 = 0x1F
        for i in 0..<11 {
            let bit = UInt8((field11 >> UInt16(i)) & 1)
            if (crc ^ bit) & 1 != 0 { crc = (crc >> 1) ^ 0x14 } else { crc >>= 1 }
        }
        return ~crc & 0x1F
    }

    static let crc16Table: [UInt16] = (0..<256).map { i -> UInt16 in
        var c = UInt16(i)
        for _ in 0..<8 { c = (c & 1) != 0 ? (c >> 1) ^ 0xA001 : c >> 1 }
        return c
    }

    static func crc16(_ p: UnsafeRawBufferPointer) -> UInt16 {
        var crc: UInt16 = 0xFFFF
        crc16Table.withUnsafeBufferPointer { t in
            for b in p { crc = (crc >> 8) ^ t[Int((crc ^ UInt16(b)) & 0xFF)] }
        }
        return ~crc
    }
}

/// Decodes LINKTYPE_USB_2_0 (288): one USB packet per record, as a hardware analyzer saw it on
/// the wire. Reassembles transactions (token, data, handshake) and control transfers.
final class UsbLinkLayerDecoder<Sink: CaptureEventSink> {
    /// unowned(unsafe): the analyzer owns this decoder and outlives it; a checked `unowned` cost an
    /// atomic retain and release of the sink on every call, 29% of a capture run's instructions.
    private unowned(unsafe) let sink: Sink

    private struct Token {
        var pid: UInt8
        var address: Int
        var endpoint: Int
        var time: Int64
        var packetNumber: Int
    }
    private struct ControlState {
        var setup: CaptureSetup
        var data: [UInt8] = []
        var expectedToggle: UInt8 = 1
        var time: Int64
        var packetNumber: Int
        var dataStageDone = false
    }

    private var token: Token?
    /// Data packet waiting for its handshake (or, for isochronous endpoints, for the next token).
    private var dataPID: UInt8 = 0
    private var dataBuffer: [UInt8] = []
    private var dataTime: Int64 = 0
    private var dataPacketNumber = 0
    private var haveData = false
    private var controls: [Int: ControlState] = [:]
    private var sofFrame = -1
    private var sofRepeat = 0
    private var frameEpoch = 0
    private var highSpeedSOFs = false
    private var tokenBusUnit: Int64?

    /// The (micro)frame the bus is in, from the last SOF; nil when the capture has no SOFs.
    private var busUnit: Int64? {
        guard sofFrame >= 0 else { return nil }
        let frame = Int64(frameEpoch + sofFrame)
        return highSpeedSOFs ? frame * 8 + Int64(min(sofRepeat, 7)) : frame
    }
    private(set) var crcErrors = 0

    init(sink: Sink) {
        self.sink = sink
        dataBuffer.reserveCapacity(3072)
    }

    private static func pidName(_ pid: UInt8) -> String {
        switch pid & 0x0F {
        case 0x1: return "OUT"; case 0x9: return "IN"; case 0x5: return "SOF"; case 0xD: return "SETUP"
        case 0x3: return "DATA0"; case 0xB: return "DATA1"; case 0x7: return "DATA2"; case 0xF: return "MDATA"
        case 0x2: return "ACK"; case 0xA: return "NAK"; case 0xE: return "STALL"; case 0x6: return "NYET"
        case 0xC: return "PRE/ERR"; case 0x8: return "SPLIT"; case 0x4: return "PING"
        default: return "reserved"
        }
    }

    func decode(_ rec: CapturePacketRecord) {
        let d = rec.data
        guard d.count >= 1, let p = d.baseAddress else {
            sink.note(key: "ll-empty", "empty USB 2.0 packet record; skipped", byteOffset: rec.fileOffset, packetNumber: rec.number)
            return
        }
        let pid = p.load(as: UInt8.self)
        if (pid >> 4) != (~pid & 0x0F) {
            sink.note(key: "ll-pid", "invalid PID byte 0x\(String(pid, radix: 16)) (check bits do not match); packet skipped",
                      byteOffset: rec.fileOffset, packetNumber: rec.number)
            return
        }
        switch pid & 0x0F {
        case 0x1, 0x9, 0xD, 0x4, 0x5:   // OUT, IN, SETUP, PING, SOF
            guard d.count == 3 else {
                sink.note(key: "ll-toklen", "\(Self.pidName(pid)) packet of \(d.count) bytes (expected 3); skipped",
                          byteOffset: rec.fileOffset, packetNumber: rec.number)
                return
            }
            let field = UInt16(p.load(fromByteOffset: 1, as: UInt8.self)) | UInt16(p.load(fromByteOffset: 2, as: UInt8.self)) << 8
            let value = field & 0x7FF
            if UsbPacketCRC.crc5(value) != UInt8(field >> 11) {
                crcErrors += 1
                sink.note(key: "ll-crc5", "CRC5 error in \(Self.pidName(pid)) token; packet skipped",
                          byteOffset: rec.fileOffset, packetNumber: rec.number)
                return
            }
            flushIsochronous()
            if pid & 0x0F == 0x5 {
                token = nil
                let frame = Int(value)
                if frame == sofFrame {
                    sofRepeat += 1          // high speed: eight SOFs (microframes) per frame number
                    highSpeedSOFs = true
                } else {
                    if sofFrame >= 0 && frame < sofFrame { frameEpoch += 2048 }
                    sofFrame = frame
                    sofRepeat = 0
                }
                sink.startOfFrame(frameNumber: frame, timestampNanoseconds: rec.timestampNanoseconds)
                return
            }
            token = Token(pid: pid & 0x0F, address: Int(value & 0x7F), endpoint: Int(value >> 7),
                          time: rec.timestampNanoseconds, packetNumber: rec.number)
            tokenBusUnit = busUnit
        case 0x3, 0xB, 0x7, 0xF:        // DATA0, DATA1, DATA2, MDATA
            guard d.count >= 3 else {
                sink.note(key: "ll-datalen", "data packet of \(d.count) bytes (shorter than PID + CRC16); skipped",
                          byteOffset: rec.fileOffset, packetNumber: rec.number)
                return
            }
            let body = UnsafeRawBufferPointer(start: p + 1, count: d.count - 3)
            let crc = UInt16(p.load(fromByteOffset: d.count - 2, as: UInt8.self)) | UInt16(p.load(fromByteOffset: d.count - 1, as: UInt8.self)) << 8
            if UsbPacketCRC.crc16(body) != crc {
                crcErrors += 1
                sink.note(key: "ll-crc16", "CRC16 error in data packet; packet skipped",
                          byteOffset: rec.fileOffset, packetNumber: rec.number)
                haveData = false
                return
            }
            guard token != nil else { return }
            dataPID = pid & 0x0F
            dataBuffer.removeAll(keepingCapacity: true)
            dataBuffer.append(contentsOf: body)
            dataTime = rec.timestampNanoseconds
            dataPacketNumber = rec.number
            haveData = true
        case 0x2, 0xA, 0xE, 0x6:        // ACK, NAK, STALL, NYET
            handshake(pid & 0x0F, rec)
        case 0xC, 0x8:
            sink.note(key: "ll-split", "\(Self.pidName(pid)) packets (split transactions through a hub) are not decoded",
                      byteOffset: rec.fileOffset, packetNumber: rec.number)
        default:
            break
        }
    }

    /// Called at the end of the capture so a last isochronous packet is not lost.
    func finish() {
        flushIsochronous()
        emitHighBandwidth()
        for (addr, st) in controls.sorted(by: { $0.key < $1.key }) {
            emitControl(address: addr, st, status: .noCompletion)
        }
        controls.removeAll()
    }

    /// A data packet after a token with no handshake is isochronous: emit it. High-bandwidth
    /// endpoints move up to three transactions per microframe (USB 2.0 §5.9.2): IN as DATA2/DATA1
    /// then a final DATA0, OUT as MDATA then a final DATA0/1/2; those are joined into one packet.
    private func flushIsochronous() {
        defer { haveData = false; token = nil }
        guard haveData, let t = token, t.endpoint != 0, t.pid == 0x1 || t.pid == 0x9 else { return }
        let isIn = t.pid == 0x9
        let ep = UInt8(t.endpoint) | (isIn ? 0x80 : 0)
        let more = isIn ? (dataPID == 0xB || dataPID == 0x7) : dataPID == 0xF
        if highBandwidth.active
            && (highBandwidth.address != t.address || highBandwidth.endpoint != ep || t.time &- highBandwidth.time > 125_000) {
            emitHighBandwidth()   // a sequence that never got its final packet
        }
        if more || highBandwidth.active {
            if !highBandwidth.active {
                highBandwidth = HighBandwidth(active: true, address: t.address, endpoint: ep, time: t.time,
                                              packetNumber: dataPacketNumber, busUnit: tokenBusUnit, bytes: highBandwidth.bytes)
                highBandwidth.bytes.removeAll(keepingCapacity: true)
            }
            highBandwidth.bytes.append(contentsOf: dataBuffer)
            // Three transactions of at most 1024 bytes: anything longer is not one microframe.
            if !more || highBandwidth.bytes.count > 3 * 1024 { emitHighBandwidth() }
            return
        }
        let dev = CaptureDeviceKey(bus: 0, address: t.address)
        dataBuffer.withUnsafeBytes { b in
            sink.iso(CaptureIsoPacket(device: dev, endpoint: ep, timestampNanoseconds: t.time,
                                      packetNumber: dataPacketNumber, length: b.count, status: 0, payload: b,
                                      startsTransfer: true, packetsInTransfer: 1, statusKnown: true,
                                      busUnit: tokenBusUnit))
        }
    }

    private struct HighBandwidth {
        var active = false
        var address = 0
        var endpoint: UInt8 = 0
        var time: Int64 = 0
        var packetNumber = 0
        var busUnit: Int64?
        var bytes: [UInt8] = []
    }
    private var highBandwidth = HighBandwidth()

    private func emitHighBandwidth() {
        guard highBandwidth.active else { return }
        let hb = highBandwidth
        highBandwidth.active = false
        hb.bytes.withUnsafeBytes { b in
            sink.iso(CaptureIsoPacket(device: CaptureDeviceKey(bus: 0, address: hb.address), endpoint: hb.endpoint,
                                      timestampNanoseconds: hb.time, packetNumber: hb.packetNumber, length: b.count,
                                      status: 0, payload: b, startsTransfer: true, packetsInTransfer: 1,
                                      statusKnown: true, busUnit: hb.busUnit))
        }
    }

    private func handshake(_ hs: UInt8, _ rec: CapturePacketRecord) {
        defer { haveData = false; token = nil }
        guard let t = token, t.endpoint == 0 else { return }
        let addr = t.address
        switch t.pid {
        case 0xD:   // SETUP
            guard hs == 0x2, haveData, dataBuffer.count == 8 else { return }
            if let old = controls[addr] { emitControl(address: addr, old, status: .noCompletion) }
            let setup = dataBuffer.withUnsafeBytes { CaptureSetup($0.baseAddress!) }
            var st = ControlState(setup: setup, time: t.time, packetNumber: t.packetNumber)
            st.dataStageDone = setup.wLength == 0
            controls[addr] = st
        case 0x9, 0x1:  // IN, OUT
            guard var st = controls[addr] else { return }
            let isIn = t.pid == 0x9
            if hs == 0xE {
                controls[addr] = nil
                emitControl(address: addr, st, status: .stall)
                return
            }
            guard hs == 0x2, haveData else { return }   // NAK/NYET: retried later
            let toggle: UInt8 = dataPID == 0xB ? 1 : 0
            let dataDirectionIsIn = st.setup.isDeviceToHost
            if !st.dataStageDone && isIn == dataDirectionIsIn {
                if toggle != st.expectedToggle { return }   // retransmission after a lost ACK
                st.expectedToggle ^= 1
                let room = Int(st.setup.wLength) - st.data.count
                st.data.append(contentsOf: dataBuffer.prefix(max(0, room)))
                // A short packet also ends the data stage, but that needs bMaxPacketSize0; the
                // status stage (the other direction) ends it anyway.
                if st.data.count >= Int(st.setup.wLength) { st.dataStageDone = true }
                controls[addr] = st
            } else if isIn != dataDirectionIsIn || st.setup.wLength == 0 {
                // Status stage: a zero-length packet in the other direction (IN for no-data transfers).
                controls[addr] = nil
                emitControl(address: addr, st, status: .ok)
            }
        default:
            break
        }
    }

    private func emitControl(address: Int, _ st: ControlState, status: CaptureTransferStatus) {
        sink.control(CaptureControlTransfer(device: CaptureDeviceKey(bus: 0, address: address), setup: st.setup,
                                            data: st.data, status: status, timestampNanoseconds: st.time,
                                            packetNumber: st.packetNumber))
    }
}
