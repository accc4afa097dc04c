/// Every setting of `ncod-master`, declared once: `ncod-master --help` and its man page, the flags, the `NCOD_*` variables,
/// `/etc/ncod/master.conf` and the checks all read these (``MasterConfiguration`` turns them into the running master's values).
public enum MasterSettings {
    /// `--host`.
    public static let host = Setting(key: "host", value: "ADDRESS", help: "Address to listen on.", default: "0.0.0.0")
    /// `--port`.
    public static let port = Setting(
        key: "port", value: "PORT", help: "HTTPS port; 0 picks a free one.", default: "8443", kind: .integer(0...65535))
    /// `--database-url`.
    public static let databaseURL = Setting(
        key: "database-url", value: "URL", help: "postgres://user:password@host:port/db, or a SQLite file path.", default: "ncod.sqlite")
    /// `--keys-dir`.
    public static let keysDirectory = Setting(
        key: "keys-dir", value: "DIR", help: "Folder written by keys/generate.sh (generate-keys in the package).", default: "keys/generated")
    /// `--tls-cert`.
    public static let tlsCertificate = Setting(
        key: "tls-cert", value: "FILE", help: "TLS certificate chain, PEM. Default: <keys-dir>/server.pem.")
    /// `--tls-key`.
    public static let tlsKey = Setting(key: "tls-key", value: "FILE", help: "TLS private key, PEM. Default: <keys-dir>/server.key.")
    /// `--jwt-key`.
    public static let jwtKey = Setting(
        key: "jwt-key", value: "FILE", help: "Ed25519 key that signs access tokens, PEM. Default: <keys-dir>/jwt-signing.key.")
    /// `--ca-cert`.
    public static let caCertificate = Setting(
        key: "ca-cert", value: "FILE",
        help: "The site CA certificate, served at /ca.pem and pinned in enrolment commands (optional). Default: <keys-dir>/ca.pem.")
    /// `--metrics-token-file`.
    public static let metricsTokenFile = Setting(
        key: "metrics-token-file", value: "FILE",
        help: "Bearer token Prometheus presents to GET /metrics; without the file /metrics is off. Default: <keys-dir>/metrics-token.")
    /// `--log-level` (the same for every daemon).
    public static let logLevel = Setting.logLevel
    /// `--log-format` (the same for every daemon).
    public static let logFormat = Setting.logFormat
    /// `--public-url`.
    public static let publicURL = Setting(
        key: "public-url", value: "URL", help: "URL slaves and people reach this master at. Default: https://<host>:<port>.")
    /// `--cors-origins`.
    public static let corsOrigins = Setting(
        key: "cors-origins", value: "ORIGINS", help: "Comma-separated web origins allowed to call the API from a browser (none by default).")
    /// `--proxy-protocol-from`.
    public static let proxyProtocolFrom = Setting(
        key: "proxy-protocol-from", value: "ADDRESSES",
        help: "Comma-separated addresses or networks (10.0.0.5, 10.0.0.0/24) of balancers that send the PROXY protocol (v2) ahead of "
            + "TLS: connections from them are taken as coming from the client the header names. None by default.")
    /// `--report-interval`.
    public static let reportInterval = Setting(
        key: "report-interval", value: "SECONDS", help: "Seconds between a slave's full reports.", default: "30", kind: .integer(1...3600))
    /// `--heartbeat-interval`.
    public static let heartbeatInterval = Setting(
        key: "heartbeat-interval", value: "SECONDS", help: "Seconds between slave heartbeats; five missed make a slave offline.",
        default: "2", kind: .integer(1...600))
    /// `--sweep-interval`.
    public static let sweepInterval = Setting(
        key: "sweep-interval", value: "SECONDS", help: "Seconds between offline sweeps.", default: "1", kind: .integer(1...3600))
    /// `--seal-interval`.
    public static let sealInterval = Setting(
        key: "seal-interval", value: "SECONDS",
        help: "Seconds between seals of new audit records into the chain: how long a record may stay unprotected.", default: "1",
        kind: .integer(1...3600))
    /// `--lease-ttl`.
    public static let leaseTTL = Setting(
        key: "lease-ttl", value: "SECONDS", help: "Seconds a device lease lasts unless renewed.", default: "60", kind: .integer(2...86_400))
    /// `--max-hold`.
    public static let maxHold = Setting(
        key: "max-hold", value: "DURATION",
        help: "The longest one lease may last (90m, 8h, 2d); an administrator may set one per device. No maximum by default.",
        kind: .duration(60...(366 * 86_400)))
    /// `--hold-window`.
    public static let holdWindow = Setting(
        key: "hold-window", value: "DURATION",
        help: "How long the first in a waiting list has to take a freed device before it goes to the next.", default: "2m",
        kind: .duration(10...86_400))
    /// `--idle-timeout`.
    public static let idleTimeout = Setting(
        key: "idle-timeout", value: "SECONDS",
        help: "Seconds a connection may stay silent (no TLS handshake, no request, no answer) before it is closed.", default: "30",
        kind: .integer(1...3600))
    /// `--header-timeout`.
    public static let headerTimeout = Setting(
        key: "header-timeout", value: "SECONDS",
        help: "Seconds a new connection has to finish TLS and send its first request head before it is closed.", default: "10",
        kind: .integer(1...600))
    /// `--connections-per-address`.
    public static let connectionsPerAddress = Setting(
        key: "connections-per-address", value: "N", help: "Open connections one client address may hold; 0 for no cap.", default: "256",
        kind: .integer(0...1_000_000))
    /// `--max-connections`.
    public static let maxConnections = Setting(
        key: "max-connections", value: "N",
        help: "Open connections in all. Default: the open-file limit less a quarter (kept for the database and files).",
        kind: .integer(16...10_000_000))
    /// `--register-limit`.
    public static let registerLimit = Setting(
        key: "register-limit", value: "N", help: "Registrations one address may make in 10 minutes.", default: "10",
        kind: .integer(1...1_000_000))
    /// `--enrol-limit`.
    public static let enrolLimit = Setting(
        key: "enrol-limit", value: "N", help: "Slave enrolment attempts one address may make in 10 minutes.", default: "10",
        kind: .integer(1...1_000_000))

    /// The catalog, in the order help lists it.
    public static let catalog = SettingsCatalog(
        program: "ncod-master", defaultConfigFile: "/etc/ncod/master.conf",
        settings: [
            host, port, databaseURL, keysDirectory, tlsCertificate, tlsKey, jwtKey, caCertificate, metricsTokenFile, logLevel, logFormat,
            publicURL, corsOrigins, proxyProtocolFrom, reportInterval, heartbeatInterval, sweepInterval, sealInterval, leaseTTL, maxHold,
            holdWindow, idleTimeout, headerTimeout, connectionsPerAddress, maxConnections, registerLimit, enrolLimit,
        ])
}
