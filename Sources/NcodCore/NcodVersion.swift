/// The version every ncod program reports.
public enum NcodVersion {
    /// Semantic version of this build.
    public static let current = "0.1.0"
}
