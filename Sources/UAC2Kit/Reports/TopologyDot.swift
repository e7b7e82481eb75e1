/// `uac2 decode --dot`: the topology of every audio function as Graphviz DOT, one digraph per input
/// with a cluster per device, configuration and function. Same graph as the HTML report's picture
/// (TopologyGraph): dashed edges are clock links, red ones dangling links and cycles.
public enum TopologyDot {
    public static func document(_ input: DecodedInput) -> String {
        var s = "digraph \(quote("uac2: " + input.name)) {\n"
        s += "  rankdir=LR; node [shape=box, style=\"rounded,filled\", fontname=\"DejaVu Sans Mono\", fontsize=10]; edge [fontsize=9];\n"
        var any = false
        for (di, device) in input.devices.enumerated() {
            for (ci, config) in device.configurations.enumerated() {
                for (fi, f) in config.audioFunctions.enumerated() {
                    any = true
                    let prefix = "d\(di)c\(ci)f\(fi)_"
                    let label = "\(device.label ?? "device \(di + 1)") · configuration \(config.value)\(config.isOtherSpeed ? " (other speed)" : "") · function \(fi + 1) (\(f.version.rawValue))"
                    s += "  subgraph \(quote("cluster_" + prefix)) {\n    label=\(quote(label));\n"
                    let g = TopologyGraph(f)
                    s += g.nodes.isEmpty ? "    \(quote(prefix + "empty")) [label=\"no entities, no streaming interfaces\", shape=plaintext];\n"
                                         : cluster(g, prefix: prefix)
                    s += "  }\n"
                }
            }
        }
        if !any { s += "  empty [label=\"no audio function decoded\", shape=plaintext];\n" }
        return s + "}\n"
    }

    static func cluster(_ g: TopologyGraph, prefix: String) -> String {
        var s = ""
        for n in g.nodes {
            let fill: String
            var extra = ""
            switch n.kind {
            case .missing: fill = "white"; extra = ", color=red, fontcolor=red, style=\"rounded,dashed\""
            case .streamingInterface: fill = "\"#dcf3ef\""
            case .entity(let k): fill = k.isClock ? "\"#fdf0d9\"" : k.isTerminal ? "\"#e2edfb\"" : "\"#eef1f4\""
            }
            let label = ([n.title] + n.details).joined(separator: "\n")
            s += "    \(quote(prefix + n.key)) [label=\(quote(label)), fillcolor=\(fill)\(extra)];\n"
        }
        for e in g.edges {
            var attrs: [String] = []
            if e.kind == .clock { attrs.append("style=dashed") }
            if e.kind == .stream { attrs.append("penwidth=1.6") }
            switch e.problem {
            case .dangling?: attrs += ["color=red", "fontcolor=red", "label=\"dangling\""]
            case .cycle?: attrs += ["color=red", "fontcolor=red", "label=\"cycle\""]
            case nil: if e.kind == .clock { attrs.append("color=\"#b5651d\"") }
            }
            s += "    \(quote(prefix + g.nodes[e.from].key)) -> \(quote(prefix + g.nodes[e.to].key))"
            s += attrs.isEmpty ? ";\n" : " [\(attrs.joined(separator: ", "))];\n"
        }
        return s
    }

    /// A DOT quoted string: backslashes and quotes escaped, newlines as DOT's centred line break.
    static func quote(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case _ where ch.value < 0x20: out += " "
            default: out.unicodeScalars.append(ch)
            }
        }
        return out + "\""
    }
}
