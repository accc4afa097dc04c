/// The body of `GET /healthz`: whether the master is alive and can reach its database.
public struct HealthReport: Codable, Hashable, Sendable {
    /// Reachability of one dependency.
    public struct Check: Codable, Hashable, Sendable {
        /// `ok` or `failing`.
        public var status: String
        /// Which backend, e.g. `sqlite` or `postgresql`.
        public var backend: String
        /// How long the probe took, in milliseconds.
        public var latencyMs: Double
        /// Why it failed, when it did.
        public var error: String?

        /// Creates a check result.
        public init(status: String, backend: String, latencyMs: Double, error: String? = nil) {
            self.status = status
            self.backend = backend
            self.latencyMs = latencyMs
            self.error = error
        }
    }

    /// `ok` when every check passed, else `failing`.
    public var status: String
    /// The master's version.
    public var version: String
    /// The database check.
    public var database: Check

    /// Creates a report; the overall status follows the checks.
    public init(version: String, database: Check) {
        self.status = database.status == "ok" ? "ok" : "failing"
        self.version = version
        self.database = database
    }
}
