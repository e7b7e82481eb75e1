/// One audio function of a configuration: its AudioControl interface, entities, and streaming alts.
/// Grouped by IAD (UAC2/3 require one) or, for UAC1 without an IAD, by the AC header's baInterfaceNr.
public struct AudioFunction: Sendable, Hashable {
    public var version: AudioClassVersion
    public var association: Descriptor?
    public var controlInterface: AltSetting?
    public var header: Descriptor?
    public var entities: [AudioEntity] = [] {
        didSet { firstIndexByID = Self.firstIndices(entities) }
    }
    /// Entity id to the index of its first declaration: the checks look entities up by id once per
    /// source link, and a linear search made that quadratic in the number of entities.
    private var firstIndexByID: [Int: Int] = [:]
    /// Interface numbers the function covers (IAD range or AC + baInterfaceNr), in order.
    public var interfaceNumbers: [Int] = []
    public var streamingInterfaces: [Int] = []
    public var midiInterfaces: [Int] = []
    /// Every AudioStreaming alternate setting with its format and endpoints, alt 0 included.
    public var streams: [AudioStreamingAlt] = []
    /// Interfaces a UAC1 header's baInterfaceNr lists that an IAD already gives to another function. They are
    /// not part of this function (a host binds them to the IAD's function first) and are kept for the rules.
    public var claimedByAnotherFunction: [Int] = []

    public init(version: AudioClassVersion) { self.version = version }

    public func entity(_ id: Int) -> AudioEntity? { firstIndexByID[id].map { entities[$0] } }

    private static func firstIndices(_ es: [AudioEntity]) -> [Int: Int] {
        var out: [Int: Int] = [:]
        out.reserveCapacity(es.count)
        for (i, e) in es.enumerated() where out[e.id] == nil { out[e.id] = i }
        return out
    }

    /// Entities declared more than once with the same id are all kept here; `entity(_:)` returns the first.
    public var duplicateEntityIDs: [Int] {
        var seen = Set<Int>(), dup = Set<Int>()
        for e in entities where e.kind != .powerDomain { if !seen.insert(e.id).inserted { dup.insert(e.id) } }
        return dup.sorted()
    }

    /// The clock path from an entity's clock input down to clock sources, as far as it resolves.
    /// Stops at missing entities and at cycles; both are reported by `ClockPath`.
    public func clockPath(from id: Int) -> ClockPath {
        var path = ClockPath()
        var visited = Set<Int>()
        var frontier = [id]
        while let next = frontier.popLast() {
            guard visited.insert(next).inserted else { path.cycle = true; continue }
            guard let e = entity(next) else { path.missing.append(next); continue }
            path.entities.append(e)
            switch e.kind {
            case .clockSource: path.sources.append(e)
            case .clockSelector, .clockMultiplier: frontier += e.clockSourceIDs.reversed()
            default: path.wrongKind.append(e)
            }
            if visited.count > 256 { break }
        }
        return path
    }
}

public struct ClockPath: Sendable, Hashable {
    public var entities: [AudioEntity] = []
    public var sources: [AudioEntity] = []
    public var missing: [Int] = []
    public var wrongKind: [AudioEntity] = []
    public var cycle = false
    public var isComplete: Bool { !sources.isEmpty && missing.isEmpty && wrongKind.isEmpty && !cycle }
}

extension Configuration {
    public var audioFunctions: [AudioFunction] {
        var functions: [AudioFunction] = []
        var claimed = Set<Int>()
        for iad in associations where iad["bFunctionClass"] == 1 {
            let first = iad["bFirstInterface"] ?? 0
            let count = min(iad["bInterfaceCount"] ?? 0, 64)
            let numbers = Array(first..<(first + count))
            let ac = numbers.compactMap { interface($0)?.alternates.first }.first { $0.isAudioControl }
            let version = AudioClassVersion(protocol: iad["bFunctionProtocol"] ?? ac?.interfaceProtocol ?? 0)
            functions.append(makeFunction(version: version, iad: iad, ac: ac, numbers: numbers))
            claimed.formUnion(numbers)
        }
        for i in interfaces where !claimed.contains(i.number) {
            guard let ac = i.alternates.first, ac.isAudioControl else { continue }
            let version = AudioClassVersion(protocol: ac.interfaceProtocol)
            var numbers = [i.number]
            let header = ac.classSpecific("HEADER")
            var elsewhere: [Int] = []
            if version == .uac1, let h = header {
                let listed = h.values("baInterfaceNr")
                elsewhere = listed.filter { claimed.contains($0) && $0 != i.number }
                numbers += listed.filter { !claimed.contains($0) && $0 != i.number }
            } else {
                // No IAD: take the audio interfaces that follow, up to the next AudioControl interface.
                let after = interfaces.filter { $0.number > i.number && !claimed.contains($0.number) }
                for j in after {
                    guard let a = j.alternates.first, a.interfaceClass == 1, !a.isAudioControl else { break }
                    numbers.append(j.number)
                }
            }
            var f = makeFunction(version: version, iad: nil, ac: ac, numbers: numbers)
            f.claimedByAnotherFunction = elsewhere
            functions.append(f)
            claimed.formUnion(numbers)
        }
        return functions
    }

    func makeFunction(version: AudioClassVersion, iad: Descriptor?, ac: AltSetting?, numbers: [Int]) -> AudioFunction {
        var f = AudioFunction(version: version)
        f.association = iad
        f.controlInterface = ac
        f.header = ac?.classSpecific("HEADER")
        f.entities = ac?.classSpecific.compactMap(AudioEntity.init) ?? []
        f.interfaceNumbers = numbers
        for n in numbers {
            guard let intf = interface(n), let first = intf.alternates.first else { continue }
            if first.isAudioStreaming {
                f.streamingInterfaces.append(n)
                let v = AudioClassVersion(protocol: first.interfaceProtocol)
                f.streams += intf.alternates.map { AudioStreamingAlt(version: v, alt: $0) }
            } else if first.isMIDIStreaming {
                f.midiInterfaces.append(n)
            }
        }
        return f
    }
}
