import Foundation
import Testing
@testable import UAC2Kit

/// `uac2 decode --dot`: Graphviz's `dot -Tsvg` accepts the output for every capture in Descriptors/,
/// and draws one node per graph node and one edge per link.
@Suite struct ReportDotTests {
    static let dot = "/usr/bin/dot"

    static var inputs: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: Fixtures.descriptors.path)) ?? [])
            .filter { $0.hasSuffix(".txt") && $0 != "INDEX.md" || $0.hasSuffix(".bin") || $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") }
            .sorted()
    }

    static func dotSVG(_ text: String) throws -> ProcessRun {
        guard FileManager.default.isExecutableFile(atPath: dot) else {
            throw FixtureError("Graphviz is missing: apt-get install graphviz (in .ci/run's PKGS)")
        }
        return try Fixtures.run(dot, ["-Tsvg"], stdin: Array(text.utf8))
    }

    @Test func everyCaptureRendersInGraphviz() throws {
        #expect(Self.inputs.count >= 50)
        for name in Self.inputs {
            let input = Fixtures.decode(name)
            let text = TopologyDot.document(input)
            let run = try Self.dotSVG(text)
            #expect(run.status == 0, "\(name): dot -Tsvg rejected the output: \(run.err.prefix(300))")
            #expect(run.out.contains("<svg"), "\(name)")
            // An empty function, or an input without one, is drawn as one note.
            var nodes = 0, edges = 0, functions = 0
            for d in input.devices { for c in d.configurations { for f in c.audioFunctions {
                let g = TopologyGraph(f)
                nodes += max(g.nodes.count, 1)
                edges += g.edges.count
                functions += 1
            } } }
            let drawnNodes = run.out.components(separatedBy: "class=\"node\"").count - 1
            let drawnEdges = run.out.components(separatedBy: "class=\"edge\"").count - 1
            #expect(drawnNodes == (functions == 0 ? 1 : nodes), "\(name): \(drawnNodes) nodes drawn, graph has \(nodes)")
            #expect(drawnEdges == edges, "\(name): \(drawnEdges) edges drawn, graph has \(edges)")
        }
    }

    /// Through the CLI: the RME-free, clock-rich Arturia graph, and names with quotes survive quoting.
    @Test func cliDotIsAccepted() throws {
        let run = try Fixtures.uac2(["decode", "--dot", Fixtures.descriptors.appendingPathComponent("arturia-audiofuse-16rig-1c75_af20.lsusb.txt").path])
        #expect(run.status == 0)
        #expect(run.out.hasPrefix("digraph \"uac2: "))
        #expect(run.out.contains("\"d0c0f0_e40\" -> \"d0c0f0_e2\" [style=dashed"))
        let svg = try Self.dotSVG(run.out)
        #expect(svg.status == 0)
        #expect(TopologyDot.quote("a \"b\" \\ c\nd") == "\"a \\\"b\\\" \\\\ c\\nd\"")
    }

    /// Broken links come out red, with what is wrong as the edge label.
    @Test func brokenLinksAreRed() throws {
        let text = TopologyDot.document(DescriptorBuilder.brokenLinks().decode())
        #expect(text.contains("\"d0c0f0_m9\" -> \"d0c0f0_e2\" [color=red, fontcolor=red, label=\"dangling\"]"))
        #expect(text.contains("\"d0c0f0_e6\" -> \"d0c0f0_e7\" [color=red, fontcolor=red, label=\"cycle\"]"))
        #expect(try Self.dotSVG(text).status == 0)
    }
}
