/// Strongly connected components of a directed graph (Tarjan's algorithm), iterative so that a long
/// chain from fuzzed input cannot overflow the stack. Loops in the audio path (UAC-TOPO-005) and the
/// red cycle edges of the report's picture both come from here.
enum StronglyConnected {
    /// The component of every node (0-based, numbered in the order Tarjan closes them).
    static func components(_ adjacency: [[Int]]) -> [Int] {
        let n = adjacency.count
        var index = [Int](repeating: -1, count: n), low = [Int](repeating: 0, count: n)
        var onStack = [Bool](repeating: false, count: n), component = [Int](repeating: -1, count: n)
        var stack: [Int] = [], counter = 0, components = 0
        for root in 0..<n where index[root] < 0 {
            var work: [(v: Int, next: Int)] = [(root, 0)]
            index[root] = counter; low[root] = counter; counter += 1
            stack.append(root); onStack[root] = true
            while let top = work.last {
                let v = top.v
                if top.next < adjacency[v].count {
                    work[work.count - 1].next += 1
                    let w = adjacency[v][top.next]
                    if index[w] < 0 {
                        index[w] = counter; low[w] = counter; counter += 1
                        stack.append(w); onStack[w] = true
                        work.append((w, 0))
                    } else if onStack[w] {
                        low[v] = min(low[v], index[w])
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last?.v { low[parent] = min(low[parent], low[v]) }
                guard low[v] == index[v] else { continue }
                while let w = stack.popLast() {
                    onStack[w] = false
                    component[w] = components
                    if w == v { break }
                }
                components += 1
            }
        }
        return component
    }
}
