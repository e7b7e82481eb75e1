/// uac2's analysis library: descriptor model, readers, bandwidth, rules and reports.
/// It has no system dependency so that it builds wherever Swift does.
public enum UAC2Kit {
    public static let version = "0.1.0"
}
