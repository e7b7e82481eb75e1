/// Entity IDs and the links between them: audio sources, clocks, streams, associated terminals.
enum TopologyChecks {
    static func labels(_ es: [AudioEntity]) -> String {
        let names = es.prefix(6).map(\.label)
        switch names.count {
        case 0: return ""
        case 1: return names[0]
        default: return names.dropLast().joined(separator: ", ") + " and " + names.last! + (es.count > 6 ? " (\(es.count - 6) more)" : "")
        }
    }

    static func name(_ f: AudioFunction, _ id: Int) -> String { f.entity(id)?.label ?? "ID \(id)" }

    /// TN3190 "Clock Multiplier": Apple's driver does not support them. Linux passes through them in
    /// clock.c but its mixer parser, which walks each Output Terminal's clock path (and every input of
    /// a Clock Selector before building the selector's control), has no case for one.
    @Sendable static func clockMultipliers(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for f in s.functions where f.version != .uac1 {
                for m in f.entities where m.kind == .clockMultiplier {
                    let clocked = f.entities.filter { e in
                        e.kind.isTerminal && e.clockSourceIDs.first.map { f.clockPath(from: $0).entities.contains { $0.id == m.id } } == true
                    }
                    let direct = f.entities.filter { $0.id != m.id && $0.clockSourceIDs.contains(m.id) }
                    let fromOT = f.entities.filter { e in
                        e.kind == .outputTerminal && e.clockSourceIDs.first.map { f.clockPath(from: $0).entities.contains { $0.id == m.id } } == true
                    }
                    let selectors = direct.filter { sel in
                        sel.kind == .clockSelector && fromOT.contains { ot in
                            ot.clockSourceIDs.first.map { f.clockPath(from: $0).entities.contains { $0.id == sel.id } } == true
                        }
                    }
                    let type = m.descriptor.bytes.count > 2 ? RuleText.hex(Int(m.descriptor.bytes[2])) : "0c"
                    var mixer = fromOT.isEmpty
                        ? "as no Output Terminal's clock path reaches it here, nothing is logged"
                        : "walking the clock path of \(labels(fromOT)) logs \"unit \(m.id): unexpected type 0x\(type)\""
                    if !selectors.isEmpty {
                        mixer += ", and \(labels(selectors)) gets no \"… Clock Source\" selector control (its inputs are parsed first)"
                    }
                    let source = m.clockSourceIDs.first.map { name(f, $0) } ?? "its bCSourceID"
                    out.append(ci.finding(s.loc(m), [
                        "entity": m.label, "source": source,
                        "clocked": clocked.isEmpty ? "" : " for \(labels(clocked))",
                        "fields": direct.isEmpty ? "the clock inputs that should use it" : "the bCSourceID/baCSourceID of \(labels(direct))",
                        "linuxMixer": mixer, "id": "\(m.id)"]))
                }
            }
        }
        return out
    }

    /// TN3190 "Sampling Rate Converter": Apple's driver does not support SRC entities; Linux's
    /// validate.c and mixer parser have no entry for them.
    @Sendable static func rateConverters(_ ci: CheckInput) -> [Finding] {
        var out: [Finding] = []
        for s in ci.configs {
            for f in s.functions where f.version != .uac1 {
                for u in f.entities where u.kind == .sampleRateConverter {
                    let downstream = f.entities.filter { $0.id != u.id && $0.sourceIDs.contains(u.id) }
                    // Feature and Selector Units between the converter and the Output Terminals.
                    var units: [AudioEntity] = []
                    var seen = Set<Int>([u.id])
                    var frontier = downstream
                    while let e = frontier.popLast(), seen.count < 256 {
                        guard seen.insert(e.id).inserted else { continue }
                        if e.kind == .featureUnit || e.kind == .selectorUnit { units.append(e) }
                        if !e.kind.isTerminal { frontier += f.entities.filter { $0.sourceIDs.contains(e.id) } }
                    }
                    let source = u.sourceIDs.first.map { name(f, $0) } ?? "its bSourceID"
                    let clocks = u.clockSourceIDs
                    out.append(ci.finding(s.loc(u), [
                        "entity": u.label, "id": "\(u.id)", "source": source,
                        "clockIn": clocks.first.map { name(f, $0) } ?? "?", "clockOut": clocks.dropFirst().first.map { name(f, $0) } ?? "?",
                        "feeds": downstream.isEmpty ? "" : " and feeds \(labels(downstream))",
                        "downstream": downstream.isEmpty ? "the entity it feeds" : labels(downstream),
                        "downstreamUnits": units.isEmpty ? "none in this function" : labels(units.sorted { $0.id < $1.id })]))
                }
            }
        }
        return out
    }

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
                    out.append(ci.finding(s.loc(second), [
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
                        out.append(ci.finding(s.loc(e), [
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
                        out.append(ci.finding(s.loc(e), [
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
                    out.append(ci.finding(s.loc(e), [
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
                    out.append(ci.finding(s.loc(e), ["entity": e.label, "cycle": cycle]))
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
                    out.append(ci.finding(s.loc(st.alt), [
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
                    out.append(ci.finding(s.loc(e), ["entity": e.label, "assoc": "\(assoc)", "problem": problem]))
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
                    out.append(ci.finding(s.loc(other.alt), [
                        "interface": "\(n)", "first": "\(a)", "firstAlt": "\(first.alternateSetting)", "other": "\(b)",
                        "otherAlt": "\(other.alternateSetting)"]))
                }
            }
        }
        return out
    }
}
