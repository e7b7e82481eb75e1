/// Raw descriptor bytes: walks bLength by bLength, like the host does, and keeps everything before a break.
public enum RawDescriptorReader {
    public static func read(_ bytes: [UInt8], name: String) -> DecodedInput {
        var builder = ModelBuilder(packAfter: ModelBuilder.packThreshold)
        if bytes.isEmpty { builder.note(Diagnostic(.error, "empty input: no descriptor bytes", at: SourceLocation(offset: 0))) }
        feed(bytes, into: &builder, baseOffset: 0)
        return DecodedInput(name: name, format: .raw, devices: builder.devices, diagnostics: builder.diagnostics)
    }

    /// The same walk over an opened file or stream, a megabyte at a time: only the descriptors are
    /// kept, never the input (a 2 GB file that starts with bLength 0 is answered after one read, and
    /// the bytes it leaves undecoded are counted, not loaded).
    public static func read(_ file: InputFile, name: String) throws(InputFileError) -> DecodedInput {
        var builder = ModelBuilder(packAfter: ModelBuilder.packThreshold)
        var window: [UInt8] = []
        var base = 0
        while true {
            let chunk = try file.read(max: 1 << 20)
            if chunk.isEmpty {
                if base == 0 && window.isEmpty {
                    builder.note(Diagnostic(.error, "empty input: no descriptor bytes", at: SourceLocation(offset: 0)))
                }
                // The tail: it ends cleanly or is cut, exactly as at the end of a blob.
                feed(window, into: &builder, baseOffset: base)
                break
            }
            window += chunk
            var pos = 0
            while window.count - pos >= 2, window[pos] >= 2, Int(window[pos]) <= window.count - pos {
                let end = pos + Int(window[pos])
                builder.add(Array(window[pos..<end]), at: SourceLocation(offset: base + pos))
                pos = end
            }
            if window.count - pos >= 2, window[pos] < 2 {
                // The walk stops here; what follows is counted for the message, not read into memory.
                let unread = try file.skipToEnd()
                feed(Array(window[pos...]), into: &builder, baseOffset: base + pos, unreadAfter: unread)
                break
            }
            window.removeFirst(pos)
            base += pos
        }
        return DecodedInput(name: name, format: .raw, devices: builder.devices, diagnostics: builder.diagnostics)
    }

    /// Splits `bytes` into descriptors and adds each to `builder`. Offsets are reported relative to
    /// `baseOffset`; `lineOf` maps a byte offset back to a text line for hex inputs; `unreadAfter`
    /// counts input bytes after `bytes` that a stopped walk leaves undecoded.
    public static func feed(_ bytes: [UInt8], into builder: inout ModelBuilder, baseOffset: Int = 0,
                            lineOf: ((Int) -> Int?)? = nil, unreadAfter: Int = 0) {
        feed(bytes, into: &builder, unreadAfter: unreadAfter, locate: { SourceLocation(offset: baseOffset + $0, line: lineOf?($0)) })
    }

    /// The same walk with each byte's place given by `locate` (firmware images: a byte's file offset
    /// or Intel HEX line, which need not grow with the byte's index).
    public static func feed(_ bytes: [UInt8], into builder: inout ModelBuilder, unreadAfter: Int = 0,
                            locate loc: (Int) -> SourceLocation) {
        var pos = 0
        while pos < bytes.count {
            let bLength = Int(bytes[pos])
            let remaining = bytes.count - pos
            if remaining < 2 {
                builder.note(Diagnostic(.error, "1 stray byte (0x\(hex2(bytes[pos]))) at the end: too short for a descriptor", at: loc(pos)))
                return
            }
            if bLength < 2 {
                builder.note(Diagnostic(.error, "descriptor has bLength \(bLength) (type 0x\(hex2(bytes[pos + 1]))); a descriptor is at least 2 bytes, so the walk cannot go on: \(remaining + unreadAfter) bytes left undecoded", at: loc(pos)))
                return
            }
            if bLength > remaining {
                let d = builder.add(Array(bytes[pos...]), at: loc(pos))
                builder.note(Diagnostic(.error, "\(d.layout.title) (type 0x\(hex2(bytes[pos + 1]))) claims bLength \(bLength) but only \(remaining) bytes remain: truncated", at: loc(pos)))
                return
            }
            builder.add(Array(bytes[pos..<(pos + bLength)]), at: loc(pos))
            pos += bLength
        }
    }
}

func hex2(_ b: UInt8) -> String {
    let s = String(b, radix: 16, uppercase: false)
    return s.count == 1 ? "0" + s : s
}

func hexN(_ v: UInt64, digits: Int) -> String {
    let s = String(v, radix: 16)
    return String(repeating: "0", count: max(0, digits - s.count)) + s
}
