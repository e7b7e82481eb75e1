#if Live
/// Something the live probe saw that a firmware developer should know. `measuredBy` names the
/// request or measurement it comes from.
public struct ProbeFinding: Sendable, Codable, Equatable {
    public enum Severity: String, Sendable, Codable, Comparable {
        case note, warning, error
        public static func < (a: Severity, b: Severity) -> Bool {
            [Severity.note, .warning, .error].firstIndex(of: a)! < [Severity.note, .warning, .error].firstIndex(of: b)!
        }
    }
    public var id: String
    public var severity: Severity
    public var entity: String?
    public var message: String
    public var measuredBy: String
}
#endif
