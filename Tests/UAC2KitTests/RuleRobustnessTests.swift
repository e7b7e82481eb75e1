import Testing
@testable import UAC2Kit

/// Bad input never crashes a rule: every truncation point and single-byte corruptions of real and
/// built descriptor sets are checked, and a cut input says where reading stopped.
@Suite struct RuleRobustnessTests {
    static let inputs: [(String, [UInt8])] = [
        ("ksoloti", Fixtures.bytes("ksoloti-core-16c0_0444.bin")),
        ("rme", Fixtures.bytes("rme-fireface-uc-0424_3fc6.bin")),
        ("built-hs", DescriptorBuilder.uac2(speed: .high).bytes()),
        ("built-uac1", DescriptorBuilder.uac1().bytes()),
    ]

    @Test(arguments: 0..<4)
    func everyTruncationIsCheckedAndLocated(_ n: Int) {
        let (name, bytes) = Self.inputs[n]
        for cut in stride(from: 1, to: bytes.count, by: 1) {
            let input = RawDescriptorReader.read(Array(bytes[0..<cut]), name: name)
            let r = RuleEngine.check(input, options: CheckOptions(speed: .full))
            if input.hasErrors {
                #expect(r.findings.contains { $0.ruleID == "USB-READ-001" && $0.location.source.offset != nil },
                        "\(name) cut at \(cut): no USB-READ-001 with an offset")
            }
        }
    }

    @Test(arguments: 0..<4)
    func corruptedBytesNeverCrash(_ n: Int) {
        let (name, bytes) = Self.inputs[n]
        var checked = 0
        for i in bytes.indices {
            for v: UInt8 in [0x00, 0xFF] {
                var b = bytes
                b[i] = v
                for speed in [i % 2 == 0 ? USBSpeed.full : .high] {
                    let r = RuleEngine.check(RawDescriptorReader.read(b, name: name), options: CheckOptions(speed: speed))
                    checked += r.findings.count >= 0 ? 1 : 0
                    for f in r.findings { #expect(!f.message.isEmpty && !f.fix.isEmpty) }
                }
            }
        }
        #expect(checked == bytes.count * 2)
    }
}
