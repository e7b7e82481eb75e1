/// Draws a topology graph with its layout as inline SVG: one `<g class="node …">` per node (entities,
/// streaming interfaces, missing ids), one `<path class="edge …">` per link. A node with findings
/// carries a badge and links to its first finding; problem edges (dangling, cycle) are red.
enum TopologySVG {
    struct NodeFindings {
        var count: Int
        var worst: RuleSeverity
        /// Fragment of the first finding, "f3".
        var anchor: String
    }

    static func render(_ g: TopologyGraph, _ layout: TopologyLayout, idPrefix: String,
                       findings: [Int: NodeFindings], label: String) -> String {
        let m = layout.metrics
        var s = "<svg class=\"topology\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(layout.width)\" height=\"\(layout.height)\" "
        s += "viewBox=\"0 0 \(layout.width) \(layout.height)\" style=\"width: 100%; max-width: \(layout.width)px; min-width: \(layout.width * 4 / 5)px; height: auto\" role=\"img\" aria-label=\"\(HTMLText.escape(label))\">\n"
        // Edges first, so boxes are drawn over their ends.
        for (i, e) in g.edges.enumerated() {
            let classes = ["edge", e.kind.rawValue] + (e.problem.map { ["problem", $0.rawValue] } ?? [])
            let marker = e.problem != nil ? "arrow-problem" : "arrow-\(e.kind.rawValue)"
            var title = "\(g.nodes[e.from].title) → \(g.nodes[e.to].title) (\(e.kind.rawValue))"
            if let p = e.problem { title += p == .dangling ? ": links to an ID no descriptor declares" : ": part of a cycle" }
            s += "<path class=\"\(classes.joined(separator: " "))\" data-from=\"\(g.nodes[e.from].key)\" data-to=\"\(g.nodes[e.to].key)\" "
            s += "d=\"\(path(layout.routes[i], straight: e.from == e.to))\" marker-end=\"url(#\(marker))\"><title>\(HTMLText.escape(title))</title></path>\n"
        }
        for (i, node) in g.nodes.enumerated() {
            let b = layout.boxes[i]
            let kind = kindClass(node.kind)
            let id = "\(idPrefix)-\(node.key)"
            let f = findings[i]
            var g = ""
            if let f { g += "<a href=\"#\(f.anchor)\">" }
            g += "<g class=\"node \(kind)\(f.map { " has-\($0.worst.rawValue)" } ?? "")\" id=\"\(id)\" data-key=\"\(node.key)\""
            if let e = node.entityID, node.kind != .missing { g += " data-entity=\"\(e)\"" }
            if let n = node.interfaceNumber { g += " data-interface=\"\(n)\"" }
            g += ">"
            var tip = ([node.title] + node.details).joined(separator: "\n")
            if let f { tip += "\n\(f.count) finding\(f.count == 1 ? "" : "s"): click to read" }
            g += "<title>\(HTMLText.escape(tip))</title>"
            g += "<rect x=\"\(b.x)\" y=\"\(b.y)\" width=\"\(b.width)\" height=\"\(b.height)\" rx=\"5\"/>"
            var ty = b.y + m.padY + m.lineHeight - 4
            g += "<text class=\"title\" x=\"\(b.x + m.padX)\" y=\"\(ty)\">\(HTMLText.escape(node.title))</text>"
            for d in node.details {
                ty += m.lineHeight
                g += "<text x=\"\(b.x + m.padX)\" y=\"\(ty)\">\(HTMLText.escape(d))</text>"
            }
            if let f {
                let cx = b.x + b.width - m.badgeWidth / 2 - 2, cy = b.y + m.padY + m.lineHeight / 2 - 1
                g += "<circle class=\"badge \(f.worst.rawValue)\" cx=\"\(cx)\" cy=\"\(cy)\" r=\"9\"/>"
                g += "<text class=\"badge-count\" x=\"\(cx)\" y=\"\(cy + 4)\" text-anchor=\"middle\">\(f.count)</text>"
            }
            g += "</g>"
            if f != nil { g += "</a>" }
            s += g + "\n"
        }
        return s + "</svg>"
    }

    static func kindClass(_ k: TopologyGraph.NodeKind) -> String {
        switch k {
        case .missing: return "missing"
        case .streamingInterface: return "stream"
        case .entity(let e):
            if e.isClock { return "entity clock" }
            if e.isTerminal { return "entity terminal" }
            return "entity unit"
        }
    }

    /// Straight runs through lane slots, S-curves (horizontal tangents) between columns.
    static func path(_ pts: [TopologyLayout.Point], straight: Bool = false) -> String {
        guard let first = pts.first else { return "" }
        var d = "M\(first.x),\(first.y)"
        for k in 1..<pts.count {
            let a = pts[k - 1], b = pts[k]
            if a.y == b.y || straight {
                d += " L\(b.x),\(b.y)"
            } else {
                let mid = (a.x + b.x) / 2
                d += " C\(mid),\(a.y) \(mid),\(b.y) \(b.x),\(b.y)"
            }
        }
        return d
    }

    /// Arrowheads, shared by every graph of the page (one hidden SVG holds them).
    static let markers = """
        <svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>
        <marker id="arrow-audio" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#3b4252"/></marker>
        <marker id="arrow-clock" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#b5651d"/></marker>
        <marker id="arrow-stream" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#0b7a75"/></marker>
        <marker id="arrow-problem" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#d00000"/></marker>
        </defs></svg>
        """
}
