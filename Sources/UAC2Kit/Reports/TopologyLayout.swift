/// A layered ("Sugiyama") layout of a topology graph, written by hand for the HTML report: data flows
/// left to right in columns. Steps: reverse the back edges of cycles, put each node in the column after
/// its latest source (sources then pulled next to their first consumer), add a waypoint per column an
/// edge crosses, order every column by the barycentre of its neighbours (sweeps both ways, keeping the
/// order with the fewest crossings), then place boxes top to bottom near their neighbours. Boxes in a
/// column are stacked with a gap and columns are side by side, so no two boxes can overlap; an edge
/// crosses a column only through its own waypoint slot, so it never runs through a box.
/// Sizes assume a monospace font (`Metrics.charWidth` per character), so labels fit their boxes.
public struct TopologyLayout: Sendable {
    public struct Metrics: Sendable {
        /// DejaVu Sans Mono advance at 12 px is 0.602 em = 7.22 px; rounded up for other monospace fonts.
        public var charWidth = 7.4
        public var lineHeight = 16
        public var padX = 10
        public var padY = 7
        public var columnGap = 52
        public var nodeGap = 16
        /// Vertical room per edge end on a box side, so 48 inputs of a mixer arrive apart.
        public var portSpacing = 8
        /// Height of the slot an edge takes where it crosses a column.
        public var laneHeight = 8
        public var margin = 16
        /// Room on the right of a title for the findings badge.
        public var badgeWidth = 26
        public init() {}
    }

    public struct Box: Sendable, Hashable {
        public var x: Int, y: Int, width: Int, height: Int
        public var midY: Int { y + height / 2 }
        public func overlaps(_ o: Box) -> Bool {
            x < o.x + o.width && o.x < x + width && y < o.y + o.height && o.y < y + height
        }
    }

    public struct Point: Sendable, Hashable { public var x: Int, y: Int }

    /// One box per graph node, in node order.
    public var boxes: [Box] = []
    /// One polyline per graph edge, in edge order, from the edge's source to its target.
    public var routes: [[Point]] = []
    public var column: [Int] = []
    public var width = 0
    public var height = 0
    public let metrics: Metrics

    public init(_ g: TopologyGraph, metrics: Metrics = Metrics()) {
        self.metrics = metrics
        let n = g.nodes.count
        guard n > 0 else { width = 2 * metrics.margin; height = 2 * metrics.margin; return }
        let m = metrics

        // 1. Acyclic orientation: DFS back edges (and self-loops) are laid out reversed.
        let reversed = TopologyLayout.backEdges(n, g.edges)
        let dag: [(Int, Int)] = g.edges.enumerated().compactMap { i, e in
            e.from == e.to ? nil : (reversed.contains(i) ? (e.to, e.from) : (e.from, e.to))
        }

        // 2. Columns: longest path from the sources, then each source moved next to its nearest consumer.
        var preds = Array(repeating: [Int](), count: n), succs = Array(repeating: [Int](), count: n)
        for (a, b) in dag { preds[b].append(a); succs[a].append(b) }
        var col = Array(repeating: 0, count: n)
        var indegree = preds.map(\.count)
        var queue = (0..<n).filter { indegree[$0] == 0 }
        var head = 0
        while head < queue.count {
            let v = queue[head]; head += 1
            for w in succs[v] {
                col[w] = max(col[w], col[v] + 1)
                indegree[w] -= 1
                if indegree[w] == 0 { queue.append(w) }
            }
        }
        for v in 0..<n where preds[v].isEmpty && !succs[v].isEmpty {
            col[v] = max(0, succs[v].map { col[$0] }.min()! - 1)
        }
        let columns = (col.max() ?? 0) + 1

        // 3. Waypoints: an edge spanning k columns gets k-1 lane slots; slot ids follow the node ids.
        var slotColumn = col                  // column of every node and lane slot
        var chains: [[Int]] = []              // per dag edge: node, slots..., node
        for (a, b) in dag {
            var chain = [a]
            if col[b] > col[a] + 1 {
                for c in (col[a] + 1)..<col[b] { chain.append(slotColumn.count); slotColumn.append(c) }
            }
            chain.append(b)
            chains.append(chain)
        }
        let slots = slotColumn.count
        var up = Array(repeating: [Int](), count: slots), down = Array(repeating: [Int](), count: slots)
        for chain in chains { for k in 1..<chain.count { down[chain[k - 1]].append(chain[k]); up[chain[k]].append(chain[k - 1]) } }

        // 4. Order within columns: barycentre sweeps, keeping the order with the fewest crossings.
        var order = Array(repeating: [Int](), count: columns)
        for v in 0..<slots { order[slotColumn[v]].append(v) }
        var best = order, bestCrossings = TopologyLayout.crossings(order, down)
        for sweep in 0..<16 where bestCrossings > 0 {
            let forward = sweep % 2 == 0
            for c in forward ? Array(1..<max(columns, 1)) : Array((0..<max(columns - 1, 0)).reversed()) {
                let neighbourColumn = forward ? c - 1 : c + 1
                var position: [Int: Int] = [:]
                for (i, v) in order[neighbourColumn].enumerated() { position[v] = i }
                let current = order[c]
                let keyed = current.enumerated().map { i, v -> (Double, Int, Int) in
                    let ns = (forward ? up[v] : down[v]).compactMap { position[$0] }
                    let bary = ns.isEmpty ? Double(i) : Double(ns.reduce(0, +)) / Double(ns.count)
                    return (bary, i, v)
                }
                order[c] = keyed.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
            }
            let x = TopologyLayout.crossings(order, down)
            if x < bestCrossings { best = order; bestCrossings = x }
        }
        order = best

        // 5. Sizes, columns' x, then y near the neighbours (forward and backward passes).
        var size = Array(repeating: (w: 0, h: m.laneHeight), count: slots)
        var portsIn = Array(repeating: 0, count: n), portsOut = Array(repeating: 0, count: n)
        for e in g.edges where e.from != e.to { portsOut[e.from] += 1; portsIn[e.to] += 1 }
        for v in 0..<n {
            let node = g.nodes[v]
            // The badge sits right of the title only, so only the title line makes room for it.
            let titleW = Int((Double(node.title.count) * m.charWidth).rounded(.up)) + m.badgeWidth
            let detailW = Int((Double(node.details.map(\.count).max() ?? 0) * m.charWidth).rounded(.up))
            let w = max(titleW, detailW) + 2 * m.padX
            let textH = 2 * m.padY + m.lineHeight * (1 + node.details.count)
            let portH = (max(portsIn[v], portsOut[v]) + 1) * m.portSpacing
            size[v] = (w, max(textH, portH))
        }
        var columnX = Array(repeating: 0, count: columns), columnWidth = Array(repeating: 0, count: columns)
        var x = m.margin
        for c in 0..<columns {
            columnWidth[c] = max(24, order[c].map { size[$0].w }.max() ?? 0)
            columnX[c] = x
            // Wider gaps where many edges pass, so their curves stay apart.
            let passing = order[c].reduce(0) { $0 + down[$1].count }
            x += columnWidth[c] + m.columnGap + min(48, passing * 3 / 2)
        }
        var y = Array(repeating: 0, count: slots)
        func place(_ c: Int, toward neighbours: [[Int]]) {
            var bottom = m.margin - m.nodeGap
            for v in order[c] {
                let ns = neighbours[v]
                var top = bottom + m.nodeGap
                if !ns.isEmpty {
                    let centre = ns.map { y[$0] + size[$0].h / 2 }.reduce(0, +) / ns.count
                    top = max(top, centre - size[v].h / 2)
                }
                y[v] = top
                bottom = top + size[v].h
            }
        }
        for c in 0..<columns { place(c, toward: c == 0 ? Array(repeating: [], count: slots) : up) }
        for c in (0..<columns).reversed() where c < columns - 1 { place(c, toward: down) }
        for c in 1..<max(columns, 1) { place(c, toward: up) }

        // Passes only push boxes down: lift the whole picture back to the top margin.
        let lift = ((0..<slots).map { y[$0] }.min() ?? m.margin) - m.margin
        for v in 0..<slots { y[v] -= lift }

        boxes = (0..<n).map { v in
            let c = col[v]
            return Box(x: columnX[c] + (columnWidth[c] - size[v].w) / 2, y: y[v], width: size[v].w, height: size[v].h)
        }
        column = col
        width = x - m.columnGap + m.margin
        height = (0..<slots).map { y[$0] + size[$0].h }.max()! + m.margin

        // 6. Routes: out of the right side, through the lane slots, into the left side; ports spread
        // along each side in the order of the neighbour's height, so edges do not cross at the box.
        var chainOfEdge: [Int: [Int]] = [:]
        var k = 0
        for (i, e) in g.edges.enumerated() where e.from != e.to { chainOfEdge[i] = chains[k]; k += 1 }
        var outgoing = Array(repeating: [(edge: Int, towardY: Int)](), count: n)
        var incoming = Array(repeating: [(edge: Int, fromY: Int)](), count: n)
        for (i, chain) in chainOfEdge {
            let a = chain[0], b = chain[chain.count - 1]
            outgoing[a].append((i, y[chain[1]] + size[chain[1]].h / 2))
            incoming[b].append((i, y[chain[chain.count - 2]] + size[chain[chain.count - 2]].h / 2))
        }
        var startY: [Int: Int] = [:], endY: [Int: Int] = [:]
        for v in 0..<n {
            let outs = outgoing[v].sorted { ($0.towardY, $0.edge) < ($1.towardY, $1.edge) }
            for (j, o) in outs.enumerated() { startY[o.edge] = boxes[v].y + boxes[v].height * (j + 1) / (outs.count + 1) }
            let ins = incoming[v].sorted { ($0.fromY, $0.edge) < ($1.fromY, $1.edge) }
            for (j, o) in ins.enumerated() { endY[o.edge] = boxes[v].y + boxes[v].height * (j + 1) / (ins.count + 1) }
        }
        routes = g.edges.indices.map { i in
            let e = g.edges[i]
            guard let chain = chainOfEdge[i] else {
                // A self-loop: out of the right side, over the top, into the top.
                let b = boxes[e.from]
                return [Point(x: b.x + b.width, y: b.y + 6), Point(x: b.x + b.width + 12, y: b.y - 10),
                        Point(x: b.x + b.width / 2, y: b.y - 10), Point(x: b.x + b.width / 2, y: b.y)]
            }
            let a = chain[0], b = chain[chain.count - 1]
            var pts = [Point(x: boxes[a].x + boxes[a].width, y: startY[i]!)]
            for s in chain.dropFirst().dropLast() {
                let c = slotColumn[s], mid = y[s] + size[s].h / 2
                pts.append(Point(x: columnX[c], y: mid))
                pts.append(Point(x: columnX[c] + columnWidth[c], y: mid))
            }
            pts.append(Point(x: boxes[b].x, y: endY[i]!))
            // Laid out reversed (a cycle's back edge): draw it from its real source.
            return reversed.contains(i) ? pts.reversed() : pts
        }
    }

    /// Edges closing a cycle in a depth-first search from every node in order (iterative).
    static func backEdges(_ n: Int, _ edges: [TopologyGraph.Edge]) -> Set<Int> {
        var out = Array(repeating: [(to: Int, edge: Int)](), count: n)
        for (i, e) in edges.enumerated() where e.from != e.to { out[e.from].append((e.to, i)) }
        var state = Array(repeating: 0, count: n)   // 0 new, 1 on the path, 2 done
        var back = Set<Int>()
        for root in 0..<n where state[root] == 0 {
            var stack: [(node: Int, next: Int)] = [(root, 0)]
            state[root] = 1
            while let top = stack.last {
                if top.next < out[top.node].count {
                    stack[stack.count - 1].next += 1
                    let (w, edge) = out[top.node][top.next]
                    if state[w] == 1 { back.insert(edge) }
                    else if state[w] == 0 { state[w] = 1; stack.append((w, 0)) }
                } else {
                    state[top.node] = 2
                    stack.removeLast()
                }
            }
        }
        return back
    }

    /// Edge crossings between neighbouring columns for an ordering.
    static func crossings(_ order: [[Int]], _ down: [[Int]]) -> Int {
        var total = 0
        for c in 0..<max(order.count - 1, 0) {
            var position: [Int: Int] = [:]
            for (i, v) in order[c + 1].enumerated() { position[v] = i }
            var pairs: [(Int, Int)] = []
            for (i, v) in order[c].enumerated() { for w in down[v] { if let p = position[w] { pairs.append((i, p)) } } }
            for a in 0..<pairs.count { for b in (a + 1)..<max(pairs.count, a + 1) {
                let (p, q) = (pairs[a], pairs[b])
                if (p.0 < q.0 && p.1 > q.1) || (p.0 > q.0 && p.1 < q.1) { total += 1 }
            } }
        }
        return total
    }
}
