/// A small ordered JSON value. Written by hand because Foundation's encoders either reorder keys or
/// sort them; our schema keeps the spec's field order so the output reads like the descriptor.
public indirect enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.serialized() == b.serialized() }
    public func hash(into h: inout Hasher) { h.combine(serialized()) }

    public subscript(key: String) -> JSONValue? {
        if case .object(let kv) = self { return kv.first { $0.0 == key }?.1 }
        return nil
    }

    public func serialized(pretty: Bool = false) -> String {
        var w = JSONWriter(pretty: pretty)
        w.value(self)
        return String(decoding: w.bytes, as: UTF8.self)
    }
}
