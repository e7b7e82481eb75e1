import Testing
@testable import UAC2Kit

/// Maximum channel counts, worked by hand as floor(limit / (frames × subslot)):
/// FS: 1000 packets/s, 44.1k → N 44.1 (async 45, safe 46); 48k → 48 (49, 49); 96k → 97; 192k → 193.
/// HS bInterval 1: 8000 packets/s, 44.1k → N 5.5125 (async 6, safe 7); 48k → 6 (7, 7); 96k → 13; 192k → 25.
@Suite struct BandwidthTableTests {
    let rates = [44100, 48000, 96000, 192000]

    @Test func fullSpeed1023Async() throws {
        let t = try BandwidthChannelTable(speed: .full, rates: rates)
        #expect(t.availableBytes == 1023)
        #expect(t.rows.map(\.framesPerPacket) == [45, 49, 97, 193])
        #expect(t.rows.map(\.framesSafe) == [46, 49, 97, 193])
        // 1023/90=11, /135=7, /180=5 | /98=10, /147=6, /196=5 | /194=5, /291=3, /388=2 | /386=2, /579=1, /772=1
        #expect(t.rows.map(\.maxChannels) == [[11, 7, 5], [10, 6, 5], [5, 3, 2], [2, 1, 1]])
        // Safe: 1023/92=11, /138=7, /184=5; the other rates have integer N so safe == async.
        #expect(t.rows.map(\.maxChannelsSafe) == [[11, 7, 5], [10, 6, 5], [5, 3, 2], [2, 1, 1]])
    }

    @Test func highSpeed1024Async() throws {
        let t = try BandwidthChannelTable(speed: .high, rates: rates)
        #expect(t.availableBytes == 1024)
        #expect(t.rows.map(\.framesPerPacket) == [6, 7, 13, 25])
        #expect(t.rows.map(\.framesSafe) == [7, 7, 13, 25])
        // Async at 44.1k carries 6 frames: 1024/12=85, /18=56, /24=42 — more than the safe column.
        #expect(t.rows.map(\.maxChannels) == [[85, 56, 42], [73, 48, 36], [39, 26, 19], [20, 13, 10]])
        // Safe ceil(N)+1 (the facts file's §3.2 table): 1024/14=73, /21=48, /28=36 at 44.1k.
        #expect(t.rows.map(\.maxChannelsSafe) == [[73, 48, 36], [73, 48, 36], [39, 26, 19], [20, 13, 10]])
    }

    @Test func highSpeedThreeTransactionsAndSlowInterval() throws {
        let three = try BandwidthChannelTable(speed: .high, endpoint: BandwidthEndpointDeclaration(transactionsPerInterval: 3),
                                              rates: rates + [384000])
        #expect(three.availableBytes == 3072)
        #expect(three.rows.map(\.maxChannelsSafe) == [[219, 146, 109], [219, 146, 109], [118, 78, 59], [61, 40, 30], [31, 20, 15]])
        // HS bInterval 4 = 1 ms, 1024 B: same counts as the FS 1023 B row.
        let slow = try BandwidthChannelTable(speed: .high, bInterval: 4, rates: rates)
        #expect(slow.rows.map(\.maxChannels) == [[11, 7, 5], [10, 6, 5], [5, 3, 2], [2, 1, 1]])
    }

    @Test func syncTableUsesCeil() throws {
        let t = try BandwidthChannelTable(speed: .high, syncType: .synchronous, rates: [48000, 192000])
        // 6 and 24 frames: 1024/12=85, /18=56, /24=42; 1024/48=21, /72=14, /96=10.
        #expect(t.rows.map(\.maxChannels) == [[85, 56, 42], [21, 14, 10]])
    }

    @Test func capsAt255AndRejectsBadAxes() throws {
        let t = try BandwidthChannelTable(speed: .super,
                                          endpoint: BandwidthEndpointDeclaration(maxPacketSize: 1024, transactionsPerInterval: 3, maxBurst: 15),
                                          rates: [48000], subslotSizes: [1])
        #expect(t.availableBytes == 49152)
        #expect(t.rows[0].maxChannels == [255])
        #expect(throws: BandwidthInputError.self) { try BandwidthChannelTable(speed: .full, rates: [0]) }
        #expect(throws: BandwidthInputError.self) { try BandwidthChannelTable(speed: .full, subslotSizes: [5]) }
    }
}
