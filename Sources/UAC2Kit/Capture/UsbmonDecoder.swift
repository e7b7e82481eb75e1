/// Decodes Linux usbmon packets (LINKTYPE_USB_LINUX 189 with the 48-byte header,
/// LINKTYPE_USB_LINUX_MMAPPED 220 with the 64-byte header). The header is in the capturing
/// host's byte order; isochronous descriptors (16 bytes each) follow it, then the data.
final class UsbmonDecoder<Sink: CaptureEventSink> {
    private struct PendingControl {
        var setup: CaptureSetup
        var data: [UInt8]
        var timestamp: Int64
        var packetNumber: Int
    }
    /// unowned(unsafe): the analyzer owns this decoder and outlives it; a checked `unowned` cost an
    /// atomic retain and release of the sink on every call, 29% of a capture run's instructions.
    private unowned(unsafe) let sink: Sink
    private var pending: [UInt64: PendingControl] = [:]
    /// Bounded: a capture full of submissions that never complete must not grow without limit.
    private let maximumPending = 1024

    init(sink: Sink) { self.sink = sink }

    func decode(_ rec: CapturePacketRecord) {
        let mmapped = rec.linkType == CaptureLinkType.usbLinuxMmapped
        let headerLength = mmapped ? 64 : 48
        let d = rec.data
        guard d.count >= headerLength, let p = d.baseAddress else {
            sink.note(key: "usbmon-short", "usbmon packet shorter than its \(headerLength)-byte header; skipped",
                      byteOffset: rec.fileOffset, packetNumber: rec.number)
            return
        }
        let be = rec.bigEndian
        let urbID = captureLoad64(p, 0, bigEndian: be)
        let eventType = p.load(fromByteOffset: 8, as: UInt8.self)
        let transferType = p.load(fromByteOffset: 9, as: UInt8.self)
        let endpoint = p.load(fromByteOffset: 10, as: UInt8.self)
        let devnum = Int(p.load(fromByteOffset: 11, as: UInt8.self))
        let busnum = Int(captureLoad16(p, 12, bigEndian: be))
        let setupFlag = p.load(fromByteOffset: 14, as: UInt8.self)
        let status = Int32(bitPattern: captureLoad32(p, 28, bigEndian: be))
        let device = CaptureDeviceKey(bus: busnum, address: devnum)
        let payload = UnsafeRawBufferPointer(start: p + headerLength, count: d.count - headerLength)

        switch transferType {
        case 2:
            control(eventType: eventType, urbID: urbID, device: device, endpoint: endpoint,
                    setupFlag: setupFlag, status: status, p: p, payload: payload, rec: rec)
        case 0:
            let ndesc: Int
            if mmapped { ndesc = Int(captureLoad32(p, 60, bigEndian: be)) }
            else { ndesc = Int(Int32(bitPattern: captureLoad32(p, 44, bigEndian: be))) }
            iso(eventType: eventType, device: device, endpoint: endpoint, ndesc: ndesc,
                payload: payload, be: be, rec: rec)
        default:
            break
        }
    }

    private func control(eventType: UInt8, urbID: UInt64, device: CaptureDeviceKey, endpoint: UInt8,
                         setupFlag: UInt8, status: Int32, p: UnsafeRawPointer,
                         payload: UnsafeRawBufferPointer, rec: CapturePacketRecord) {
        switch eventType {
        case UInt8(ascii: "S"):
            guard setupFlag == 0 else { return }
            let setup = CaptureSetup(p + 40)
            // OUT data is kept for class requests only; 4 KB covers every audio control value.
            let data = setup.isDeviceToHost ? [] : [UInt8](payload.prefix(min(Int(setup.wLength), 4096)))
            if pending.count >= maximumPending {
                sink.note(key: "usbmon-pending", "more than \(maximumPending) control submissions without completion; older ones dropped",
                          byteOffset: rec.fileOffset, packetNumber: rec.number)
                pending.removeAll(keepingCapacity: true)
            }
            pending[urbID] = PendingControl(setup: setup, data: data, timestamp: rec.timestampNanoseconds,
                                            packetNumber: rec.number)
        case UInt8(ascii: "C"), UInt8(ascii: "E"):
            guard let sub = pending.removeValue(forKey: urbID) else { return }
            let st: CaptureTransferStatus
            if eventType == UInt8(ascii: "E") { st = .error(status) }
            else if status == 0 { st = .ok }
            else if status == -32 { st = .stall }
            else { st = .error(status) }
            let data = sub.setup.isDeviceToHost ? [UInt8](payload.prefix(Int(sub.setup.wLength))) : sub.data
            sink.control(CaptureControlTransfer(device: device, setup: sub.setup, data: data, status: st,
                                                timestampNanoseconds: rec.timestampNanoseconds,
                                                packetNumber: sub.packetNumber))
        default:
            break
        }
    }

    private func iso(eventType: UInt8, device: CaptureDeviceKey, endpoint: UInt8, ndesc rawCount: Int,
                     payload: UnsafeRawBufferPointer, be: Bool, rec: CapturePacketRecord) {
        let isIn = endpoint & 0x80 != 0
        let isSubmit = eventType == UInt8(ascii: "S")
        let isComplete = eventType == UInt8(ascii: "C")
        // OUT sizes are the host's, known at submission; IN sizes are the device's, known at completion.
        guard (isSubmit && !isIn) || isComplete else { return }
        var ndesc = max(0, rawCount)
        if ndesc * 16 > payload.count {
            sink.note(key: "usbmon-isodesc", "usbmon isochronous packet claims \(rawCount) descriptors but holds room for \(payload.count / 16); extra ignored",
                      byteOffset: rec.fileOffset, packetNumber: rec.number)
            ndesc = payload.count / 16
        }
        guard ndesc > 0, let base = payload.baseAddress else { return }
        let dataStart = ndesc * 16
        let dataCount = payload.count - dataStart
        if isComplete && !isIn {
            var ok = 0
            for i in 0..<ndesc {
                let st = Int32(bitPattern: captureLoad32(base, i * 16, bigEndian: be))
                if st == 0 { ok += 1 } else { sink.isoCompletionStatus(device: device, endpoint: endpoint, status: st) }
            }
            sink.isoCompletionsOK(device: device, endpoint: endpoint, count: ok)
            return
        }
        for i in 0..<ndesc {
            let o = i * 16
            let st = Int32(bitPattern: captureLoad32(base, o, bigEndian: be))
            let off = Int(captureLoad32(base, o + 4, bigEndian: be))
            let len = Int(captureLoad32(base, o + 8, bigEndian: be))
            var slice = UnsafeRawBufferPointer(start: nil, count: 0)
            if off < dataCount {
                slice = UnsafeRawBufferPointer(start: base + dataStart + off, count: min(len, dataCount - off))
            }
            sink.iso(CaptureIsoPacket(device: device, endpoint: endpoint, timestampNanoseconds: rec.timestampNanoseconds,
                                      packetNumber: rec.number, length: len, status: isComplete ? st : 0,
                                      payload: slice, startsTransfer: i == 0, packetsInTransfer: ndesc,
                                      statusKnown: isComplete))
        }
    }
}
