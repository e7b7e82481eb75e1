import UAC2Kit

/// What `uac2 --version` prints: the version and the git commit it was built from.
enum BuildInfo {
    static var versionLine: String { UAC2Kit.version }
}
