/// The audio function as a whole: IAD, class version, AudioControl header.
enum FunctionChecks {
    static func acNumber(_ f: AudioFunction) -> Int { f.controlInterface?.interfaceNumber ?? f.interfaceNumbers.first ?? 0 }

    @Sendable static func missingIAD(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for f in s.functions where f.version != .uac1 && f.association == nil {
                guard let ac = f.controlInterface else { continue }
                out.append(ci.finding(s.loc(ac), [
                    "version": f.version.rawValue, "ac": "\(ac.interfaceNumber)", "count": "\(f.interfaceNumbers.count)",
                    "proto": RuleText.hex(Int(f.version.interfaceProtocol))]))
            }
        }
        return out
    }

    @Sendable static func iadCoverage(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            let covered = Set(s.functions.flatMap(\.interfaceNumbers))
            let orphans = s.config.interfaces.filter { i in
                guard let a = i.alternates.first else { return false }
                return (a.isAudioStreaming || a.isMIDIStreaming) && !covered.contains(i.number)
            }.map(\.number)
            let iadFunctions = s.functions.filter { $0.association != nil }
            for (k, f) in iadFunctions.enumerated() {
                guard let iad = f.association else { continue }
                let first = iad["bFirstInterface"] ?? 0
                let count = iad["bInterfaceCount"] ?? 0
                let ac = f.controlInterface?.interfaceNumber
                // AS/MIDI interfaces after this function and before the next one belong to it. The next one may
                // be a UAC1 function without an IAD (Scarlett 2i4 2nd gen: AC 3 + MIDI 4 after the UAC2 IAD 0-2).
                _ = k
                let starts = s.functions.compactMap { g -> Int? in g.association?["bFirstInterface"] ?? g.controlInterface?.interfaceNumber }
                let nextStart = starts.filter { $0 > first }.min() ?? Int.max
                let mine = orphans.filter { $0 > first && $0 < nextStart }
                var problems: [String] = []
                if let ac, ac != first {
                    problems.append("starts at interface \(first), which is not the AudioControl interface (\(ac))")
                } else if ac == nil {
                    problems.append("covers no AudioControl interface")
                }
                let missing = f.interfaceNumbers.filter { s.config.interface($0) == nil }
                if !missing.isEmpty { problems.append("names interface(s) \(RuleText.list(missing)), which do not exist") }
                if !mine.isEmpty { problems.append("leaves out AudioStreaming/MIDI interface(s) \(RuleText.list(mine)) that follow it") }
                guard !problems.isEmpty else { continue }
                let audio = (f.interfaceNumbers + mine).filter { (s.config.interface($0)?.alternates.first?.interfaceClass) == 1 }
                let fixFirst = ac ?? audio.min() ?? first
                let fixLast = max(audio.max() ?? fixFirst, fixFirst)
                out.append(ci.finding(s.loc(iad), [
                    "iad": "for interface \(fixFirst)", "first": "\(first)", "count": "\(count)",
                    "problem": problems.joined(separator: "; "), "fixFirst": "\(fixFirst)",
                    "fixCount": "\(fixLast - fixFirst + 1)", "acNumber": "\(fixFirst)"]))
            }
        }
        return out
    }

    /// Interfaces of an IAD's function that are not Audio class (DFU, HID, vendor): harmless to Linux, which skips
    /// them, but on Windows the composite driver hands the whole IAD range to the audio function.
    static func foreignInterfaces(_ s: ConfigScope, _ f: AudioFunction) -> [Int] {
        f.interfaceNumbers.filter { (s.config.interface($0)?.alternates.first?.interfaceClass).map { $0 != 1 } ?? false }
    }

    @Sendable static func iadForeignInterface(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for f in s.functions {
                guard let iad = f.association else { continue }
                let foreign = foreignInterfaces(s, f)
                guard !foreign.isEmpty else { continue }
                let kinds = foreign.map { n -> String in
                    let a = s.config.interface(n)?.alternates.first
                    return "\(n) (class \(a?.interfaceClass ?? 0)\(a?.interfaceClass == 0xFE && a?.interfaceSubClass == 1 ? ", DFU" : a?.interfaceClass == 3 ? ", HID" : a?.interfaceClass == 0xFF ? ", vendor-specific" : ""))"
                }
                let first = iad["bFirstInterface"] ?? 0
                let count = iad["bInterfaceCount"] ?? 0
                let audio = f.interfaceNumbers.filter { !foreign.contains($0) }
                let lastAudio = audio.max() ?? first
                out.append(ci.finding(s.loc(iad), [
                    "first": "\(first)", "count": "\(count)", "foreign": kinds.joined(separator: ", "),
                    "fixCount": "\(lastAudio - first + 1)", "last": "\(first + count - 1)"]))
            }
        }
        return out
    }

    /// A UAC1 function without an IAD is the AC interface plus what its header's baInterfaceNr lists (Audio 1.0
    /// §4.3.2): Linux creates streams and MIDI ports from that list only.
    @Sendable static func uac1Collection(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            let covered = Set(s.functions.flatMap(\.interfaceNumbers))
            for f in s.functions where f.version == .uac1 && f.association == nil {
                guard let ac = f.controlInterface, let h = f.header else { continue }
                let listed = h.values("baInterfaceNr")
                var problems: [String] = []
                if !f.claimedByAnotherFunction.isEmpty {
                    let owners = f.claimedByAnotherFunction.map { n -> String in
                        let owner = s.functions.first { $0.association != nil && $0.interfaceNumbers.contains(n) }
                        return owner.flatMap { $0.association?["bFirstInterface"] }.map { "\(n) (in the IAD starting at interface \($0))" } ?? "\(n)"
                    }
                    problems.append("lists interface(s) \(owners.joined(separator: ", ")), which belong to another function")
                }
                // An input cut short (a dump pasted into a bug report) may simply not reach those interfaces.
                let missing = s.cutShort ? [] : listed.filter { s.config.interface($0) == nil }
                if !missing.isEmpty { problems.append("lists interface(s) \(RuleText.list(missing)), which do not exist") }
                // AS/MIDI interfaces after this AC interface, before the next function, that nothing claims.
                let starts = s.functions.compactMap { g -> Int? in g.association?["bFirstInterface"] ?? g.controlInterface?.interfaceNumber }
                let nextStart = starts.filter { $0 > ac.interfaceNumber }.min() ?? Int.max
                let left = s.config.interfaces.filter { i in
                    guard let a = i.alternates.first, a.isAudioStreaming || a.isMIDIStreaming else { return false }
                    return i.number > ac.interfaceNumber && i.number < nextStart && !covered.contains(i.number)
                }.map(\.number)
                if !left.isEmpty { problems.append("leaves out AudioStreaming/MIDI interface(s) \(RuleText.list(left)) that follow it") }
                guard !problems.isEmpty else { continue }
                let fixList = (f.interfaceNumbers.filter { $0 != ac.interfaceNumber && s.config.interface($0) != nil } + left).sorted()
                out.append(ci.finding(s.loc(h, interface: ac.interfaceNumber), [
                    "ac": "\(ac.interfaceNumber)", "count": "\(listed.count)", "listed": listed.isEmpty ? "none" : RuleText.list(listed),
                    "problem": problems.joined(separator: "; "), "fixCount": "\(fixList.count)",
                    "fixList": fixList.isEmpty ? "none" : RuleText.list(fixList), "fixLength": "\(8 + fixList.count)"]))
            }
        }
        return out
    }

    static func versionName(_ p: Int) -> String {
        switch p {
        case 0x00: return "UAC1"
        case 0x20: return "UAC2"
        case 0x30: return "UAC3"
        default: return "unknown"
        }
    }

    @Sendable static func versionAgreement(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for f in s.functions {
                guard let ac = f.controlInterface else { continue }
                let p = ac.interfaceProtocol
                let expected = versionName(p)
                let bcd = p == 0x20 ? "2.00" : p == 0x30 ? "3.00 (UAC3 headers carry no bcdADC)" : "1.00"
                func add(_ d: Descriptor, _ subject: String, _ seen: String, _ other: String, _ exp: String,
                         interface: Int? = nil) {
                    out.append(ci.finding(s.loc(d, interface: interface), [
                        "subject": subject, "seen": seen, "other": other, "expected": exp,
                        "proto": RuleText.hex(p == 0x30 || p == 0x20 ? p : 0), "bcd": bcd]))
                }
                let acText = "AudioControl interface \(ac.interfaceNumber) (bInterfaceProtocol 0x\(RuleText.hex(p)))"
                if ![0x00, 0x20, 0x30].contains(p) {
                    add(ac.descriptor, "AudioControl interface \(ac.interfaceNumber)", "bInterfaceProtocol 0x\(RuleText.hex(p)), which is no audio class version",
                        "the Audio class", "0x00 (UAC1), 0x20 (UAC2) or 0x30 (UAC3)", interface: ac.interfaceNumber)
                }
                if let iad = f.association, let fp = iad["bFunctionProtocol"], fp != p {
                    add(iad, "The IAD", "bFunctionProtocol 0x\(RuleText.hex(fp)) (\(versionName(fp)))", acText, expected)
                }
                if let h = f.header, let bcdADC = h["bcdADC"] {
                    let major = bcdADC >> 8
                    let headerVersion = major == 1 ? 0x00 : major == 2 ? 0x20 : major == 3 ? 0x30 : -1
                    if headerVersion != p {
                        add(h, "The AudioControl header", "bcdADC \(major).\(RuleText.hex(bcdADC & 0xFF))", acText, expected,
                            interface: ac.interfaceNumber)
                    }
                }
                for n in f.streamingInterfaces {
                    guard let a = s.config.interface(n)?.alternates.first, a.interfaceProtocol != p else { continue }
                    add(a.descriptor, "AudioStreaming interface \(n)", "bInterfaceProtocol 0x\(RuleText.hex(a.interfaceProtocol)) (\(versionName(a.interfaceProtocol)))",
                        acText, expected, interface: n)
                }
            }
        }
        return out
    }

    @Sendable static func headerTotalLength(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for f in s.functions {
                guard let ac = f.controlInterface, let h = f.header, let declared = h["wTotalLength"] else { continue }
                let actual = ac.classSpecific.filter { $0.bDescriptorType == DescriptorType.csInterface }
                    .reduce(0) { $0 + $1.bytes.count }
                guard declared != actual else { continue }
                out.append(ci.finding(s.loc(h, interface: ac.interfaceNumber), [
                    "ac": "\(ac.interfaceNumber)", "declared": "\(declared)", "actual": "\(actual)"]))
            }
        }
        return out
    }

    @Sendable static func missingHeader(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for f in s.functions where f.header == nil {
                guard let ac = f.controlInterface else { continue }
                out.append(ci.finding(s.loc(ac), ["ac": "\(ac.interfaceNumber)"]))
            }
        }
        return out
    }
}
