/// One audio function's topology as a directed graph, the way a picture shows it: an edge points the
/// way data (or a clock) flows, from the entity a descriptor names as its source to the descriptor.
/// Links to entities that do not exist become "missing" nodes with dangling edges; edges inside a
/// cycle are marked. Both the HTML report and `decode --dot` draw this one model.
public struct TopologyGraph: Sendable, Hashable {
    public enum NodeKind: Sendable, Hashable {
        case entity(AudioEntityKind)
        /// An AudioStreaming interface (all its alternate settings).
        case streamingInterface
        /// An id some descriptor links to that no descriptor declares.
        case missing
    }

    public enum EdgeKind: String, Sendable, Hashable {
        /// bSourceID / baSourceID: audio.
        case audio
        /// bCSourceID / baCSourceID: the clock an entity runs on.
        case clock
        /// bTerminalLink: the streaming interface the terminal stands for.
        case stream
    }

    public enum EdgeProblem: String, Sendable, Hashable {
        /// The edge's source does not exist.
        case dangling
        /// The edge lies on a cycle (USB Audio 2.0 §3.13 requires an acyclic graph).
        case cycle
    }

    public struct Node: Sendable, Hashable {
        /// Unique within the graph: "e10" (entity 10), "as1" (streaming interface 1), "m12" (missing id 12).
        public var key: String
        public var kind: NodeKind
        public var title: String
        public var details: [String]
        public var entityID: Int?
        public var interfaceNumber: Int?
        /// The entity's label as findings name it ("Feature Unit 10"), for linking findings to nodes.
        public var findingName: String?

        public var isClock: Bool {
            if case .entity(let k) = kind { return k.isClock }
            return false
        }
    }

    public struct Edge: Sendable, Hashable {
        public var from: Int
        public var to: Int
        public var kind: EdgeKind
        public var problem: EdgeProblem?
    }

    public var nodes: [Node] = []
    public var edges: [Edge] = []

    public init(nodes: [Node], edges: [Edge]) {
        self.nodes = nodes
        self.edges = edges
    }

    public init(_ f: AudioFunction) {
        var index: [Int: Int] = [:]          // entity id → node (the first declaration, as `entity(_:)`)
        var seenKeys: [String: Int] = [:]
        func uniqueKey(_ base: String) -> String {
            let n = seenKeys[base, default: 0]
            seenKeys[base] = n + 1
            return n == 0 ? base : "\(base)-\(n + 1)"
        }
        for e in f.entities {
            // The terminal type goes on its own line: "Input Terminal 2" over "USB Streaming" keeps boxes narrow.
            var details = TopologyGraph.details(e, f)
            var title = e.label
            if let t = e.terminalType, let name = USBNames.terminalType(UInt64(t)), title.hasSuffix(" (\(name))") {
                title = String(title.dropLast(name.count + 3))
                details.insert(name, at: 0)
            }
            let node = Node(key: uniqueKey("e\(e.id)"), kind: .entity(e.kind), title: title,
                            details: details, entityID: e.id, interfaceNumber: nil, findingName: e.label)
            if index[e.id] == nil { index[e.id] = nodes.count }
            nodes.append(node)
        }
        var missing: [Int: Int] = [:]
        func target(_ id: Int) -> (Int, Bool) {
            if let i = index[id] { return (i, false) }
            if let m = missing[id] { return (m, true) }
            missing[id] = nodes.count
            nodes.append(Node(key: uniqueKey("m\(id)"), kind: .missing, title: "missing ID \(id)",
                              details: ["linked to, never declared"], entityID: id, interfaceNumber: nil, findingName: nil))
            return (nodes.count - 1, true)
        }
        // Entities are nodes 0..<entities.count, in order; a duplicate declaration keeps its own links.
        for (i, e) in f.entities.enumerated() {
            for s in e.sourceIDs {
                let (n, dangling) = target(s)
                edges.append(Edge(from: n, to: i, kind: .audio, problem: dangling ? .dangling : nil))
            }
            if e.kind == .clockSource { continue }
            for c in e.clockSourceIDs {
                let (n, dangling) = target(c)
                edges.append(Edge(from: n, to: i, kind: .clock, problem: dangling ? .dangling : nil))
            }
        }
        for number in f.streamingInterfaces {
            let alts = f.streams.filter { $0.interfaceNumber == number }
            let node = nodes.count
            nodes.append(Node(key: uniqueKey("as\(number)"), kind: .streamingInterface,
                              title: "AS interface \(number)", details: TopologyGraph.details(alts),
                              entityID: nil, interfaceNumber: number, findingName: nil))
            var links: [Int] = []
            for a in alts { if let t = a.terminalLink, !links.contains(t) { links.append(t) } }
            let direction = alts.compactMap(\.direction).first
            for t in links {
                let (n, dangling) = target(t)
                // Host → device (OUT) feeds its Input Terminal; an Output Terminal feeds the host (IN).
                let out: Bool
                if let direction { out = direction == .out }
                else if case .entity(let k) = nodes[n].kind { out = k == .inputTerminal }
                else { out = true }
                edges.append(out ? Edge(from: node, to: n, kind: .stream, problem: dangling ? .dangling : nil)
                                 : Edge(from: n, to: node, kind: .stream, problem: dangling ? .dangling : nil))
            }
        }
        markCycles()
    }

    /// Marks every edge inside a strongly connected component, self-loops included.
    mutating func markCycles() {
        var adjacency = Array(repeating: [Int](), count: nodes.count)
        for e in edges { adjacency[e.from].append(e.to) }
        let component = StronglyConnected.components(adjacency)
        var size: [Int: Int] = [:]
        for c in component { size[c, default: 0] += 1 }
        for i in edges.indices where edges[i].problem == nil {
            let e = edges[i]
            if e.from == e.to || (component[e.from] == component[e.to] && size[component[e.from]]! > 1) {
                edges[i].problem = .cycle
            }
        }
    }

    public var hasProblems: Bool { edges.contains { $0.problem != nil } }

    // MARK: - Node texts

    static func details(_ e: AudioEntity, _ f: AudioFunction) -> [String] {
        var lines: [String] = []
        switch e.kind {
        case .clockSource:
            let attributes = e.descriptor["bmAttributes"] ?? 0
            let type = ["external", "internal fixed", "internal variable", "internal programmable"][attributes & 3]
            lines.append(type + (attributes & 4 != 0 ? ", synced to SOF" : ""))
        case .clockSelector:
            lines.append("selects \(e.clockSourceIDs.count) clock\(e.clockSourceIDs.count == 1 ? "" : "s")")
        case .clockMultiplier:
            lines.append("multiplies clock \(e.clockSourceIDs.map(String.init).joined(separator: ", "))")
        case .mixerUnit, .selectorUnit, .processingUnit, .extensionUnit, .effectUnit:
            var s = "\(e.sourceIDs.count) input\(e.sourceIDs.count == 1 ? "" : "s")"
            if let n = e.nrChannels { s += " → \(n) ch" }
            lines.append(s)
        case .featureUnit:
            let controls = e.descriptor.values("bmaControls")
            if !controls.isEmpty { lines.append("\(max(controls.count - 1, 0)) ch + master") }
        default:
            if let n = e.nrChannels { lines.append("\(n) ch") }
        }
        return lines
    }

    static func details(_ alts: [AudioStreamingAlt]) -> [String] {
        let active = alts.filter { $0.dataEndpoint != nil }
        var lines: [String] = []
        if let ep = active.first?.dataEndpoint {
            lines.append("\(ep.isIn ? "IN" : "OUT") EP 0x\(hex2(ep.address))")
        }
        let channels = Array(Set(active.compactMap(\.nrChannels))).sorted(by: >)
        var s = "\(active.count) alt\(active.count == 1 ? "" : "s")"
        if !channels.isEmpty { s += ": " + channels.map(String.init).joined(separator: "/") + " ch" }
        lines.append(s)
        return lines
    }
}
