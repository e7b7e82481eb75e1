import UAC2Kit

// The pipeline both `pipeline` (random bytes) and `structured` (generated descriptor chains) drive.

/// The whole path `uac2 decode` and `uac2 check` take after reading: the model, the audio topology, every
/// rule (its bandwidth checks included) rendered as text, JSON and SARIF; then, directly, speed
/// inference, every streaming alt's packet budget and each configuration's bus time; then the decode
/// text and JSON reports. Returns the check result for targets that assert on it.
@discardableResult
func runPipeline(_ r: DecodedInput) -> CheckResult {
    checkErrorsAreLocated(r)
    let checked = RuleEngine.check(r, options: CheckOptions(rates: [44100, 48000, 96000]))
    _ = CheckTextReport.render(checked)
    _ = CheckJSONReport.document([checked], exitStatus: 0).serialized()
    _ = SarifReport.document([checked]).serialized()
    for dev in r.devices { bandwidth(of: dev) }
    _ = TextReport.render(r)
    _ = JSONReport.document([r]).serialized()
    return checked
}

func bandwidth(of dev: USBDevice) {
    // The same speed judgement the product uses (BandwidthDeviceInput reads it from the model).
    for speed in BandwidthDeviceInput(device: dev).speed.speeds where speed != .low {
        for config in dev.configurations {
            var periodic: [BusTimeEndpoint] = []
            for f in config.audioFunctions {
                for s in f.streams {
                    guard let ep = s.dataEndpoint, ep.transferType == .isochronous else { continue }
                    var decl = BandwidthEndpointDeclaration(rawWMaxPacketSize: ep.wMaxPacketSize)
                    if let c = ep.companion {
                        decl.maxBurst = c["bMaxBurst"]
                        decl.bytesPerInterval = c["wBytesPerInterval"]
                        decl.transactionsPerInterval = ((c["bmAttributes"] ?? 0) & 3) + 1
                    }
                    if let c = ep.sspCompanion { decl.bytesPerInterval = c["dwBytesPerInterval"] }
                    var rate = 48000
                    if case .discrete(let rates)? = s.sampleRates, let first = rates.first { rate = first }
                    if case .continuous(_, let high)? = s.sampleRates { rate = high }
                    let request = BandwidthRequest(
                        speed: speed, sampleRate: rate, channels: s.nrChannels ?? 2, subslotBytes: s.subslotSize,
                        bitResolution: s.bitResolution ?? 16, syncType: ep.syncType, bInterval: ep.bInterval,
                        endpoint: decl)
                    if let budget = try? IsoPacketBudget(request) { _ = budget.explanation(label: s.label) }
                    periodic.append(BusTimeEndpoint(
                        label: s.label, direction: ep.isIn ? .in : .out, bytesPerTransaction: ep.maxPacketSize,
                        transactionsPerInterval: ep.additionalTransactions + 1, bInterval: ep.bInterval))
                }
            }
            if speed == .full || speed == .high, !periodic.isEmpty, let bus = try? BusTimeReport(speed: speed, endpoints: periodic) {
                _ = bus.explanation
            }
        }
    }
}
