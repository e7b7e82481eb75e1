/// Writes JSON as UTF-8 bytes, piece by piece, so a report can be emitted while it is produced
/// instead of being built whole as a `JSONValue` tree first (a tree of a 3 MB input took over 1 GB).
/// Pretty output matches `JSONValue.serialized(pretty: true)` byte for byte: two spaces per level,
/// `"key": value`, one element per line, empty containers as `[]` and `{}`.
///
/// Cost per piece is a memcpy: indentation comes from one cached run of spaces, and a string with
/// nothing to escape (almost all of ours) is appended whole.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    public let pretty: Bool
    /// Called with the buffered bytes whenever they reach `flushThreshold`, and by `flush()`.
    private let sink: (([UInt8]) -> Void)?
    private let flushThreshold: Int
    /// One entry per open container: whether it has an element yet.
    private var open: [Bool] = []

    public init(pretty: Bool, flushThreshold: Int = 1 << 16, sink: (([UInt8]) -> Void)? = nil) {
        self.pretty = pretty
        self.sink = sink
        self.flushThreshold = flushThreshold
        bytes.reserveCapacity(sink == nil ? 256 : flushThreshold + 4096)
    }

    /// Hands what is buffered to the sink (nothing happens without one).
    public mutating func flush() {
        guard let sink, !bytes.isEmpty else { return }
        sink(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    // MARK: containers

    public mutating func beginObject() { beginContainer(UInt8(ascii: "{")) }
    public mutating func endObject() { endContainer(UInt8(ascii: "}")) }
    public mutating func beginArray() { beginContainer(UInt8(ascii: "[")) }
    public mutating func endArray() { endContainer(UInt8(ascii: "]")) }

    /// Starts the next member of the open object; its value follows.
    public mutating func key(_ k: String) {
        elementStart()
        string(k)
        bytes.append(UInt8(ascii: ":"))
        if pretty { bytes.append(0x20) }
        afterKey = true
    }

    /// A whole value: the next element of an open array, or the value after `key`.
    public mutating func value(_ v: JSONValue) {
        if !afterKey { elementStart() }
        afterKey = false
        write(v)
    }

    /// A member with its value.
    public mutating func member(_ k: String, _ v: JSONValue) {
        key(k)
        value(v)
    }

    // MARK: internals

    /// `key` has just been written: the value that follows is no new element.
    private var afterKey = false

    private mutating func beginContainer(_ opening: UInt8) {
        if !afterKey { elementStart() }
        afterKey = false
        bytes.append(opening)
        open.append(false)
    }

    private mutating func endContainer(_ closing: UInt8) {
        let hadElements = open.removeLast()
        if hadElements && pretty {
            bytes.append(0x0A)
            indent(open.count)
        }
        bytes.append(closing)
        if open.isEmpty, sink != nil, bytes.count >= flushThreshold { flush() }
    }

    /// Separator and indentation before an element of the innermost open container (none at top level).
    private mutating func elementStart() {
        guard let last = open.indices.last else { return }
        if open[last] { bytes.append(UInt8(ascii: ",")) }
        open[last] = true
        if pretty {
            bytes.append(0x0A)
            indent(open.count)
        }
        if sink != nil, bytes.count >= flushThreshold { flush() }
    }

    private static let spaces = [UInt8](repeating: 0x20, count: 128)

    private mutating func indent(_ level: Int) {
        var n = 2 * level
        while n > 0 {
            let k = min(n, Self.spaces.count)
            bytes.append(contentsOf: Self.spaces[0..<k])
            n -= k
        }
    }

    /// Writes a value whose container bookkeeping the caller did: nested containers are written
    /// directly, without the open-container stack.
    private mutating func write(_ v: JSONValue) {
        switch v {
        case .null: ascii("null")
        case .bool(let b): ascii(b ? "true" : "false")
        case .int(let i): integer(i)
        case .double(let d):
            if !d.isFinite { ascii("null") }
            else if d == d.rounded() && abs(d) < 1e15 { integer(Int(d)) }
            else { ascii(String(d)) }
        case .string(let s): string(s)
        case .array(let a):
            if a.isEmpty { ascii("[]"); return }
            bytes.append(UInt8(ascii: "["))
            open.append(true)
            let level = open.count
            for (i, e) in a.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                if pretty { bytes.append(0x0A); indent(level) }
                write(e)
            }
            open.removeLast()
            if pretty { bytes.append(0x0A); indent(level - 1) }
            bytes.append(UInt8(ascii: "]"))
        case .object(let kv):
            if kv.isEmpty { ascii("{}"); return }
            bytes.append(UInt8(ascii: "{"))
            open.append(true)
            let level = open.count
            for (i, (k, e)) in kv.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                if pretty { bytes.append(0x0A); indent(level) }
                string(k)
                bytes.append(UInt8(ascii: ":"))
                if pretty { bytes.append(0x20) }
                write(e)
            }
            open.removeLast()
            if pretty { bytes.append(0x0A); indent(level - 1) }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    private mutating func ascii(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func ascii(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Decimal digits without a temporary String.
    private mutating func integer(_ i: Int) {
        if i == 0 { bytes.append(UInt8(ascii: "0")); return }
        if i < 0 { bytes.append(UInt8(ascii: "-")) }
        var m = i.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes hold the 20 digits of UInt64.max
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            while m > 0 {
                d[23 - n] = UInt8(ascii: "0") + UInt8(m % 10)
                m /= 10
                n += 1
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: d[(24 - n)...]))
        }
    }

    /// A quoted string. Escapes apply only to ASCII bytes, so UTF-8 is escaped byte by byte and
    /// a string without `"`, `\` or control bytes is copied whole.
    private mutating func string(_ s: String) {
        var s = s
        bytes.append(UInt8(ascii: "\""))
        s.withUTF8 { u in
            var start = 0
            for (i, b) in u.enumerated() where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[start..<i]))
                start = i + 1
                switch b {
                case UInt8(ascii: "\""): ascii("\\\"")
                case UInt8(ascii: "\\"): ascii("\\\\")
                case 0x0A: ascii("\\n")
                case 0x0D: ascii("\\r")
                case 0x09: ascii("\\t")
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    ascii("\\u00")
                    bytes.append(hex[Int(b >> 4)])
                    bytes.append(hex[Int(b & 0x0F)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
