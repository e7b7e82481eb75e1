#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One input named on the command line, opened once and read once: a file, `-` (standard input), a
/// pipe, a FIFO or a process substitution (`<(cat F)`, a /dev/fd path) all read the same way, since
/// the bytes of a stream can be taken only once. Directories and devices are named for what they are.
public final class InputFile {
    public enum Kind: Sendable, Equatable {
        /// A regular file of this many bytes.
        case file(size: Int)
        /// A pipe, FIFO, socket or terminal: its size is known only at its end.
        case stream
    }

    /// What the user called it ("<stdin>" for `-`).
    public let name: String
    public let kind: Kind
    private let fd: Int32
    private let ownsDescriptor: Bool
    /// Bytes read so far and not yet handed out (the head that format detection looks at).
    private var buffered: [UInt8] = []
    private var atEnd = false
    /// Bytes handed out or buffered since the start.
    public private(set) var bytesRead = 0

    /// Opens `path` ("-" for standard input), or says why it cannot be read.
    public init(path: String) throws(InputFileError) {
        var st = stat()
        if path == "-" {
            name = "<stdin>"
            fd = 0
            ownsDescriptor = false
            guard fstat(0, &st) == 0 else { throw InputFileError(path: path, reason: .system(errno)) }
        } else {
            name = path
            guard stat(path, &st) == 0 else {
                throw InputFileError(path: path, reason: errno == ENOENT ? .missing : .system(errno))
            }
            switch st.st_mode & S_IFMT {
            case S_IFDIR: throw InputFileError(path: path, reason: .directory)
            case S_IFCHR where isatty_path(path) == false: throw InputFileError(path: path, reason: .device("character"))
            case S_IFBLK: throw InputFileError(path: path, reason: .device("block"))
            default: break
            }
            let opened = open(path, O_RDONLY | O_CLOEXEC)
            guard opened >= 0 else { throw InputFileError(path: path, reason: .system(errno)) }
            fd = opened
            ownsDescriptor = true
        }
        kind = (st.st_mode & S_IFMT) == S_IFREG ? .file(size: Int(st.st_size)) : .stream
    }

    deinit { if ownsDescriptor { close(fd) } }

    /// A regular file of more than `limit` bytes (a stream's size is not known in advance).
    public func isFile(largerThan limit: Int) -> Bool {
        if case .file(let size) = kind { return size > limit }
        return false
    }

    /// Up to `count` bytes from the start, kept so that `read` hands them out again: detection looks
    /// at them without taking them from a pipe.
    public func head(_ count: Int) throws(InputFileError) -> [UInt8] {
        while buffered.count < count, !atEnd {
            let chunk = try readChunk(max: count - buffered.count)
            if chunk.isEmpty { atEnd = true } else { buffered += chunk }
        }
        return Array(buffered.prefix(count))
    }

    /// The next bytes (at most `max`), the head first; empty at the end.
    public func read(max: Int) throws(InputFileError) -> [UInt8] {
        if !buffered.isEmpty {
            let n = Swift.min(max, buffered.count)
            let out = Array(buffered.prefix(n))
            buffered.removeFirst(n)
            return out
        }
        if atEnd { return [] }
        let chunk = try readChunk(max: max)
        if chunk.isEmpty { atEnd = true }
        return chunk
    }

    /// Everything up to `limit` bytes, and whether the input goes on past it (the rest is not read).
    public func readAll(limit: Int) throws(InputFileError) -> (bytes: [UInt8], more: Bool) {
        var out = buffered
        buffered = []
        if case .file(let size) = kind { out.reserveCapacity(Swift.min(size, limit) + 1) }
        while out.count < limit, !atEnd {
            let chunk = try readChunk(max: Swift.min(1 << 20, limit - out.count))
            if chunk.isEmpty { atEnd = true } else { out += chunk }
        }
        if atEnd { return (out, false) }
        // One more byte tells a file of exactly `limit` bytes from a longer one.
        let next = try readChunk(max: 1)
        if next.isEmpty { atEnd = true; return (out, false) }
        buffered = next
        return (out, true)
    }

    /// Reads to the end without keeping anything; returns how many bytes that was.
    public func skipToEnd() throws(InputFileError) -> Int {
        var n = buffered.count
        buffered = []
        if case .file(let size) = kind { return Swift.max(0, size - (bytesRead - n)) }
        while !atEnd {
            let chunk = try readChunk(max: 1 << 20)
            if chunk.isEmpty { atEnd = true } else { n += chunk.count }
        }
        return n
    }

    private func readChunk(max: Int) throws(InputFileError) -> [UInt8] {
        guard max > 0 else { return [] }
        var chunk = [UInt8](repeating: 0, count: max)
        while true {
            let n = chunk.withUnsafeMutableBytes { buf in
                #if canImport(Glibc) || canImport(Musl)
                Glibc.read(fd, buf.baseAddress!, max)
                #else
                Darwin.read(fd, buf.baseAddress!, max)
                #endif
            }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw InputFileError(path: name, reason: .system(errno)) }
            chunk.removeLast(max - n)
            bytesRead += n
            return chunk
        }
    }
}

/// A terminal named as a path (/dev/tty, /dev/stdin on a terminal) is read like standard input;
/// any other character device (/dev/zero, /dev/urandom, a serial port) is refused.
private func isatty_path(_ path: String) -> Bool {
    let fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    return isatty(fd) != 0
}

/// Why an input could not be read, in the user's words.
public struct InputFileError: Error, Sendable, CustomStringConvertible {
    public enum Reason: Sendable {
        case missing
        case directory
        case device(String)
        case system(Int32)
    }
    public let path: String
    public let reason: Reason

    public var description: String {
        switch reason {
        case .missing: return "\(path): does not exist"
        case .directory: return "\(path): is a directory, not a file (name a file in it, e.g. \(path.hasSuffix("/") ? path : path + "/")descriptors)"
        case .device(let kind): return "\(path): is a \(kind) device, not a file of descriptors (read it into a file first, or pipe it: cat \(path) | uac2 decode -)"
        case .system(let e): return "\(path): cannot be read: \(String(cString: strerror(e)))"
        }
    }
}
