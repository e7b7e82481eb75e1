/// Entity IDs and the links between them: audio sources, clocks, streams, associated terminals.
enum TopologyChecks {
    static let table: [String: RuleCheck] = [
        "UAC-TOPO-001": duplicateIDs,
        "UAC-TOPO-002": audioSources,
        "UAC-TOPO-003": clockSources,
        "UAC-TOPO-004": clockLoops,
        "UAC-TOPO-005": audioLoops,
        "UAC-TOPO-006": terminalLink,
        "UAC-TOPO-007": assocTerminal,
        "UAC-TOPO-008": terminalLinkAcrossAlts,
    ]

    static func kindName(_ e: AudioEntity) -> String {
        let l = e.label
        return (l.first.map { "aeiouAEIOU".contains($0) } ?? false ? "an " : "a ") + l
    }

    /// The first six, lazily: a function with thousands of entities and as many bad links must not
    /// filter every entity once per finding.
    static func candidates<S: Sequence>(_ es: S) -> String where S.Element == AudioEntity {
        let first = es.prefix(6).map(\.label)
        return first.isEmpty ? "" : " (" + first.joined(separator: ", ") + ")"
    }

    @Sendable static func duplicateIDs(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for f in s.functions {
                for id in f.duplicateEntityIDs {
                    let es = f.entities.filter { $0.id == id && $0.kind != .powerDomain }
                    guard let second = es.dropFirst().first else { continue }
                    out.append(ci.finding("UAC-TOPO-001", s.loc(second), [
                        "id": "\(id)", "entities": es.map(\.label).joined(separator: " and ")]))
                }
            }
        }
        return out
    }

    @Sendable static func audioSources(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for f in s.functions {
                let feeders = f.entities.filter { !$0.kind.isClock && $0.kind != .outputTerminal && $0.kind != .powerDomain && $0.kind != .connectors }
                for e in f.entities where !e.kind.isClock {
                    let field = e.descriptor["bSourceID"] != nil ? "bSourceID" : "baSourceID"
                    for src in e.sourceIDs {
                        var problem: String?
                        if let t = f.entity(src) {
                            if t.kind == .outputTerminal { problem = "which is \(kindName(t)): an Output Terminal has no output to take" }
                            else if t.kind.isClock { problem = "which is \(kindName(t)), a clock entity, not a terminal or unit" }
                            else if t.id == e.id { problem = "which is itself" }
                        } else {
                            problem = "which no entity of this function has"
                        }
                        guard let problem else { continue }
                        out.append(ci.finding("UAC-TOPO-002", s.loc(e), [
                            "entity": e.label, "source": "\(src)", "field": field, "problem": problem,
                            "candidates": candidates(feeders.lazy.filter { $0.id != e.id })]))
                    }
                }
            }
        }
        return out
    }

    @Sendable static func clockSources(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for f in s.functions where f.version != .uac1 {
                let clocks = f.entities.filter(\.kind.isClock)
                for e in f.entities where e.kind.isTerminal || e.kind.isClock || e.kind == .sampleRateConverter {
                    let d = e.descriptor
                    let field = d["bCSourceID"] != nil ? "bCSourceID" : d.field("baCSourceID") != nil ? "baCSourceID"
                        : "bCSourceInID/bCSourceOutID"
                    for id in e.clockSourceIDs {
                        var problem: String?
                        if let t = f.entity(id) {
                            if !t.kind.isClock { problem = "which is \(kindName(t)), not a clock entity" }
                            else if t.id == e.id { problem = "which is itself" }
                        } else {
                            problem = id == 0 ? "but 0 names no entity" : "which no entity of this function has"
                        }
                        guard let problem else { continue }
                        out.append(ci.finding("UAC-TOPO-003", s.loc(e), [
                            "entity": e.label, "clock": "\(id)", "field": field, "problem": problem,
                            "candidates": candidates(clocks.lazy.filter { $0.id != e.id })]))
                    }
                }
            }
        }
        return out
    }

    @Sendable static func clockLoops(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for f in s.functions where f.version != .uac1 {
                var reported = Set<Int>()
                for e in f.entities where e.kind.isTerminal {
                    guard let start = e.clockSourceIDs.first else { continue }
                    let path = f.clockPath(from: start)
                    guard path.cycle else { continue }
                    let ids = path.entities.map(\.id)
                    guard reported.insert(ids.min() ?? start).inserted else { continue }
                    out.append(ci.finding("UAC-TOPO-004", s.loc(e), [
                        "entity": e.label, "cycle": path.entities.map(\.label).joined(separator: " → "), "id": "\(start)"]))
                }
            }
        }
        return out
    }

    @Sendable static func audioLoops(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for f in s.functions {
                for loop in f.audioLoops {
                    let e = loop.cycle[0]
                    // A cycle through thousands of units is named by its ends; the count says the rest.
                    var names = loop.cycle.prefix(32).map(\.label)
                    if loop.cycle.count > 32 { names.append("… \(loop.cycle.count - 32) more") }
                    var cycle = (names + [e.label]).joined(separator: " ← ")
                    if loop.members > loop.cycle.count {
                        cycle += "; \(loop.members) entities in all take their input from each other in loops"
                    }
                    out.append(ci.finding("UAC-TOPO-005", s.loc(e), ["entity": e.label, "cycle": cycle]))
                }
            }
        }
        return out
    }

    @Sendable static func terminalLink(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for f in s.functions {
                for st in f.streams where st.general != nil {
                    guard let link = st.terminalLink else { continue }
                    let isOut = st.direction == .out
                    let wantKind: AudioEntityKind? = st.direction == nil ? nil : (isOut ? .inputTerminal : .outputTerminal)
                    var problem: String?
                    if let t = f.entity(link) {
                        if !t.kind.isTerminal {
                            problem = "which is \(kindName(t)), not a terminal"
                        } else if let want = wantKind, t.kind != want, t.kind != .extendedTerminal {
                            problem = "which is \(kindName(t)); a stream \(isOut ? "from the host" : "to the host") enters the function through an \(isOut ? "Input" : "Output") Terminal"
                        }
                    } else {
                        problem = "which is no terminal of this function"
                    }
                    guard let problem else { continue }
                    let cands = f.entities.lazy.filter { e in
                        (wantKind.map { e.kind == $0 } ?? e.kind.isTerminal) && e.isStreamingTerminal
                    }
                    out.append(ci.finding("UAC-TOPO-006", s.loc(st.alt), [
                        "interface": "\(st.interfaceNumber)", "alt": "\(st.alternateSetting)", "link": "\(link)",
                        "direction": st.direction.map { $0 == .out ? "OUT, host to device" : "IN, device to host" } ?? "no data endpoint",
                        "problem": problem, "expected": isOut ? "Input" : "Output", "candidates": candidates(cands)]))
                }
            }
        }
        return out
    }

    @Sendable static func assocTerminal(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for f in s.functions {
                var reported = Set<Set<Int>>()
                for e in f.entities where e.kind == .inputTerminal || e.kind == .outputTerminal {
                    guard let assoc = e.assocTerminal, assoc != 0 else { continue }
                    var problem: String?
                    if let t = f.entity(assoc) {
                        if !(t.kind == .inputTerminal || t.kind == .outputTerminal) {
                            problem = "which is \(kindName(t)), not a terminal"
                        } else if t.kind == e.kind {
                            problem = "which is \(kindName(t)) too; a pair is one Input and one Output Terminal"
                        }
                    } else {
                        problem = "which is no terminal of this function"
                    }
                    guard let problem, reported.insert([e.id, assoc]).inserted else { continue }
                    out.append(ci.finding("UAC-TOPO-007", s.loc(e), ["entity": e.label, "assoc": "\(assoc)", "problem": problem]))
                }
            }
        }
        return out
    }

    @Sendable static func terminalLinkAcrossAlts(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for f in s.functions {
                for n in f.streamingInterfaces {
                    let alts = f.streams.filter { $0.interfaceNumber == n && $0.terminalLink != nil }
                    guard let first = alts.first, let a = first.terminalLink,
                          let other = alts.first(where: { $0.terminalLink != a }), let b = other.terminalLink else { continue }
                    out.append(ci.finding("UAC-TOPO-008", s.loc(other.alt), [
                        "interface": "\(n)", "first": "\(a)", "firstAlt": "\(first.alternateSetting)", "other": "\(b)",
                        "otherAlt": "\(other.alternateSetting)"]))
                }
            }
        }
        return out
    }
}
