#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where capture bytes come from. Captures can be many gigabytes, so readers pull them in
/// chunks instead of loading the file.
public protocol CaptureByteSource: AnyObject {
    /// Copies up to `count` bytes into `buffer`; returns 0 at the end.
    func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int
    /// Total size when known (for progress and for naming how far a truncated block claimed to reach).
    var totalSize: UInt64? { get }
}

/// A capture file read with POSIX read(2) (no whole-file load).
public final class CaptureFileSource: CaptureByteSource {
    private let fd: Int32
    public let path: String
    public let totalSize: UInt64?

    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        if fd < 0 {
            throw CaptureError(message: "cannot open \(path): \(String(cString: strerror(errno)))",
                               byteOffset: nil, packetNumber: nil)
        }
        self.fd = fd
        var st = stat()
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG {
            totalSize = UInt64(max(0, st.st_size))
        } else {
            totalSize = nil
        }
    }

    deinit { close(fd) }

    public func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int {
        while true {
            #if canImport(Glibc) || canImport(Musl)
            let n = Glibc.read(fd, buffer, count)
            #else
            let n = Darwin.read(fd, buffer, count)
            #endif
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw CaptureError(message: "read error on \(path): \(String(cString: strerror(errno)))",
                               byteOffset: nil, packetNumber: nil)
        }
    }
}

/// Capture bytes already in memory (tests, and descriptor readers that were handed a blob).
public final class CaptureMemorySource: CaptureByteSource {
    private let bytes: [UInt8]
    private var position = 0
    public var totalSize: UInt64? { UInt64(bytes.count) }

    public init(bytes: [UInt8]) { self.bytes = bytes }

    public func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int {
        let n = min(count, bytes.count - position)
        if n <= 0 { return 0 }
        bytes.withUnsafeBytes { src in
            buffer.copyMemory(from: src.baseAddress! + position, byteCount: n)
        }
        position += n
        return n
    }
}

/// A sliding window over a byte source. Holds at most one block (capped by `maximumBlock`)
/// plus one read chunk, so memory stays bounded whatever the capture size.
final class CaptureReadBuffer {
    let source: CaptureByteSource
    private(set) var storage: UnsafeMutableRawPointer
    private var capacity: Int
    private var start = 0
    private var end = 0
    private var atEOF = false
    /// File offset of `storage + start`.
    private(set) var offset: UInt64 = 0
    let chunk: Int

    init(source: CaptureByteSource, chunk: Int = 1 << 20) {
        self.source = source
        self.chunk = chunk
        self.capacity = chunk * 2
        self.storage = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }

    deinit { storage.deallocate() }

    var available: Int { end - start }
    var pointer: UnsafeRawPointer { UnsafeRawPointer(storage + start) }

    /// Makes `n` bytes available at `pointer`; false when the source ends first.
    @inline(__always)
    func ensure(_ n: Int) throws -> Bool {
        if end - start >= n { return true }
        return try fill(n)
    }

    private func fill(_ n: Int) throws -> Bool {
        if atEOF { return false }
        // Move what is left to the front, grow if one block needs more room.
        let remaining = end - start
        if start > 0 {
            if remaining > 0 { storage.copyMemory(from: storage + start, byteCount: remaining) }
            start = 0
            end = remaining
        }
        if n + chunk > capacity {
            let newCapacity = n + chunk
            let fresh = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
            if end > 0 { fresh.copyMemory(from: storage, byteCount: end) }
            storage.deallocate()
            storage = fresh
            capacity = newCapacity
        }
        while end < n {
            let got = try source.read(into: storage + end, count: capacity - end)
            if got == 0 { atEOF = true; return false }
            end += got
        }
        return true
    }

    @inline(__always)
    func consume(_ n: Int) {
        start += n
        offset &+= UInt64(n)
    }

    /// Shrinks the storage back after an unusually large block so one big block does not
    /// keep its memory for the rest of the file.
    func trimIfOversized() {
        if capacity > chunk * 4 && end - start <= chunk {
            let fresh = UnsafeMutableRawPointer.allocate(byteCount: chunk * 2, alignment: 16)
            let remaining = end - start
            if remaining > 0 { fresh.copyMemory(from: storage + start, byteCount: remaining) }
            storage.deallocate()
            storage = fresh
            capacity = chunk * 2
            start = 0
            end = remaining
        }
    }
}
