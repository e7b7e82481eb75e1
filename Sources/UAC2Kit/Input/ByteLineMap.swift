/// The text line each extracted byte came from, stored as runs: one entry where the line changes,
/// not one Int per byte (a 100 MB hex line made 33 M bytes and 264 MB of line numbers). Still reads
/// as the collection of per-byte lines it replaces.
public struct ByteLineMap: Sendable, RandomAccessCollection {
    /// Index of the first byte of each run, and that run's line.
    private var starts: [Int] = []
    private var numbers: [Int] = []
    public private(set) var count = 0
    public var startIndex: Int { 0 }
    public var endIndex: Int { count }
    public subscript(position: Int) -> Int { line(of: position)! }

    public init() {}

    /// Records that the next byte came from `line`.
    public mutating func append(_ line: Int) {
        if numbers.last != line {
            starts.append(count)
            numbers.append(line)
        }
        count += 1
    }

    /// Records that the next `n` bytes came from `line`.
    public mutating func append(_ line: Int, count n: Int) {
        guard n > 0 else { return }
        if numbers.last != line {
            starts.append(count)
            numbers.append(line)
        }
        count += n
    }

    /// The line of byte `index`, or nil past the end.
    public func line(of index: Int) -> Int? {
        guard index >= 0, index < count else { return nil }
        var lo = 0, hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= index { lo = mid } else { hi = mid - 1 }
        }
        return numbers[lo]
    }
}
