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
    public var holdWindowSeconds = MasterSettings.holdWindow.defaultNumber
    /// Seconds between seals of new audit records (`--seal-interval`, default 1): how long a record may stay outside the chain.
    public var sealIntervalSeconds = MasterSettings.sealInterval.defaultNumber
    /// Seconds a connection may sit without a byte either way (no TLS handshake, no request, no answer) before the master
    /// closes it; event streams write a keep-alive every 14 s, so this stays above that.
    public var idleTimeoutSeconds = MasterSettings.idleTimeout.defaultNumber
    /// Seconds a new connection has to finish its TLS handshake and send a whole first request head.
    public var headerTimeoutSeconds = MasterSettings.headerTimeout.defaultNumber
    /// Open connections one client address may hold; 0 for no cap.
    public var connectionsPerAddress = MasterSettings.connectionsPerAddress.defaultNumber
    /// Open connections in all; `nil` to derive it from the open-file limit at start.
    public var maxConnections: Int?
    /// Registrations one source address may make in 10 minutes.
    public var registerLimit = MasterSettings.registerLimit.defaultNumber
    /// Slave enrolment attempts one source address may make in 10 minutes.
    public var enrolLimit = MasterSettings.enrolLimit.defaultNumber
    /// The URL slaves and clients reach this master at (shown in enrolment commands); defaults to https://<host>:<port>.
    public var publicURL: String?
    /// The site's slave enrolment secret file (default <keys-dir>/enrolment-secret); without it only tokens enrol slaves.
    public var enrolmentSecretPath: String
    /// The bearer token Prometheus must present to `GET /metrics` (default <keys-dir>/metrics-token); without the file the endpoint is off.
    public var metricsTokenPath: String
    /// The site CA certificate (default <keys-dir>/ca.pem): served at `GET /ca.pem` and pinned by its fingerprint in enrolment commands.
    /// Without the file, enrolment commands name a CA file the administrator copies to the box.
    public var caCertificatePath: String
    /// Balancers (addresses or networks) whose connections start with a PROXY protocol v2 header naming the real client
    /// (`--proxy-protocol-from`); empty, the default, reads no header from anyone.
    public var proxyProtocolFrom: [AddressRange] = []

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

    /// Creates a configuration; key paths default to the standard names inside `keysDirectory`.
    public init(
        host: String = "0.0.0.0", port: Int = MasterSettings.port.defaultNumber, database: DatabaseLocation = .sqlite(path: "ncod.sqlite"),
        keysDirectory: String = "keys/generated", tlsCertificatePath: String? = nil, tlsKeyPath: String? = nil,
        jwtSigningKeyPath: String? = nil, logLevel: Logger.Level = .info, logFormat: LogFormat = .text, corsOrigins: [String] = [],
        reportIntervalSeconds: Int = MasterSettings.reportInterval.defaultNumber,
        sweepIntervalSeconds: Int = MasterSettings.sweepInterval.defaultNumber, publicURL: String? = nil, enrolmentSecretPath: String? = nil,
        leaseTTLSeconds: Int = MasterSettings.leaseTTL.defaultNumber, metricsTokenPath: String? = nil,
        heartbeatIntervalSeconds: Int = MasterSettings.heartbeatInterval.defaultNumber, maxHoldSeconds: Int? = nil
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

    /// Resolves the master's settings (``MasterSettings``: flag, then `NCOD_*` variable, then config file, then default); a value
    /// that does not fit, an unknown key or variable, or a config file holding a password that others can read is a ``StartupError``.
    public static func resolve(flags: [String: String], environment: [String: String]) throws -> MasterConfiguration {
        typealias S = MasterSettings
        let settings: ResolvedSettings
        do {
            settings = try S.catalog.resolve(flags: flags, environment: environment)
        } catch let invalid as SettingsCatalog.Invalid {
            throw StartupError.invalidConfiguration(invalid.description)
        }
        // A file holding the database password is a secret: like the keys, readable by the master's user alone.
        if case .file(let path, _) = settings.source(S.databaseURL), let url = settings.text(S.databaseURL).flatMap(URLComponents.init(string:)),
            url.password?.isEmpty == false
        {
            var info = stat()
            if stat(path, &info) == 0, info.st_mode & 0o077 != 0 {
                throw StartupError.insecureKeyFile(path: path, mode: String(info.st_mode & 0o777, radix: 8))
            }
        }
        let keys = settings.text(S.keysDirectory) ?? "keys/generated"
        var configuration: MasterConfiguration
        do {
            configuration = MasterConfiguration(
                host: settings.text(S.host) ?? "0.0.0.0", port: settings.number(S.port),
                database: try DatabaseLocation(parsing: settings.text(S.databaseURL) ?? "ncod.sqlite"), keysDirectory: keys,
                tlsCertificatePath: settings.text(S.tlsCertificate), tlsKeyPath: settings.text(S.tlsKey),
                jwtSigningKeyPath: settings.text(S.jwtKey),
                logLevel: Logger.Level(rawValue: (settings.text(S.logLevel) ?? "info").lowercased()) ?? .info,
                logFormat: LogFormat(rawValue: (settings.text(S.logFormat) ?? "text").lowercased()) ?? .text,
                corsOrigins: settings.list(S.corsOrigins), reportIntervalSeconds: settings.number(S.reportInterval),
                sweepIntervalSeconds: settings.number(S.sweepInterval), publicURL: settings.text(S.publicURL),
                leaseTTLSeconds: settings.number(S.leaseTTL), metricsTokenPath: settings.text(S.metricsTokenFile),
                heartbeatIntervalSeconds: settings.number(S.heartbeatInterval), maxHoldSeconds: settings.optionalNumber(S.maxHold))
        } catch let error as DatabaseLocation.InvalidURL {
            throw StartupError.invalidConfiguration(error.description)
        }
        configuration.holdWindowSeconds = settings.number(S.holdWindow)
        configuration.sealIntervalSeconds = settings.number(S.sealInterval)
        configuration.idleTimeoutSeconds = settings.number(S.idleTimeout)
        configuration.headerTimeoutSeconds = settings.number(S.headerTimeout)
        configuration.connectionsPerAddress = settings.number(S.connectionsPerAddress)
        configuration.maxConnections = settings.optionalNumber(S.maxConnections)
        configuration.registerLimit = settings.number(S.registerLimit)
        configuration.enrolLimit = settings.number(S.enrolLimit)
        if let ca = settings.text(S.caCertificate) { configuration.caCertificatePath = ca }
        do {
            configuration.proxyProtocolFrom = try settings.list(S.proxyProtocolFrom).map(AddressRange.init(parsing:))
        } catch let error as AddressRange.Invalid {
            throw StartupError.invalidConfiguration("\(S.proxyProtocolFrom.key): \(error.description)")
        }
        return configuration
    }
}
