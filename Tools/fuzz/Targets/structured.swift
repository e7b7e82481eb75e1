import UAC2Kit

/// Structure-aware fuzzing (issue 19): the fuzz input is a recipe, not the descriptors. `Generator` reads
/// it byte by byte and writes a valid descriptor chain — device, configurations with an IAD, an
/// AudioControl interface holding clock sources/selectors/multipliers, terminals, feature/selector/mixer/
/// processing/extension units whose sources form chains, random graphs or loops (every unit sourcing
/// every other), streaming interfaces with up to 255 alternate settings each (format, iso data endpoint,
/// class-specific endpoint, feedback endpoint, SuperSpeed companion), string descriptors — up to 4 MB,
/// then optionally damages it (a cut, a changed byte, a wrong wTotalLength) and hands it to the pipeline
/// as raw bytes or as hex text. Random bytes almost never build such structures: this is how large,
/// consistent inputs (the quadratic model builder, exploding findings, 255 x 255 alts) reach the readers.
///
/// What an undamaged chain must give (checked, a broken promise traps): no reader error; the device, its
/// configurations and every generated alternate setting decoded; hex text of the same bytes decodes to
/// the same descriptors as the raw bytes; at most `findingsPerRulePerDevice` findings of one rule per
/// device and speed pass.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    var g = Generator(recipe: fuzzBytes(data, size))
    let chain = g.build()
    let raw = DescriptorReader.read(bytes: chain.bytes, name: "structured", format: .raw)
    let r: DecodedInput
    if chain.asHex {
        r = DescriptorReader.read(bytes: Generator.hexText(chain.bytes, perLine: chain.hexPerLine), name: "structured", format: .hex)
        if r.devices.map({ $0.encoded() }) != raw.devices.map({ $0.encoded() }) {
            fuzzFail("hex text of \(chain.bytes.count) bytes (\(chain.hexPerLine) a line) decodes to other descriptors than the raw bytes")
        }
    } else {
        r = raw
    }
    let checked = runPipeline(r)
    if chain.undamaged { checkUndamaged(r, chain) }
    var perKind: [String: Int] = [:]
    for f in checked.findings { perKind["\(f.ruleID) \(f.location.device ?? -1) \(f.location.speed.map { "\($0)" } ?? "")", default: 0] += 1 }
    if let worst = perKind.max(by: { $0.value < $1.value }), worst.value > RuleEngine.findingsPerRulePerDevice {
        fuzzFail("\(worst.value) findings of one kind (\(worst.key)): the cap is \(RuleEngine.findingsPerRulePerDevice)")
    }
    return 0
}

func checkUndamaged(_ r: DecodedInput, _ chain: Generator.Chain) {
    if let e = r.diagnostics.first(where: { $0.severity == .error }) {
        fuzzFail("an undamaged chain of \(chain.bytes.count) bytes gave a reader error: \(e.message) at \(e.location)")
    }
    guard r.devices.count == 1, let dev = r.devices.first else { fuzzFail("\(r.devices.count) devices, expected 1") }
    guard dev.configurations.count == chain.alternates.count else {
        fuzzFail("\(dev.configurations.count) configurations decoded, \(chain.alternates.count) generated")
    }
    for (c, expected) in zip(dev.configurations, chain.alternates) where c.altSettings.count != expected {
        fuzzFail("configuration \(c.value): \(c.altSettings.count) alternate settings decoded, \(expected) generated")
    }
    if dev.strings.count != chain.strings { fuzzFail("\(dev.strings.count) string descriptors decoded, \(chain.strings) generated") }
}

struct Generator {
    /// Generated chains stop growing here (a recipe can ask for 255 x 255 alts of 40 bytes and more).
    static let maxBytes = 4 << 20

    struct Chain {
        var bytes: [UInt8] = []
        /// Alternate settings generated per configuration (the AudioControl interface counted).
        var alternates: [Int] = []
        var strings = 0
        var undamaged = true
        var asHex = false
        var hexPerLine = 16
    }

    let recipe: [UInt8]
    var pos = 0
    var out = Chain()

    init(recipe: [UInt8]) { self.recipe = recipe }

    /// The next recipe byte; zeros once it is used up, so every recipe gives a chain.
    mutating func byte() -> Int {
        guard pos < recipe.count else { return 0 }
        defer { pos += 1 }
        return Int(recipe[pos])
    }

    /// A count of up to `limit` whose size class the recipe picks: a handful, up to 255, up to 4,095 or
    /// up to 65,025, so that huge counts are one byte away and not rare.
    mutating func count(_ limit: Int) -> Int {
        let cls = byte(), m = byte()
        let n: Int
        switch cls & 3 {
        case 0: n = m % 8
        case 1: n = m
        case 2: n = m << 4 | (byte() & 15)
        default: n = m * m
        }
        return min(n, limit)
    }

    mutating func pick<T>(_ options: [T]) -> T { options[byte() % options.count] }

    var full: Bool { out.bytes.count >= Self.maxBytes }

    static func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
    static func le32(_ v: Int) -> [UInt8] { le16(v & 0xFFFF) + le16(v >> 16) }

    mutating func build() -> Chain {
        let bcdUSB = pick([0x0110, 0x0200, 0x0200, 0x0201, 0x0300, 0x0320])
        let configurations = 1 + byte() % 3
        out.bytes = [18, 1] + Self.le16(bcdUSB) + [0xEF, 2, 1, bcdUSB >= 0x300 ? 9 : 64, 0xC0, 0x16, 0x44, 0x04, 0, 1, 1, 2, 3,
                                                  UInt8(configurations)]
        for value in 1...configurations where !full { configuration(value: value, superSpeed: bcdUSB >= 0x300) }
        let strings = count(100_000)
        for i in 0..<strings where !full {
            let text = Array("string \(i)".utf16.prefix(120))
            out.bytes += [UInt8(2 + 2 * text.count), 3] + text.flatMap { Self.le16(Int($0)) }
            out.strings += 1
        }
        damage()
        out.asHex = byte() & 1 == 1
        out.hexPerLine = pick([16, 32, 1 << 30])   // xxd -p like lines, or the whole input on one line
        return out
    }

    mutating func configuration(value: Int, superSpeed: Bool) {
        let start = out.bytes.count
        var alternates = 1
        let streams = count(60)
        out.bytes += [9, 2, 0, 0, UInt8(1 + streams), UInt8(value), 0, 0x80, 50]
        out.bytes += [8, 11, 0, UInt8(1 + streams), 1, 0, 0x20, 0]                                 // IAD
        out.bytes += [9, 4, 0, 0, 0, 1, 1, 0x20, 0]                                                 // AC interface
        audioControl()
        var terminal = 1
        for s in 0..<streams where !full {
            let number = UInt8(1 + s)
            out.bytes += [9, 4, number, 0, 0, 1, 2, 0x20, 0]                                         // zero-bandwidth alt 0
            alternates += 1
            let alts = count(255)
            let outEP = UInt8(1 + s % 15), inEP = UInt8(0x81 + s % 15)
            for a in 0..<alts where !full {
                let feedback = byte() & 1 == 1
                out.bytes += [9, 4, number, UInt8(1 + a), feedback ? 2 : 1, 1, 2, 0x20, 0]
                let channels = pick([1, 2, 8, 10, 12, 32, 255])
                let subslot = pick([1, 2, 3, 4])
                out.bytes += [16, 0x24, 1, UInt8(terminal), 0, 1] + Self.le32(1) + [UInt8(channels)] + Self.le32(byte()) + [0]
                out.bytes += [6, 0x24, 2, 1, UInt8(subslot), UInt8(subslot * 8)]
                let maxp = pick([0, 196, 392, 980, 1023, 1024, 1176, 0x1400 | 1024, 0x1FFF])
                let sync = pick([1, 2, 3]) << 2
                out.bytes += [7, 5, feedback ? outEP : inEP, UInt8(1 | sync)] + Self.le16(maxp) + [UInt8(pick([1, 4, 8, 16]))]
                if superSpeed { out.bytes += [6, 0x30, UInt8(byte() % 17), UInt8(byte() % 4)] + Self.le16(byte() << 4) }
                out.bytes += [8, 0x25, 1, 0, 0, 0, 0, 0]
                if feedback {
                    out.bytes += [7, 5, inEP, 0x11, 4, 0, 4]
                    if superSpeed { out.bytes += [6, 0x30, 0, 0, 4, 0] }
                }
                alternates += 1
            }
            terminal = 1 + (terminal + byte()) % 255
        }
        let total = out.bytes.count - start
        if total > 0xFFFF {
            // wTotalLength cannot hold it: the reader's view of where the configuration ends is not ours.
            out.undamaged = false
        }
        out.bytes[start + 2] = UInt8(total & 0xFF)
        out.bytes[start + 3] = UInt8((total >> 8) & 0xFF)
        out.alternates.append(alternates)
    }

    /// The AudioControl header and entities; the header's wTotalLength is set at the end.
    mutating func audioControl() {
        let header = out.bytes.count
        out.bytes += [9, 0x24, 1, 0, 2, 8, 0, 0, 0]
        let entities = count(4000)
        let mode = byte() % 3          // sources: 0 a chain, 1 random ids, 2 every other entity (loops)
        let idSpace = max(1, min(entities, 255))
        func id(_ i: Int) -> UInt8 { UInt8(1 + i % 255) }
        for i in 0..<entities where !full {
            var sources: [UInt8]
            switch mode {
            case 0: sources = [id(max(0, i - 1))]
            case 1: sources = (0..<(1 + byte() % 4)).map { _ in id(byte() % idSpace) }
            default: sources = (0..<idSpace).filter { $0 != i % 255 }.prefix(239).map(id)   // 16 + 239 = 255, the largest bLength
            }
            let p = UInt8(sources.count)
            switch byte() % 10 {
            case 0: out.bytes += [8, 0x24, 0x0A, id(i), UInt8(byte() & 7), 7, 0, 0]                               // clock source
            case 1: out.bytes += [7 + p, 0x24, 0x0B, id(i), p] + sources + [3, 0]                                   // clock selector
            case 2: out.bytes += [7, 0x24, 0x0C, id(i), sources[0], 0, 0]                                            // clock multiplier
            case 3: out.bytes += [17, 0x24, 2, id(i), 1, 1, 0, sources[0], 2, 0, 0, 0, 0, 0, 0, 0, 0]               // input terminal
            case 4: out.bytes += [12, 0x24, 3, id(i), 1, 3, 0, sources[0], sources[0], 0, 0, 0]                     // output terminal
            case 5:
                let ch = byte() % 9
                out.bytes += [UInt8(6 + 4 * (ch + 1)), 0x24, 6, id(i), sources[0]] + [UInt8](repeating: 0x0F, count: 4 * (ch + 1)) + [0]
            case 6: out.bytes += [7 + p, 0x24, 5, id(i), p] + sources + [0, 0]                                      // selector unit
            case 7: out.bytes += [13 + p + 1, 0x24, 4, id(i), p] + sources + [2] + Self.le32(3) + [0, 0xFF, 0, 0]   // mixer unit
            case 8: out.bytes += [16 + p, 0x24, 8, id(i), 1, 0, p] + sources + [2] + Self.le32(3) + [0, 0, 0, 0]    // processing unit (16 + p bytes)
            default: out.bytes += [15 + p, 0x24, 9, id(i), 1, 0, p] + sources + [2] + Self.le32(3) + [0, 0, 0]      // extension unit (15 + p bytes)
            }
        }
        let total = out.bytes.count - header
        out.bytes[header + 6] = UInt8(total & 0xFF)
        out.bytes[header + 7] = UInt8((total >> 8) & 0xFF)
    }

    /// Damage the recipe asks for: none, a cut, one changed byte, or a configuration total that lies.
    mutating func damage() {
        let kind = byte() % 4
        guard kind != 0, out.bytes.count > 22 else { return }
        let at = (byte() << 16 | byte() << 8 | byte()) % out.bytes.count
        switch kind {
        case 1: out.bytes.removeSubrange(at...)
        case 2: out.bytes[at] = UInt8(byte())
        default: out.bytes[21] = UInt8(byte())        // the first configuration's wTotalLength, high byte
        }
        out.undamaged = false
    }

    /// The bytes as xxd -p / plain hex text, `perLine` bytes a line.
    static func hexText(_ bytes: [UInt8], perLine: Int) -> [UInt8] {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 3 + bytes.count / max(1, perLine) + 1)
        for (i, b) in bytes.enumerated() {
            text.append(digits[Int(b >> 4)]); text.append(digits[Int(b & 15)])
            text.append((i + 1) % perLine == 0 ? 0x0A : 0x20)
        }
        text.append(0x0A)
        return text
    }
}
