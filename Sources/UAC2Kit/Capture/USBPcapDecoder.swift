/// Decodes Windows USBPcap packets (LINKTYPE_USBPCAP 249): a little-endian pseudo-header of
/// `headerLen` bytes (27 common + 1 control stage, or + 12 iso and 12 per iso packet), then data.
final class USBPcapDecoder<Sink: CaptureEventSink> {
    private struct Pending { var setup: CaptureSetup; var data: [UInt8]; var time: Int64; var packetNumber: Int }
    /// unowned(unsafe): the analyzer owns this decoder and outlives it; a checked `unowned` cost an
    /// atomic retain and release of the sink on every call, 29% of a capture run's instructions.
    private unowned(unsafe) let sink: Sink
    private var pending: [UInt64: Pending] = [:]

    init(sink: Sink) { self.sink = sink }

    func decode(_ rec: CapturePacketRecord) {
        let d = rec.data
        guard d.count >= 27, let p = d.baseAddress else {
            sink.note(key: "usbpcap-short", "USBPcap packet shorter than its 27-byte header; skipped",
                      byteOffset: rec.fileOffset, packetNumber: rec.number)
            return
        }
        let headerLength = Int(captureLoad16(p, 0, bigEndian: false))
        guard headerLength >= 27, headerLength <= d.count else {
            sink.note(key: "usbpcap-hdr", "USBPcap header length \(headerLength) is impossible; packet skipped",
                      byteOffset: rec.fileOffset, packetNumber: rec.number)
            return
        }
        let irp = captureLoad64(p, 2, bigEndian: false)
        let status = captureLoad32(p, 10, bigEndian: false)
        let fromDevice = p.load(fromByteOffset: 16, as: UInt8.self) & 1 != 0
        let bus = Int(captureLoad16(p, 17, bigEndian: false))
        let address = Int(captureLoad16(p, 19, bigEndian: false))
        let endpoint = p.load(fromByteOffset: 21, as: UInt8.self)
        let transfer = p.load(fromByteOffset: 22, as: UInt8.self)
        let device = CaptureDeviceKey(bus: bus, address: address)
        let payload = UnsafeRawBufferPointer(start: p + headerLength, count: d.count - headerLength)
        switch transfer {
        case 2 where headerLength >= 28:
            let stage = p.load(fromByteOffset: 27, as: UInt8.self)
            if stage == 0 && !fromDevice {
                guard payload.count >= 8, let b = payload.baseAddress else { return }
                let setup = CaptureSetup(b)
                pending[irp] = Pending(setup: setup, data: [UInt8](payload.dropFirst(8).prefix(4096)), time: rec.timestampNanoseconds,
                                       packetNumber: rec.number)
                if pending.count > 1024 { pending.removeAll() }
            } else if stage == 1 && !fromDevice {
                if let n = pending[irp]?.data.count, n < 4096 { pending[irp]?.data.append(contentsOf: payload.prefix(4096 - n)) }
            } else if fromDevice {
                guard let sub = pending.removeValue(forKey: irp) else { return }
                // USBD_STATUS_STALL_PID 0xC0000004; other non-zero USBD statuses are errors.
                let st: CaptureTransferStatus = status == 0 ? .ok : status == 0xC000_0004 ? .stall : .error(Int32(bitPattern: status))
                let data = sub.setup.isDeviceToHost ? [UInt8](payload.prefix(Int(sub.setup.wLength))) : sub.data
                sink.control(CaptureControlTransfer(device: device, setup: sub.setup, data: data, status: st,
                                                    timestampNanoseconds: rec.timestampNanoseconds, packetNumber: sub.packetNumber))
            }
        case 0 where headerLength >= 39:
            let isIn = endpoint & 0x80 != 0
            guard (isIn && fromDevice) || (!isIn && !fromDevice) else {
                if !isIn && fromDevice {
                    let n = min(Int(captureLoad32(p, 31, bigEndian: false)), (headerLength - 39) / 12)
                    for i in 0..<max(0, n) {
                        let st = captureLoad32(p, 39 + 12 * i + 8, bigEndian: false)
                        sink.isoCompletionStatus(device: device, endpoint: endpoint, status: Int32(bitPattern: st))
                    }
                }
                return
            }
            let claimed = Int(captureLoad32(p, 31, bigEndian: false))
            let n = min(claimed, (headerLength - 39) / 12)
            if n < claimed {
                sink.note(key: "usbpcap-iso", "USBPcap isochronous header claims \(claimed) packets but holds \(n)",
                          byteOffset: rec.fileOffset, packetNumber: rec.number)
            }
            guard n > 0 else { return }
            for i in 0..<n {
                let o = 39 + 12 * i
                let off = Int(captureLoad32(p, o, bigEndian: false))
                let len = Int(captureLoad32(p, o + 4, bigEndian: false))
                let st = captureLoad32(p, o + 8, bigEndian: false)
                var slice = UnsafeRawBufferPointer(start: nil, count: 0)
                if off < payload.count, let b = payload.baseAddress {
                    slice = UnsafeRawBufferPointer(start: b + off, count: min(len, payload.count - off))
                }
                sink.iso(CaptureIsoPacket(device: device, endpoint: endpoint, timestampNanoseconds: rec.timestampNanoseconds,
                                          packetNumber: rec.number, length: len, status: fromDevice ? Int32(bitPattern: st) : 0,
                                          payload: slice, startsTransfer: i == 0, packetsInTransfer: n, statusKnown: fromDevice))
            }
        default:
            break
        }
    }
}
