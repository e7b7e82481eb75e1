/// Loops in an audio function's signal graph (each unit's bSourceID/baSourceID edges), found once per
/// strongly connected component. Listing every cycle is exponential: 100 selector units that each take
/// every other as input hold more cycles than any report can print, and a depth-first listing of them
/// took 13 s for 31,627 findings. One loop per component, with how many entities it ties together,
/// names everything there is to fix.
public struct AudioLoop: Sendable, Hashable {
    /// The shortest cycle through the component's first-declared entity, in source order: that entity,
    /// its source, that source's source, … (the entity itself is not repeated at the end).
    public var cycle: [AudioEntity]
    /// Entities in the component: every one of them reaches every other along source links.
    public var members: Int
}

extension AudioFunction {
    /// Every loop among the non-clock entities, in declaration order of their first entity. Linear in
    /// entities plus source links (Tarjan's algorithm, `StronglyConnected`).
    public var audioLoops: [AudioLoop] {
        // Nodes: the first declaration of each non-clock id (what `entity(_:)` resolves a source to).
        var node: [Int: Int] = [:]
        var ents: [AudioEntity] = []
        for e in entities where !e.kind.isClock && node[e.id] == nil && entity(e.id)?.kind.isClock == false {
            node[e.id] = ents.count
            ents.append(e)
        }
        let edges: [[Int]] = ents.map { e in e.sourceIDs.compactMap { node[$0] } }
        let n = ents.count
        let component = StronglyConnected.components(edges)
        var components = [[Int]](repeating: [], count: (component.max() ?? -1) + 1)
        for v in 0..<n { components[component[v]].append(v) }
        var loops: [(start: Int, loop: AudioLoop)] = []
        for members in components {
            guard let start = members.min() else { continue }
            let c = component[start]
            guard members.count > 1 || edges[start].contains(start) else { continue }
            // Breadth-first from the start along sources inside the component, back to the start.
            var parent = [Int: Int]()
            var queue = [start], head = 0
            var last: Int?
            search: while head < queue.count {
                let v = queue[head]; head += 1
                for w in edges[v] where component[w] == c {
                    if w == start { last = v; break search }
                    if parent[w] == nil && w != start { parent[w] = v; queue.append(w) }
                }
            }
            var path: [Int] = []
            var v = last
            while let x = v, x != start { path.append(x); v = parent[x] }
            path.append(start)
            loops.append((start, AudioLoop(cycle: path.reversed().map { ents[$0] }, members: members.count)))
        }
        return loops.sorted { $0.start < $1.start }.map(\.loop)
    }
}
