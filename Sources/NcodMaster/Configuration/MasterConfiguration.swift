import Foundation
import Logging
import NcodCore
import NcodStore

/// Everything `ncod-master` needs to start, resolved from flags, `NCOD_*` variables, the config file and defaults.
public struct MasterConfiguration: Sendable {
    /// Address to listen on.
    public var host: String
    /// TCP port to listen on (0 picks a free one).
    public var port: Int
    /// Where the data lives.
    public var database: DatabaseLocation
    /// The folder `keys/generate.sh` wrote into.
    public var keysDirectory: String
    /// PEM certificate chain served to clients.
    public var tlsCertificatePath: String
    /// PEM private key of that certificate.
    public var tlsKeyPath: String
    /// PEM Ed25519 private key that signs access tokens.
    public var jwtSigningKeyPath: String
    /// Lowest log level written.
    public var logLevel: Logger.Level
    /// `text` for people, `json` for log shippers.
    public var logFormat: LogFormat
    /// Web origins (`https://portal.example.com`) whose pages may call the API from a browser; none by default.
    public var corsOrigins: [String]
    /// Seconds between a slave's full reports.
    public var reportIntervalSeconds: Int
    /// Seconds between a slave's heartbeats; a slave silent for ``SlaveRegistration/missedHeartbeats`` of them is offline.
    public var heartbeatIntervalSeconds: Int
    /// Seconds between offline sweeps.
    public var sweepIntervalSeconds: Int
    /// Seconds a device lease lasts unless its holder renews it.
    public var leaseTTLSeconds: Int
    /// The longest one lease may last (a device's own maximum wins); `nil`, the default, for no maximum.
    public var maxHoldSeconds: Int?
    /// Seconds the first in a waiting list has to take a freed device before the next one's turn (`--hold-window`, default 2m).
    public var holdWindowSeconds = 120
    /// Seconds between seals of new audit records (`--seal-interval`, default 1): how long a record may stay outside the chain.
    public var sealIntervalSeconds = 1
    /// Seconds a connection may sit without a byte either way (no TLS handshake, no request, no answer) before the master
    /// closes it; event streams write a keep-alive every 15 s, so this stays above that.
    public var idleTimeoutSeconds = 30
    /// Seconds a new connection has to finish its TLS handshake and send a whole first request head.
    public var headerTimeoutSeconds = 10
    /// Open connections one client address may hold; 0 for no cap.
    public var connectionsPerAddress = 256
    /// Open connections in all; `nil` to derive it from the open-file limit at start.
    public var maxConnections: Int?
    /// Registrations one source address may make in 10 minutes.
    public var registerLimit = 10
    /// Slave enrolment attempts one source address may make in 10 minutes.
    public var enrolLimit = 10
    /// The URL slaves and clients reach this master at (shown in enrolment commands); defaults to https://<host>:<port>.
    public var publicURL: String?
    /// The site's slave enrolment secret file (default <keys-dir>/enrolment-secret); without it only tokens enrol slaves.
    public var enrolmentSecretPath: String
    /// The bearer token Prometheus must present to `GET /metrics` (default <keys-dir>/metrics-token); without the file the endpoint is off.
    public var metricsTokenPath: String
    /// The site CA certificate (default <keys-dir>/ca.pem): served at `GET /ca.pem` and pinned by its fingerprint in enrolment commands.
    /// Without the file, enrolment commands name a CA file the administrator copies to the box.
    public var caCertificatePath: String

    /// The connection limits in force: ``maxConnections``, or what the process's open-file limit leaves.
    var connectionLimits: ConnectionGate.Limits {
        .init(
            perAddress: connectionsPerAddress,
            total: maxConnections ?? ConnectionGate.Limits.total(forOpenFiles: ConnectionGate.Limits.openFileLimit()),
            headerTimeout: headerTimeoutSeconds)
    }

    /// How log lines are written.
    public enum LogFormat: String, Sendable, CaseIterable {
        /// `2026-11-21T18:00:00+0000 info ncod.master : port=8443 listening` (swift-log's stream format).
        case text
        /// One JSON object per line.
        case json
    }

    /// Default port of the master's HTTPS listener.
    public static let defaultPort = 8443
    /// Default config file for the service.
    public static let defaultConfigFile = "/etc/ncod/master.conf"

    /// Creates a configuration; key paths default to the standard names inside `keysDirectory`.
    public init(
        host: String = "0.0.0.0", port: Int = MasterConfiguration.defaultPort, database: DatabaseLocation = .sqlite(path: "ncod.sqlite"),
        keysDirectory: String = "keys/generated", tlsCertificatePath: String? = nil, tlsKeyPath: String? = nil,
        jwtSigningKeyPath: String? = nil, logLevel: Logger.Level = .info, logFormat: LogFormat = .text, corsOrigins: [String] = [],
        reportIntervalSeconds: Int = 30, sweepIntervalSeconds: Int = 1, publicURL: String? = nil, enrolmentSecretPath: String? = nil,
        leaseTTLSeconds: Int = 60, metricsTokenPath: String? = nil, heartbeatIntervalSeconds: Int = 2, maxHoldSeconds: Int? = nil
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.keysDirectory = keysDirectory
        self.tlsCertificatePath = tlsCertificatePath ?? keysDirectory + "/server.pem"
        self.tlsKeyPath = tlsKeyPath ?? keysDirectory + "/server.key"
        self.jwtSigningKeyPath = jwtSigningKeyPath ?? keysDirectory + "/jwt-signing.key"
        self.logLevel = logLevel
        self.logFormat = logFormat
        self.corsOrigins = corsOrigins
        self.reportIntervalSeconds = reportIntervalSeconds
        self.heartbeatIntervalSeconds = heartbeatIntervalSeconds
        self.sweepIntervalSeconds = sweepIntervalSeconds
        self.leaseTTLSeconds = leaseTTLSeconds
        self.maxHoldSeconds = maxHoldSeconds
        self.publicURL = publicURL
        self.enrolmentSecretPath = enrolmentSecretPath ?? keysDirectory + "/enrolment-secret"
        self.metricsTokenPath = metricsTokenPath ?? keysDirectory + "/metrics-token"
        self.caCertificatePath = keysDirectory + "/ca.pem"
    }

    /// The values given on the command line; `nil` means "not given, look further".
    public struct Flags: Sendable {
        /// `--host`.
        public var host: String?
        /// `--port`.
        public var port: Int?
        /// `--database-url`.
        public var databaseURL: String?
        /// `--keys-dir`.
        public var keysDirectory: String?
        /// `--tls-cert`.
        public var tlsCertificate: String?
        /// `--tls-key`.
        public var tlsKey: String?
        /// `--jwt-key`.
        public var jwtKey: String?
        /// `--log-level`.
        public var logLevel: String?
        /// `--log-format`.
        public var logFormat: String?
        /// `--config`.
        public var configFile: String?
        /// `--cors-origins`.
        public var corsOrigins: String?
        /// `--report-interval`.
        public var reportInterval: Int?
        /// `--sweep-interval`.
        public var sweepInterval: Int?
        /// `--heartbeat-interval`.
        public var heartbeatInterval: Int?
        /// `--public-url`.
        public var publicURL: String?
        /// `--lease-ttl`.
        public var leaseTTL: Int?
        /// `--metrics-token-file`.
        public var metricsTokenFile: String?
        /// `--ca-cert`.
        public var caCertificate: String?
        /// `--max-hold`.
        public var maxHold: String?
        /// `--hold-window`.
        public var holdWindow: String?
        /// `--seal-interval`.
        public var sealInterval: Int?
        /// `--idle-timeout`.
        public var idleTimeout: Int?
        /// `--header-timeout`.
        public var headerTimeout: Int?
        /// `--connections-per-address`.
        public var connectionsPerAddress: Int?
        /// `--max-connections`.
        public var maxConnections: Int?
        /// `--register-limit`.
        public var registerLimit: Int?
        /// `--enrol-limit`.
        public var enrolLimit: Int?

        /// No flags given.
        public init() {}
    }

    /// Resolves flags over environment over config file over defaults; a bad value is a ``StartupError``.
    public static func resolve(flags: Flags, environment: [String: String]) throws -> MasterConfiguration {
        let file = try loadConfigFile(flag: flags.configFile, environment: environment)
        let layers = ConfigurationLayers(environment: environment, file: file)
        do {
            let keys = layers.value("keys-dir", flag: flags.keysDirectory) ?? "keys/generated"
            let levelText = layers.value("log-level", flag: flags.logLevel) ?? "info"
            guard let level = Logger.Level(rawValue: levelText.lowercased()) else {
                throw StartupError.invalidConfiguration(
                    "log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")), got '\(levelText)'")
            }
            let formatText = layers.value("log-format", flag: flags.logFormat) ?? "text"
            guard let format = LogFormat(rawValue: formatText.lowercased()) else {
                throw StartupError.invalidConfiguration("log-format must be text or json, got '\(formatText)'")
            }
            // A whole number within `range`, else one line naming the setting, its rule and the value given.
            func bounded(_ name: String, _ flag: Int?, _ fallback: Int, _ range: ClosedRange<Int>, _ rule: String) throws -> Int {
                let value = try layers.integer(name, flag: flag) ?? fallback
                guard range.contains(value) else { throw StartupError.invalidConfiguration("\(name) must be \(rule), got \(value)") }
                return value
            }
            let port = try bounded("port", flags.port, defaultPort, 0...65535, "between 0 and 65535")
            let reportInterval = try bounded("report-interval", flags.reportInterval, 30, 1...3600, "1 to 3600 seconds")
            let leaseTTL = try bounded("lease-ttl", flags.leaseTTL, 60, 2...86_400, "2 to 86400 seconds")
            let sweepInterval = try bounded("sweep-interval", flags.sweepInterval, 1, 1...3600, "1 to 3600 seconds")
            let heartbeatInterval = try bounded("heartbeat-interval", flags.heartbeatInterval, 2, 1...600, "1 to 600 seconds")
            let maxHold = try layers.value("max-hold", flag: flags.maxHold).map { text in
                guard let seconds = DurationText.seconds(text), (60...366 * 86_400).contains(seconds) else {
                    throw StartupError.invalidConfiguration("max-hold must be a duration from 1m to 366d (90m, 8h, 2d), got '\(text)'")
                }
                return seconds
            }
            let holdWindow = try layers.value("hold-window", flag: flags.holdWindow).map { text in
                guard let seconds = DurationText.seconds(text), (10...86_400).contains(seconds) else {
                    throw StartupError.invalidConfiguration("hold-window must be a duration from 10s to 1d (90s, 2m, 10m), got '\(text)'")
                }
                return seconds
            }
            let perWindow = "1 to 1000000 attempts per address in 10 minutes"
            let registerLimit = try bounded("register-limit", flags.registerLimit, 10, 1...1_000_000, perWindow)
            let enrolLimit = try bounded("enrol-limit", flags.enrolLimit, 10, 1...1_000_000, perWindow)
            let idleTimeout = try bounded("idle-timeout", flags.idleTimeout, 30, 1...3600, "1 to 3600 seconds")
            let headerTimeout = try bounded("header-timeout", flags.headerTimeout, 10, 1...600, "1 to 600 seconds")
            let perAddress = try bounded("connections-per-address", flags.connectionsPerAddress, 256, 0...1_000_000, "0 (no cap) to 1000000")
            let maxConnections = try layers.integer("max-connections", flag: flags.maxConnections)
            if let maxConnections, !(16...10_000_000).contains(maxConnections) {
                throw StartupError.invalidConfiguration("max-connections must be 16 to 10000000, got \(maxConnections)")
            }
            var configuration = MasterConfiguration(
                host: layers.value("host", flag: flags.host) ?? "0.0.0.0",
                port: port,
                database: try DatabaseLocation(parsing: layers.value("database-url", flag: flags.databaseURL) ?? "ncod.sqlite"),
                keysDirectory: keys,
                tlsCertificatePath: layers.value("tls-cert", flag: flags.tlsCertificate),
                tlsKeyPath: layers.value("tls-key", flag: flags.tlsKey),
                jwtSigningKeyPath: layers.value("jwt-key", flag: flags.jwtKey),
                logLevel: level,
                logFormat: format,
                corsOrigins: (layers.value("cors-origins", flag: flags.corsOrigins) ?? "").split(separator: ",")
                    .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
                reportIntervalSeconds: reportInterval, sweepIntervalSeconds: sweepInterval,
                publicURL: layers.value("public-url", flag: flags.publicURL), leaseTTLSeconds: leaseTTL,
                metricsTokenPath: layers.value("metrics-token-file", flag: flags.metricsTokenFile), heartbeatIntervalSeconds: heartbeatInterval,
                maxHoldSeconds: maxHold
            )
            configuration.registerLimit = registerLimit
            configuration.sealIntervalSeconds = try bounded("seal-interval", flags.sealInterval, 1, 1...3600, "1 to 3600 seconds")
            if let holdWindow { configuration.holdWindowSeconds = holdWindow }
            if let ca = layers.value("ca-cert", flag: flags.caCertificate) { configuration.caCertificatePath = ca }
            configuration.idleTimeoutSeconds = idleTimeout
            configuration.headerTimeoutSeconds = headerTimeout
            configuration.connectionsPerAddress = perAddress
            configuration.maxConnections = maxConnections
            configuration.enrolLimit = enrolLimit
            return configuration
        } catch let error as DatabaseLocation.InvalidURL {
            throw StartupError.invalidConfiguration(error.description)
        } catch let error as ConfigFile.ParseError {
            throw StartupError.invalidConfiguration(error.description)
        }
    }

    /// Every setting a config file may hold (`ncod-master help serve` describes each).
    public static let settingNames: Set<String> = [
        "ca-cert", "connections-per-address", "cors-origins", "database-url", "enrol-limit", "header-timeout", "heartbeat-interval", "hold-window",
        "host",
        "idle-timeout", "jwt-key", "keys-dir", "lease-ttl", "log-format", "log-level", "max-connections", "max-hold", "metrics-token-file",
        "port", "public-url", "register-limit", "report-interval", "seal-interval", "sweep-interval", "tls-cert", "tls-key",
    ]

    private static func loadConfigFile(flag: String?, environment: [String: String]) throws -> ConfigFile {
        let explicit = flag ?? environment["NCOD_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        let path = explicit ?? defaultConfigFile
        guard explicit != nil || FileManager.default.fileExists(atPath: path) else { return ConfigFile() }
        let file: ConfigFile
        do {
            file = try ConfigFile.load(path: path)
        } catch let error as ConfigFile.ParseError {
            throw StartupError.invalidConfiguration(error.description)
        }
        // A file holding the database password is a secret: like the keys, readable by the master's user alone.
        var info = stat()
        if let url = file.values["database-url"].flatMap(URLComponents.init(string:)), url.password?.isEmpty == false,
            stat(path, &info) == 0, info.st_mode & 0o077 != 0
        {
            throw StartupError.insecureKeyFile(path: path, mode: String(info.st_mode & 0o777, radix: 8))
        }
        // A typo must not leave a setting at its default unnoticed (a misspelt database-url served an empty SQLite database).
        for key in file.values.keys.sorted() where !settingNames.contains(key) {
            let likely = key.lowercased().replacingOccurrences(of: "_", with: "-")
            let hint =
                settingNames.contains(likely) ? "; did you mean '\(likely)'?" : "; the settings are: " + settingNames.sorted().joined(separator: ", ")
            throw StartupError.invalidConfiguration("\(path) sets '\(key)', which is not a setting\(hint)")
        }
        return file
    }
}
