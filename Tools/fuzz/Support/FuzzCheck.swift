import UAC2Kit

// Shared by every fuzz target (compiled into each one). Besides "no crash", each target checks the
// promises the readers make about bad input; a broken promise traps, so libFuzzer saves the input
// like any crash.

/// The fuzz input as the byte array the readers take.
func fuzzBytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}

func fuzzFail(_ why: String) -> Never {
    fatalError("fuzz invariant broken: \(why)")
}

/// Every error a descriptor reader reports says where: a byte offset (binary) or a line (text);
/// an input that gave nothing is an error, never a silent empty result.
func checkErrorsAreLocated(_ r: DecodedInput) {
    if r.devices.isEmpty && !r.hasErrors { fuzzFail("\(r.format.rawValue): nothing decoded and no error") }
    for d in r.diagnostics where d.severity == .error {
        if d.location.offset == nil && d.location.line == nil {
            fuzzFail("\(r.format.rawValue) error without offset or line: \(d.message)")
        }
    }
}

/// A raw walk keeps every byte it could split: the descriptors it decoded are the input's prefix.
func checkRawKeepsPrefix(_ r: DecodedInput, _ input: [UInt8]) {
    var pos = 0
    for dev in r.devices {
        for d in dev.sequence {
            guard let o = d.location.offset, o == pos, o + d.bytes.count <= input.count,
                  input[o..<(o + d.bytes.count)].elementsEqual(d.bytes) else {
                fuzzFail("raw descriptor at \(d.location) is not the input's next \(d.bytes.count) bytes (expected offset \(pos))")
            }
            pos += d.bytes.count
        }
    }
    if pos < input.count && !r.hasErrors {
        fuzzFail("raw reader stopped at byte \(pos) of \(input.count) without an error")
    }
}

/// Firmware readers place each descriptor at the file offset its bytes came from: those bytes are
/// the input's (no byte invented by reassembly or pairing).
func checkDescriptorsAtTheirOffsets(_ r: DecodedInput, _ input: [UInt8], firstByteOnly: Bool = false) {
    for dev in r.devices {
        for d in dev.sequence {
            guard let o = d.location.offset else { fuzzFail("\(r.format.rawValue) descriptor without a file offset") }
            let n = firstByteOnly ? min(1, d.bytes.count) : d.bytes.count
            guard o >= 0, o + n <= input.count, input[o..<(o + n)].elementsEqual(d.bytes.prefix(n)) else {
                fuzzFail("\(r.format.rawValue) descriptor at byte \(o) is not the input's bytes there")
            }
        }
    }
}
