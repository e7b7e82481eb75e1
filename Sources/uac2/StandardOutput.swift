import Foundation

/// Everything uac2 prints is checked for a failed write (a full disk, `> /dev/full`, a closed pipe):
/// the run then exits 74 (EX_IOERR) with a message instead of 0 with a truncated report. Reports go
/// straight to file descriptor 1; what `print` buffered in C stdio is flushed first, so the order holds.
enum StandardOutput {
    /// The first write error, as strerror says it.
    nonisolated(unsafe) static var failure: String?

    /// Small pieces (one descriptor's text) are gathered up to 64 KB before a write(2).
    nonisolated(unsafe) static var pending: [UInt8] = []
    static let pendingLimit = 64 << 10

    /// Writes the string's UTF-8 bytes without copying a large one into a `Data` first (a large
    /// report would be held twice).
    static func write(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            if utf8.count < pendingLimit {
                pending.append(contentsOf: utf8)
                if pending.count >= pendingLimit { flushPending() }
            } else {
                flushPending()
                write(UnsafeRawBufferPointer(utf8))
            }
        }
    }

    static func flushPending() {
        guard !pending.isEmpty else { return }
        let bytes = pending
        pending.removeAll(keepingCapacity: true)
        bytes.withUnsafeBytes { write($0) }
    }

    static func write(_ data: Data) {
        flushPending()
        data.withUnsafeBytes { write($0) }
    }

    static func write(_ buf: UnsafeRawBufferPointer) {
        guard failure == nil, let base = buf.baseAddress, buf.count > 0 else { return }
        if fflush(nil) != 0 { failure = String(cString: strerror(errno)); return }
        var done = 0
        while done < buf.count {
            let n = Foundation.write(1, base + done, buf.count - done)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                failure = n < 0 ? String(cString: strerror(errno)) : "nothing written"
                return
            }
            done += n
        }
    }

    /// Flushes what `print` buffered; the reason when anything printed could not be written.
    static func finish() -> String? {
        flushPending()
        if failure == nil, fflush(nil) != 0 { failure = String(cString: strerror(errno)) }
        return failure
    }
}

/// Writes `bytes` to a file the user named, or says why not (full disk, directory, permissions).
enum OutputFile {
    static func write(_ bytes: [UInt8], to path: String) throws(OutputFileError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw OutputFileError(path: path, reason: String(cString: strerror(errno))) }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let reason = String(cString: strerror(errno))
                close(fd)
                throw OutputFileError(path: path, reason: reason)
            }
            done += n
        }
        guard close(fd) == 0 else { throw OutputFileError(path: path, reason: String(cString: strerror(errno))) }
    }
}

struct OutputFileError: Error, CustomStringConvertible {
    let path: String
    let reason: String
    var description: String { "cannot write \(path): \(reason)" }
}
