/// Plain-text form of a capture report for `uac2 capture`.
public enum CaptureTextRenderer {
    public static func render(_ r: CaptureReport) -> String {
        var o = ""
        if r.packets == 0, let e = r.error { return "\(r.file ?? "capture"): error: \(e)\n" }
        o += "\(r.file ?? "capture"): \(r.format.rawValue), \(r.linkTypes.joined(separator: ", ")), \(r.packets) packets, \(f(r.durationSeconds)) s\n"
        for d in r.devices {
            o += "\nDevice \(d.device)"
            if let v = d.idVendor, let p = d.idProduct { o += " (\(hex4(v)):\(hex4(p)))" }
            o += d.speed.map { ", \($0) speed (\(d.speedSource ?? ""))" } ?? ", speed unknown"
            o += d.isAudio ? ", audio" : ""
            o += "\n"
            if !d.descriptors.isEmpty {
                o += "  Descriptors recovered:\n"
                for x in d.descriptors {
                    o += "    \(x.kind) \(x.index)\(x.kind == "string" ? " lang 0x\(hex4(x.langID))" : ""): \(x.bytes.count) bytes\(x.complete ? "" : " (incomplete)")\n"
                }
            }
            for s in d.strings { o += "  String \(s.index): \"\(s.text)\"\n" }
            let interesting = d.standardRequests.filter { $0.request != "GET_DESCRIPTOR" }
            if !interesting.isEmpty {
                o += "  Requests:\n"
                for q in interesting.prefix(200) {
                    o += "    \(f(q.timeSeconds)) s #\(q.packetNumber) \(q.request) \(q.detail) -> \(q.status)\n"
                }
                if interesting.count > 200 { o += "    ... \(interesting.count - 200) more\n" }
            }
            if !d.classRequests.isEmpty {
                o += "  Audio class requests:\n"
                for q in d.classRequests.prefix(200) {
                    o += "    \(f(q.timeSeconds)) s #\(q.packetNumber) \(q.request) \(q.control) \(q.target)"
                    o += q.value.map { " = \($0)" } ?? ""
                    o += " -> \(q.status)\n"
                }
                if d.classRequests.count > 200 { o += "    ... \(d.classRequests.count - 200) more\n" }
            }
            for s in d.streams {
                o += "  Endpoint \(s.endpoint) \(s.direction) \(s.role)"
                if let i = s.interface, let a = s.alt { o += ", interface \(i) alt \(a)" }
                if let n = s.nominalRate { o += ", \(n) Hz" }
                o += ":\n"
                o += "    \(s.packets) packets in \(s.transfers) transfers, \(s.bytes) bytes, \(f(s.startSeconds))..\(f(s.endSeconds)) s\n"
                o += "    sizes min/median/max \(s.sizeMin)/\(s.sizeMedian)/\(s.sizeMax): " +
                    s.sizeHistogram.prefix(12).map { "\($0[0])×\($0[1])" }.joined(separator: " ") +
                    (s.sizeHistogram.count > 12 ? " ..." : "") + "\n"
                if let fb = s.frameBytes, let fh = s.framesPerPacketHistogram {
                    o += "    frames per packet (\(fb) bytes/frame): " + fh.prefix(12).map { "\($0[0])×\($0[1])" }.joined(separator: " ") + "\n"
                }
                if let r = s.measuredRateBusClock { o += "    rate by bus clock: \(f(r)) Hz\n" }
                if let r = s.measuredRateTimestamps { o += "    rate by timestamps: \(f(r)) Hz\n" }
                if let r = s.measuredRateFrameNumbers { o += "    rate by SOF frame numbers: \(f(r)) Hz over \(s.busUnitsSpanned ?? 0) (micro)frames\n" }
                if let mn = s.allowedFramesMin, let mx = s.allowedFramesMax {
                    o += "    ±1 rule: \(mn)...\(mx) frames, \(s.packetsOutsidePlusMinusOne ?? 0) outside\n"
                }
                if let w = s.wMaxPacketSize { o += "    wMaxPacketSize 0x\(hex4(w)) (\(s.maxBytesPerInterval ?? 0) bytes), \(s.packetsOverMaxPacketSize ?? 0) over\n" }
                if !s.statusCounts.isEmpty {
                    o += "    statuses: " + s.statusCounts.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: " ") + "\n"
                }
                if let fbk = s.feedback {
                    o += "    feedback: \(fbk.packets) values of \(fbk.packetSize) bytes, raw 0x\(String(fbk.rawMin, radix: 16))..0x\(String(fbk.rawMax, radix: 16))"
                    if let d = fbk.detectedFormat { o += ", format \(d)" }
                    if let mn = fbk.minHz, let mx = fbk.maxHz { o += ", \(f(mn))..\(f(mx)) Hz" }
                    if let m = fbk.meanHz { o += " (mean \(f(m)))" }
                    o += "\n"
                    for x in fbk.findings { o += "    ! \(x)\n" }
                }
                for x in s.findings { o += "    ! \(x)\n" }
            }
        }
        for n in r.notes { o += "note: \(n)\n" }
        if let e = r.error { o += "error: \(e)\n" }
        return o
    }

    static func f(_ x: Double) -> String {
        let r = (x * 1000).rounded() / 1000
        return "\(r)"
    }

    static func hex4(_ v: Int) -> String {
        let h = String(v, radix: 16)
        return String(repeating: "0", count: max(0, 4 - h.count)) + h
    }
}
