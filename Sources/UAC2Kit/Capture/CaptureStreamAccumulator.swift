/// Running figures for one isochronous endpoint under one alt setting and rate. Everything is
/// bounded: histograms by size value, 1000-packet chunks for the time series (capped).
final class CaptureStreamAccumulator {
    static let chunkPackets = 1000
    /// When a series reaches this many chunks, neighbours are merged and chunks hold twice as
    /// many packets, so a series never outgrows 24 × maximumChunks bytes however long the capture.
    static let maximumChunks = 16_384
    static let maximumFeedbackValues = 1024
    /// Packets per chunk of the time series (grows by doubling for long captures).
    private(set) var chunkSize = chunkPackets
    private(set) var feedbackChunkSize = chunkPackets

    var packets = 0
    var transfers = 0
    var bytes = 0
    static let smallSizeLimit = 3073
    /// Counts of packet sizes 0...3072 (every legal isochronous size), larger ones in `largeSizes`.
    let smallSizes: UnsafeMutablePointer<Int> = {
        let p = UnsafeMutablePointer<Int>.allocate(capacity: smallSizeLimit)
        p.initialize(repeating: 0, count: smallSizeLimit)
        return p
    }()
    deinit { smallSizes.deallocate() }
    var largeSizes: [Int: Int] = [:]
    var statusCounts: [Int32: Int] = [:]
    var completionStatuses = 0
    var firstTime: Int64?
    // Sniffer captures with SOFs: the (micro)frame span the packets cover.
    var firstBusUnit: Int64?
    var lastBusUnit: Int64 = 0
    var busUnitPackets = 0
    /// Bytes of every packet but the last one seen with a bus unit: the packets in [first, last).
    var busUnitBytesExcludingLast = 0
    private var lastBusUnitBytes = 0
    var lastTime: Int64 = 0
    var firstPacketNumber = 0
    var lastPacketNumber = 0
    var firstTransferBytes = 0
    var lastTransferBytes = 0
    private var currentTransferBytes = 0
    private var lastTransferTime: Int64?
    private var lastTransferPackets = 0

    // Time series: bytes and first timestamp per chunk of `chunkPackets` packets.
    var chunkBytes: [Int] = []
    var chunkStart: [Int64] = []
    var chunkEnd: [Int64] = []
    private var inChunk = 0
    private var chunkOpenBytes = 0
    private var chunkOpenStart: Int64 = 0
    private var chunkOpenEnd: Int64 = 0
    private var finished = false

    // Per-packet interval samples (transfer spacing / packets in transfer) for speed and gaps.
    var intervalSamples: [Int64] = []
    private var expectedPerPacket: Int64?
    var gapCount = 0
    var largestGap: Int64 = 0
    var largestGapPacket = 0

    // Feedback candidates: IN packets of 3 or 4 bytes.
    var feedbackValues: [UInt32: Int] = [:]
    var feedbackValuesDropped = 0
    var feedbackPackets = 0
    var feedbackSizes: [Int: Int] = [:]
    var feedbackChunkSum: [Double] = []
    var feedbackChunkStart: [Int64] = []
    private var feedbackInChunk = 0
    var lastFeedbackRaw: UInt32 = 0

    @inline(__always)
    func add(_ p: CaptureIsoPacket) {
        let t = p.timestampNanoseconds
        if firstTime == nil {
            firstTime = t
            firstPacketNumber = p.packetNumber
        }
        if p.startsTransfer {
            if let last = lastTransferTime, lastTransferPackets > 0 {
                noteSpacing(t &- last, packets: lastTransferPackets, packetNumber: p.packetNumber)
            }
            if transfers == 1 { firstTransferBytes = currentTransferBytes }
            lastTransferBytes = currentTransferBytes
            currentTransferBytes = 0
            transfers += 1
            lastTransferTime = t
            lastTransferPackets = p.packetsInTransfer
        }
        lastTime = t
        lastPacketNumber = p.packetNumber
        if let u = p.busUnit {
            if firstBusUnit == nil { firstBusUnit = u; busUnitBytesExcludingLast = 0 } else { busUnitBytesExcludingLast += lastBusUnitBytes }
            lastBusUnit = u
            lastBusUnitBytes = p.length
            busUnitPackets += 1
        }
        packets += 1
        let len = p.length
        bytes += len
        currentTransferBytes += len
        if len >= 0 && len < Self.smallSizeLimit { smallSizes[len] += 1 } else { addLargeSize(len) }
        if p.statusKnown {
            completionStatuses += 1
            if p.status != 0 { addStatus(p.status) }
        }

        // The current chunk lives in scalars; it is appended when full (or at finish()).
        if inChunk == 0 { chunkOpenStart = t; chunkOpenBytes = 0 }
        chunkOpenBytes += len
        chunkOpenEnd = t
        inChunk += 1
        if inChunk == chunkSize { closeChunk() }

        if (p.endpoint & 0x80) != 0 && (len == 3 || len == 4) && p.payload.count >= len {
            addFeedback(p.payload, length: len, time: t)
        }
    }

    private func closeChunk() {
        guard inChunk > 0 else { return }
        chunkBytes.append(chunkOpenBytes)
        chunkStart.append(chunkOpenStart)
        chunkEnd.append(chunkOpenEnd)
        inChunk = 0
        if chunkBytes.count >= Self.maximumChunks {
            var b: [Int] = [], s: [Int64] = [], e: [Int64] = []
            b.reserveCapacity(Self.maximumChunks / 2 + 1)
            for i in stride(from: 0, to: chunkBytes.count, by: 2) {
                let j = min(i + 1, chunkBytes.count - 1)
                b.append(chunkBytes[i] + (j != i ? chunkBytes[j] : 0)); s.append(chunkStart[i]); e.append(chunkEnd[j])
            }
            chunkBytes = b; chunkStart = s; chunkEnd = e
            chunkSize *= 2
        }
    }

    /// Finishes the transfer in progress (its bytes count as the last transfer).
    func finish() {
        guard !finished else { return }
        finished = true
        if transfers == 1 { firstTransferBytes = currentTransferBytes }
        lastTransferBytes = currentTransferBytes
        closeChunk()
    }

    /// Distinct odd sizes and statuses are few in real captures; damaged ones could hold millions.
    static let maximumDistinct = 1024
    var otherSizes = 0
    var otherStatuses = 0

    private func addLargeSize(_ len: Int) {
        if largeSizes[len] != nil || largeSizes.count < Self.maximumDistinct { largeSizes[len, default: 0] += 1 } else { otherSizes += 1 }
    }

    private func addStatus(_ st: Int32) {
        if statusCounts[st] != nil || statusCounts.count < Self.maximumDistinct { statusCounts[st, default: 0] += 1 } else { otherStatuses += 1 }
    }

    func addCompletionStatus(_ status: Int32) {
        completionStatuses += 1
        if status != 0 { addStatus(status) }
    }

    private func noteSpacing(_ dt: Int64, packets n: Int, packetNumber: Int) {
        let per = dt / Int64(n)
        if intervalSamples.count < 1024 { intervalSamples.append(per) }
        if expectedPerPacket == nil && intervalSamples.count >= 64 {
            let sorted = intervalSamples.sorted()
            expectedPerPacket = max(1, sorted[sorted.count / 2])
            // Re-check the spacings seen before the estimate existed.
            for s in intervalSamples { checkGap(s &* Int64(n), expected: expectedPerPacket! &* Int64(n), packetNumber: 0) }
        } else if let e = expectedPerPacket {
            checkGap(dt, expected: e &* Int64(n), packetNumber: packetNumber)
        }
    }

    /// A transfer arriving more than twice its expected duration (plus 1 ms of host jitter)
    /// after the previous one means packets are missing from the stream.
    private func checkGap(_ dt: Int64, expected: Int64, packetNumber: Int) {
        if dt > (expected &* 2) &+ 1_000_000 {
            gapCount += 1
            if dt > largestGap { largestGap = dt; largestGapPacket = packetNumber }
        }
    }

    private func addFeedback(_ payload: UnsafeRawBufferPointer, length: Int, time: Int64) {
        var raw: UInt32 = 0
        for k in 0..<length { raw |= UInt32(payload[k]) << (8 * UInt32(k)) }
        raw &= length == 3 ? 0x00FF_FFFF : 0x0FFF_FFFF   // Linux masks 24 / 28 bits
        feedbackPackets += 1
        feedbackSizes[length, default: 0] += 1
        lastFeedbackRaw = raw
        if feedbackValues[raw] != nil || feedbackValues.count < Self.maximumFeedbackValues {
            feedbackValues[raw, default: 0] += 1
        } else {
            feedbackValuesDropped += 1
        }
        if feedbackInChunk == 0 {
            if feedbackChunkSum.count >= Self.maximumChunks {
                var m: [Double] = [], st: [Int64] = []
                for i in stride(from: 0, to: feedbackChunkSum.count - 1, by: 2) {
                    m.append(feedbackChunkSum[i] + feedbackChunkSum[i + 1]); st.append(feedbackChunkStart[i])
                }
                feedbackChunkSum = m; feedbackChunkStart = st
                feedbackChunkSize *= 2
            }
            feedbackChunkSum.append(0)
            feedbackChunkStart.append(time)
        }
        feedbackChunkSum[feedbackChunkSum.count - 1] += Double(raw)
        feedbackInChunk += 1
        if feedbackInChunk == feedbackChunkSize { feedbackInChunk = 0 }
    }

    /// Size histogram as sorted (size, count) pairs.
    var sizeHistogram: [(size: Int, count: Int)] {
        var out: [(Int, Int)] = []
        for s in 0..<Self.smallSizeLimit where smallSizes[s] > 0 { out.append((s, smallSizes[s])) }
        for (s, c) in largeSizes.sorted(by: { $0.key < $1.key }) { out.append((s, c)) }
        return out
    }

    var medianPerPacketInterval: Int64? {
        guard !intervalSamples.isEmpty else { return nil }
        let s = intervalSamples.sorted()
        return s[s.count / 2]
    }
}
