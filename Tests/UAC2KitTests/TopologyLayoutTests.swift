import Testing
@testable import UAC2Kit

/// The hand-written layered layout on its own: columns follow the links, boxes never overlap, edges
/// run only between boxes.
@Suite struct TopologyLayoutTests {
    static func graph(_ b: DescriptorBuilder) throws -> TopologyGraph {
        TopologyGraph(try #require(b.decode().devices.first?.configurations.first?.audioFunctions.first))
    }

    static func assertClean(_ g: TopologyGraph, _ l: TopologyLayout) {
        for i in l.boxes.indices { for j in l.boxes.indices where j > i {
            #expect(!l.boxes[i].overlaps(l.boxes[j]), "\(g.nodes[i].key) and \(g.nodes[j].key) overlap")
        } }
        // No point of a route (its ends excepted) lies inside a box.
        for (e, route) in l.routes.enumerated() where g.edges[e].from != g.edges[e].to {
            for p in route.dropFirst().dropLast() {
                for (i, b) in l.boxes.enumerated() {
                    #expect(!(p.x > b.x && p.x < b.x + b.width && p.y > b.y && p.y < b.y + b.height),
                            "edge \(g.nodes[g.edges[e].from].key)→\(g.nodes[g.edges[e].to].key) runs through \(g.nodes[i].key)")
                }
            }
        }
        for b in l.boxes { #expect(b.x >= 0 && b.y >= 0 && b.x + b.width <= l.width && b.y + b.height <= l.height) }
    }

    /// IT 1 → FU 2 → OT 3 and IT 4 → OT 5 on clock 10: each link goes one column or more to the right.
    @Test func linksRunLeftToRight() throws {
        let g = try Self.graph(.uac2())
        let l = TopologyLayout(g)
        for e in g.edges { #expect(l.column[e.from] < l.column[e.to], "\(g.nodes[e.from].key) → \(g.nodes[e.to].key)") }
        let key = Dictionary(uniqueKeysWithValues: g.nodes.enumerated().map { ($1.key, $0) })
        #expect(l.column[key["e2"]!] == l.column[key["e1"]!] + 1)
        #expect(l.column[key["e3"]!] == l.column[key["e2"]!] + 1)
        Self.assertClean(g, l)
    }

    @Test func largeMixerIsClean() throws {
        let g = try Self.graph(.largeMixer())
        #expect(g.nodes.count == 57)
        #expect(g.edges.count == 82)
        let l = TopologyLayout(g)
        Self.assertClean(g, l)
        // Mixer Unit 60's 24 incoming links get 8 px each on its side (25 gaps).
        let mixer = try #require(g.nodes.firstIndex { $0.key == "e60" })
        #expect(l.boxes[mixer].height >= 25 * 8)
    }

    @Test func brokenLinksAreFound() throws {
        let g = try Self.graph(.brokenLinks())
        let problems = g.edges.filter { $0.problem != nil }.map { "\(g.nodes[$0.from].key)→\(g.nodes[$0.to].key) \($0.problem!.rawValue)" }
        #expect(problems.sorted() == ["e6→e7 cycle", "e7→e6 cycle", "m9→e2 dangling"])
        Self.assertClean(g, TopologyLayout(g))
    }

    /// A chain 300 units long (fuzzed input can be deep): no recursion, still laid out.
    @Test func deepChainDoesNotRecurse() {
        var nodes: [TopologyGraph.Node] = []
        var edges: [TopologyGraph.Edge] = []
        for i in 0..<300 {
            nodes.append(.init(key: "e\(i)", kind: .entity(.featureUnit), title: "Feature Unit \(i)", details: [],
                               entityID: i, interfaceNumber: nil, findingName: nil))
            if i > 0 { edges.append(.init(from: i - 1, to: i, kind: .audio, problem: nil)) }
        }
        edges.append(.init(from: 299, to: 0, kind: .audio, problem: nil))
        var g = TopologyGraph(nodes: nodes, edges: edges)
        g.markCycles()
        #expect(g.edges.allSatisfy { $0.problem == .cycle })
        let l = TopologyLayout(g)
        #expect(Set(l.column).count == 300)
    }
}
