import Testing
@testable import UAC2Kit

/// Bus time per (micro)frame with Linux's usb_calc_bus_time / HS_NSECS_ISO arithmetic, worked by
/// hand: BitTime(588) = 7·8·588/6 = 5488; 8354·(31 + 54880)/1000 = 458726 ns of data.
@Suite struct BandwidthBusTimeTests {
    @Test func transactionTimes() {
        #expect(BusTimeReport.bitTime(588) == 5488)
        #expect(BusTimeReport.transactionNanoseconds(speed: .full, direction: .in, type: .isochronous, bytes: 588) == 466_994)
        #expect(BusTimeReport.transactionNanoseconds(speed: .full, direction: .out, type: .isochronous, bytes: 588) == 465_991)
        #expect(BusTimeReport.transactionNanoseconds(speed: .full, direction: .in, type: .isochronous, bytes: 3) == 10_866)
        // Facts §3.4: FS 1023-byte IN = 806 µs, 980-byte = 773 µs.
        #expect(BusTimeReport.transactionNanoseconds(speed: .full, direction: .in, type: .isochronous, bytes: 1023) == 806_166)
        #expect(BusTimeReport.transactionNanoseconds(speed: .full, direction: .in, type: .isochronous, bytes: 980) == 772_583)
        // HS 1024 B: (38·8·2083 + 2083·(3 + 9557))/1000 + 5 = 20551 ns.
        #expect(BusTimeReport.transactionNanoseconds(speed: .high, direction: .in, type: .isochronous, bytes: 1024) == 20_551)
    }

    @Test func fullSpeedDuplex4ch24bitWithFeedbackDoesNotFit() throws {
        let r = try BusTimeReport(speed: .full, endpoints: [
            BusTimeEndpoint(label: "EP 0x81 in", direction: .in, bytesPerTransaction: 588),
            BusTimeEndpoint(label: "EP 0x01 out", direction: .out, bytesPerTransaction: 588),
            BusTimeEndpoint(label: "EP 0x82 feedback", direction: .in, bytesPerTransaction: 3),
        ])
        #expect(r.budgetNanoseconds == 900_000)
        #expect(r.worstCaseNanoseconds == 943_851)
        #expect(r.verdict == .exceeds)
        #expect(r.overrunNanoseconds == 43_851)
        #expect(r.unavoidableOverrunNanoseconds == 43_851)
        #expect(r.explanation.contains("= 943.9 µs against 900.0 µs"))
        #expect(r.explanation.contains("does not fit, 43.9 µs over budget"))
        // Without the feedback endpoint the two data endpoints alone take 933.0 µs (the facts' figure).
        let noFeedback = try BusTimeReport(speed: .full, endpoints: Array(r.costs.map(\.endpoint).prefix(2)))
        #expect(noFeedback.worstCaseNanoseconds == 932_985)
        #expect(noFeedback.verdict == .exceeds)
    }

    @Test func fullSpeedDuplexThresholds() throws {
        // Largest equal in+out pair: 566 B each; 559 B with a 3-byte feedback EP (facts §3.4).
        func pair(_ n: Int, feedback: Bool) throws -> BusTimeReport {
            var eps = [BusTimeEndpoint(label: "in", direction: .in, bytesPerTransaction: n),
                       BusTimeEndpoint(label: "out", direction: .out, bytesPerTransaction: n)]
            if feedback { eps.append(BusTimeEndpoint(label: "fb", direction: .in, bytesPerTransaction: 3)) }
            return try BusTimeReport(speed: .full, endpoints: eps)
        }
        #expect(try pair(566, feedback: false).verdict == .fits)
        #expect(try pair(567, feedback: false).verdict == .exceeds)
        #expect(try pair(559, feedback: true).verdict == .fits)
        #expect(try pair(560, feedback: true).verdict == .exceeds)
    }

    @Test func highSpeedTransactionsPerMicroframe() throws {
        let four = try BusTimeReport(speed: .high, endpoints: (1...4).map {
            BusTimeEndpoint(label: "EP\($0)", direction: .in, bytesPerTransaction: 1024) })
        #expect(four.worstCaseNanoseconds == 82_204)
        #expect(four.verdict == .fits)
        let five = try BusTimeReport(speed: .high, endpoints: (1...5).map {
            BusTimeEndpoint(label: "EP\($0)", direction: .in, bytesPerTransaction: 1024) })
        #expect(five.worstCaseNanoseconds == 102_755)
        #expect(five.verdict == .exceeds)
        // Two 3 × 1024 endpoints (in + out): 6 transactions = 123.3 µs per microframe.
        let twoMult3 = try BusTimeReport(speed: .high, endpoints: [
            BusTimeEndpoint(label: "in", direction: .in, bytesPerTransaction: 1024, transactionsPerInterval: 3),
            BusTimeEndpoint(label: "out", direction: .out, bytesPerTransaction: 1024, transactionsPerInterval: 3)])
        #expect(twoMult3.worstCaseNanoseconds == 123_306)
        #expect(twoMult3.verdict == .exceeds)
        #expect(twoMult3.overrunNanoseconds == 23_306)
    }

    @Test func longerPeriodsMayBeSpread() throws {
        // Three 1024-B INs every microframe (61.7 µs) + two 1024-B INs every 8 microframes: 102.8 µs
        // if all five land in one microframe, 82.2 µs if the host puts the two slow ones apart.
        let three = (1...3).map { BusTimeEndpoint(label: "EP\($0)", direction: .in, bytesPerTransaction: 1024) }
        let r = try BusTimeReport(speed: .high, endpoints: three + [
            BusTimeEndpoint(label: "fb", direction: .in, bytesPerTransaction: 1024, bInterval: 4),
            BusTimeEndpoint(label: "fb2", direction: .in, bytesPerTransaction: 1024, bInterval: 4)])
        #expect(r.worstCaseNanoseconds == 5 * 20_551)
        #expect(r.minimumPeakNanoseconds == 4 * 20_551)
        #expect(r.verdict == .fitsOnlyIfSpread)
        #expect(r.costs.last?.periodFrames == 8)
        // A full-speed interrupt endpoint (HID, 16 B, every 10 ms) uses the interrupt formula.
        let hid = try BusTimeReport(speed: .full, endpoints: [
            BusTimeEndpoint(label: "HID", direction: .in, transferType: .interrupt, bytesPerTransaction: 16, bInterval: 10)])
        // BitTime(16) = 149; 9107 + 1000 + 8354·(31 + 1490)/1000 = 22813 ns.
        #expect(hid.worstCaseNanoseconds == 22_813)
        #expect(hid.costs[0].periodFrames == 10)
    }

    @Test func rejectsImpossibleEndpoints() {
        #expect(throws: BandwidthInputError.self) {
            try BusTimeReport(speed: .full, endpoints: [BusTimeEndpoint(label: "x", direction: .in, bytesPerTransaction: 1024)])
        }
        #expect(throws: BandwidthInputError.self) {
            try BusTimeReport(speed: .full, endpoints: [BusTimeEndpoint(label: "x", direction: .in, bytesPerTransaction: 100, transactionsPerInterval: 2)])
        }
        #expect(throws: BandwidthInputError.self) {
            try BusTimeReport(speed: .high, endpoints: [BusTimeEndpoint(label: "x", direction: .in, bytesPerTransaction: 100, bInterval: 17)])
        }
        #expect(throws: BandwidthInputError.self) { try BusTimeReport(speed: .super, endpoints: []) }
    }
}
