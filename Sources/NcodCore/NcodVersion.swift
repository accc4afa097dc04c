import CNcodStamp

/// The version every ncod program reports, read from the build stamp scripts/package writes into each binary.
///
/// A packaged binary answers `--version` with `0.2.0+git20261128.5c3dba3 (commit 5c3dba3c…, 2026-11-28)`; one built by a plain
/// `swift build` with ``baseVersion`` and "unstamped build".
public enum NcodVersion {
    /// The release this source tree is heading for; scripts/package reads it from here.
    public static let baseVersion = "0.2.0"

    /// The stamp's three words, or `nil` in an unstamped build.
    public static let stamp: (version: String, commit: String, date: String)? = {
        let words = String(cString: ncod_stamp_text()).split(separator: " ").map(String.init)
        guard words.count == 3 else { return nil }
        return (words[0], words[1], words[2])
    }()

    /// The version alone (`0.2.0+git20261128.5c3dba3`), as in User-Agent headers and the health report.
    public static let current: String = stamp?.version ?? baseVersion + "+dev"

    /// What `--version` prints: the version, the commit and the date it was built from.
    public static let description: String = {
        guard let stamp else { return "\(current) (unstamped build: made by swift build, not scripts/package)" }
        return "\(stamp.version) (commit \(stamp.commit), \(stamp.date))"
    }()
}
