import UAC2Kit

/// What `uac2 --version` prints: the version and the git commit it was built from (`gitCommit` is
/// generated at build time by GitCommitPlugin; "unknown" when built outside a git checkout).
enum BuildInfo {
    static var commit: String { gitCommit }
    static var versionLine: String {
        gitCommit == "unknown" ? "\(UAC2Kit.version) (git commit unknown)" : "\(UAC2Kit.version) (git \(gitCommit.prefix(12)))"
    }
}
