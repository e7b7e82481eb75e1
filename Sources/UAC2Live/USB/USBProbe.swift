#if Live
import UAC2Kit

/// `uac2 probe --usb`: live descriptors, clock queries, offered rates, optional streaming.
public enum USBProbe {
    public struct Options: Sendable {
        public var selector: USBSession.Selector
        public var detachKernelDriver: Bool
        public var stream: StreamOptions?
        public init(selector: USBSession.Selector, detachKernelDriver: Bool, stream: StreamOptions?) {
            self.selector = selector; self.detachKernelDriver = detachKernelDriver; self.stream = stream
        }
    }

    /// Returns the result, the decoded input (for the decode report at the real speed) and the
    /// rule check of those descriptors at the real speed with the rates the clocks offer.
    public static func run(_ opt: Options) throws -> (USBProbeResult, DecodedInput, CheckResult) {
        let s = try USBSession.open(opt.selector)
        defer { s.close() }
        let blob = try readDescriptors(s)
        var decoded = DescriptorReader.read(bytes: blob, name: "usb \(opt.selector) (GET_DESCRIPTOR)", format: .raw)
        // The speed the device is connected at is evidence about these descriptors like an lsusb
        // "Negotiated speed" line: it is recorded on the device, not passed as if it were --speed, so
        // every report says where it came from.
        let speedEvidence = s.linkSpeed.map { SpeedEvidence.libusb($0, bus: s.bus, address: s.address) }
        if let e = speedEvidence { for i in decoded.devices.indices { decoded.devices[i].speedEvidence.insert(e, at: 0) } }
        let config = decoded.devices.first?.configurations.first
        let functions = config?.audioFunctions ?? []

        var clocks: [ClockReport] = []
        var skipped: String?
        var findings: [ProbeFinding] = []
        for f in functions {
            guard let ac = f.controlInterface else { continue }
            do {
                try s.claim(ac.interfaceNumber, detachKernelDriver: opt.detachKernelDriver, function: f.interfaceNumbers)
            } catch let e as ProbeError {
                if case .busy(let m) = e {
                    skipped = "clock queries skipped: " + m
                    findings.append(ProbeFinding(id: "probe.clock.busy", severity: .note, entity: "interface \(ac.interfaceNumber)",
                                                 message: "usbfs only sends class requests to a claimed interface; " + m,
                                                 measuredBy: "libusb_kernel_driver_active / libusb_claim_interface"))
                    continue
                }
                throw e
            }
            clocks += ClockQuery.run(s, function: f)
        }
        // From here on a failure ends the probe but not the report: what was measured is printed.
        var failure: ProbeError?
        if clocks.contains(where: { [$0.cur, $0.range, $0.valid].contains { $0?.status == "no device" } }) {
            failure = ProbeError.io("device disappeared during the clock queries")
        }
        findings += ClockFindings.evaluate(clocks)
        let alts = functions.flatMap { altRates($0, clocks, s.linkSpeed) }
        for a in alts {
            let bad = a.rates.filter { $0.verdict != "fits" }
            if !bad.isEmpty {
                findings.append(ProbeFinding(id: "probe.alt.rate-does-not-fit", severity: .warning,
                                             entity: "interface \(a.interface) alt \(a.alt)",
                                             message: "offered rate(s) \(bad.map { String($0.rate) }.joined(separator: ", ")) Hz do not fit the endpoint at \(s.speed.rawValue) speed (\(bad[0].verdict))",
                                             measuredBy: "\(a.ratesFrom) + uac2 bandwidth engine"))
            }
        }

        var stream: StreamResult?
        if let so = opt.stream, !Interrupt.requested, failure == nil {
            do {
                stream = try IsoStream.run(s, functions: functions, clocks: clocks, options: so,
                                           detachKernelDriver: opt.detachKernelDriver)
                findings += stream?.findings ?? []
            } catch let e as ProbeError {
                failure = e
            }
        }
        s.restore()
        // The same rules as `uac2 check`, judged at the speed the device is connected at and
        // for the rates its clocks offer (descriptor captures cannot know either).
        let offered = Set(clocks.flatMap { c -> [UInt32] in
            c.frequencyControl == "read/write" ? RangeParser.rates(c.subranges ?? []) : (c.cur?.uint.map { [$0] } ?? [])
        }).filter { $0 > 0 }.map(Int.init).sorted()
        let check = RuleEngine.check(decoded, options: CheckOptions(rates: offered.isEmpty ? [48000] : offered))
        // The IDs as the model decoded the device descriptor (readDescriptors made sure it is 18 bytes).
        let model = decoded.devices.first
        let result = USBProbeResult(
            device: .init(bus: s.bus, address: s.address, idVendor: hex4(model?.idVendor ?? 0), idProduct: hex4(model?.idProduct ?? 0),
                          speed: s.linkSpeed, speedEvidence: speedEvidence),
            descriptors: .init(bytes: blob.count, readBy: "GET_DESCRIPTOR (device, configuration 0) control transfers",
                               decodeProblems: decoded.diagnostics.map(\.description)),
            clocks: clocks, clockQueriesSkipped: skipped, alts: alts, findings: findings, stream: stream,
            cleanup: s.cleanupLog, interruptedBySignal: Interrupt.requested ? Interrupt.signal : nil,
            checkRates: offered.isEmpty ? [48000] : offered,
            failure: failure.map { .init(message: $0.description, exitStatus: $0.exitCode) })
        return (result, decoded, check)
    }

    static func readDescriptors(_ s: USBSession) throws -> [UInt8] {
        func get(_ type: UInt8, _ len: Int, _ what: String) throws -> [UInt8] {
            switch s.getDescriptor(type: type, index: 0, length: len) {
            case .data(let b): return b
            case .noDevice: throw ProbeError.io("device disappeared while reading its \(what) descriptor")
            case let o: throw ProbeError.io("GET_DESCRIPTOR(\(what)) failed: \(o.label)")
            }
        }
        let dev = try get(1, 18, "device")
        guard dev.count == 18 else { throw ProbeError.io("device descriptor is \(dev.count) bytes, not 18") }
        let head = try get(2, 9, "configuration")
        guard head.count >= 4 else { throw ProbeError.io("configuration descriptor reply is \(head.count) bytes") }
        let total = Int(head[2]) | Int(head[3]) << 8
        let cfg = try get(2, max(total, 9), "configuration")
        return dev + cfg
    }

    /// For each streaming alt with a data endpoint: the rates its clock offers and whether each
    /// fits the endpoint (uac2's bandwidth engine at the speed the device really runs at).
    static func altRates(_ f: AudioFunction, _ clocks: [ClockReport], _ speed: USBSpeed?) -> [USBProbeResult.AltRates] {
        var out: [USBProbeResult.AltRates] = []
        for a in f.streams {
            guard let ep = a.dataEndpoint, let link = a.terminalLink, let term = f.entity(link) else { continue }
            let source = selectedSource(f, from: term.clockSourceIDs.first, clocks)
            guard let src = source, let c = clocks.first(where: { $0.id == src }) else { continue }
            var rates: [UInt32] = []
            var from = ""
            if c.frequencyControl == "read/write", let subs = c.subranges, !subs.isEmpty {
                rates = RangeParser.rates(subs)
                from = "GET RANGE of clock source \(src)"
            } else if let cur = c.cur?.uint {
                rates = [cur]
                from = "GET CUR of clock source \(src) (frequency control \(c.frequencyControl ?? "?"))"
            }
            let bw = speed == .low ? nil : speed
            let sync = ep.syncType
            let list = rates.map { r -> USBProbeResult.AltRates.Rate in
                guard let bw, let ch = a.nrChannels, let sub = a.subslotSize else { return .init(rate: r, verdict: "unknown") }
                let req = BandwidthRequest(speed: bw, sampleRate: Int(r), channels: ch, subslotBytes: sub,
                                           bitResolution: a.bitResolution ?? sub * 8, syncType: sync,
                                           bInterval: max(1, min(16, ep.bInterval)),
                                           endpoint: BandwidthEndpointDeclaration(rawWMaxPacketSize: ep.wMaxPacketSize))
                let v = (try? IsoPacketBudget(req))?.verdict.rawValue ?? "unknown"
                return .init(rate: r, verdict: v)
            }
            out.append(.init(interface: a.interfaceNumber, alt: a.alternateSetting,
                             direction: a.direction?.rawValue ?? "?", clockSource: src, ratesFrom: from, rates: list))
        }
        return out
    }

    /// Follows selectors by their GET CUR to one clock source (first pin when unknown).
    static func selectedSource(_ f: AudioFunction, from id: Int?, _ clocks: [ClockReport]) -> Int? {
        var cur = id
        for _ in 0..<8 {
            guard let c = cur, let e = f.entity(c) else { return nil }
            if e.kind == .clockSource { return c }
            let pins = e.clockSourceIDs
            guard !pins.isEmpty else { return nil }
            let sel = clocks.first { $0.id == c }?.cur?.uint.map(Int.init) ?? 1
            cur = (1...pins.count).contains(sel) ? pins[sel - 1] : pins[0]
        }
        return nil
    }
}
#endif
