import Fluent
import JWT
import Leaf
import LeafKit
import Logging
import NIOSSL
import NcodCore
import NcodStore
import Vapor

/// Builds the master's Vapor application from a configuration and its keys.
///
/// The same function serves `ncod-master serve`, the other subcommands and the tests, so what is tested is what runs.
public enum MasterApplication {
    /// Largest request body accepted anywhere; larger bodies get 413.
    public static let maxBodySize: ByteCount = "256kb"

    /// A configured application: TLS, database and migrations, token keys, middleware and routes. Nothing listens yet.
    public static func make(_ configuration: MasterConfiguration, keys: KeyMaterial, logger: Logger) async throws -> Application {
        let app = try await Application.make(Environment(name: "production", arguments: ["ncod-master"]), logger: logger)
        do {
            try await configure(app, configuration: configuration, keys: keys)
            return app
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    /// An application with only the database configured, for `migrate` and `create-admin`.
    public static func makeDatabaseOnly(_ configuration: MasterConfiguration, logger: Logger) async throws -> Application {
        let app = try await Application.make(Environment(name: "production", arguments: ["ncod-master"]), logger: logger)
        do {
            try useDatabase(app, configuration.database)
            return app
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    private static func configure(_ app: Application, configuration: MasterConfiguration, keys: KeyMaterial) async throws {
        app.http.server.configuration.hostname = configuration.host
        app.http.server.configuration.port = configuration.port
        app.http.server.configuration.serverName = "ncod-master"
        // A socket that never starts TLS, or stops sending, is closed instead of holding a descriptor for ever.
        app.http.server.configuration.idleTimeout = .seconds(Int64(configuration.idleTimeoutSeconds))
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: keys.certificateChain.map { .certificate($0) },
            privateKey: .privateKey(keys.tlsKey)
        )
        tls.minimumTLSVersion = .tlsv12
        // TLS 1.2 offers forward-secret AEAD suites only (no CBC, no SHA-1 MACs); TLS 1.3's suites are all AEAD.
        tls.cipherSuites = aeadCipherSuites
        tls.applicationProtocols = ["http/1.1"]
        // The connection gate gives every connection its TLS from this one context (ConnectionGateHandler); Vapor sets up HTTP/1.1
        // after it and is given no TLS configuration, which would have it make a context for each connection. Its "Server started
        // on http://" line would then mislead: its server logger says warnings and worse only (the master logs "listening").
        let tlsContext = try NIOSSLContext(configuration: tls)
        app.http.server.configuration.supportVersions = [.one]
        app.http.server.configuration.logger.logLevel = .warning
        // Vapor puts a response compressor on every connection even with compression off, with a 1 KB buffer made up front; the
        // master compresses the one answer worth it itself (the device list, once per change), so the compressor gets none.
        app.http.server.configuration.responseCompression = .disabled(initialByteBufferCapacity: 0, allowedTypes: .none, allowRequestOverrides: false)
        app.routes.defaultMaxBodySize = maxBodySize

        try useDatabase(app, configuration.database)
        app.ncod = MasterContext()  // stored from here on: its instanceID is this master's for good
        app.ncod.tls = tlsContext
        if case .postgres = configuration.database {
            // Masters may share this database: number events apart from theirs, and relay them.
            app.ncod.events = EventHub(
                firstID: EventHub.startingID(at: Date()), relay: FleetRelay(origin: app.ncod.instanceID, database: app.db, logger: app.logger))
        }
        await app.jwt.keys.add(eddsa: keys.jwtSigningKey)
        app.ncod.reportIntervalSeconds = configuration.reportIntervalSeconds
        app.ncod.heartbeatIntervalSeconds = configuration.heartbeatIntervalSeconds
        app.ncod.leaseTTLSeconds = configuration.leaseTTLSeconds
        app.ncod.maxHoldSeconds = configuration.maxHoldSeconds
        app.ncod.holdWindowSeconds = configuration.holdWindowSeconds
        app.ncod.sealIntervalSeconds = configuration.sealIntervalSeconds
        app.ncod.registrationRule = AddressThrottle.Rule(limit: configuration.registerLimit, window: 600)
        app.ncod.enrolmentRule = AddressThrottle.Rule(limit: configuration.enrolLimit, window: 600)
        app.ncod.enrolmentSecret = keys.enrolmentSecret
        app.ncod.csrfKey = keys.csrfKey
        app.ncod.auditKey = keys.auditKey
        app.ncod.challenges = ComputerChallenges(siteKey: keys.csrfKey)
        app.ncod.caCertificate = keys.caCertificatePEM.flatMap { pem in CertificateFingerprint.sha256(pem: pem).map { (pem, $0) } }
        app.ncod.metricsToken = keys.metricsToken
        if let leaf = keys.certificateChain.first {
            app.ncod.metrics.certificateExpiry(Date(timeIntervalSince1970: TimeInterval(leaf.notValidAfter)))
        }
        app.ncod.proxyProtocolFrom = configuration.proxyProtocolFrom
        let metrics = app.ncod.metrics
        app.ncod.connectionGate = ConnectionGate(limits: configuration.connectionLimits) { reason, first in
            metrics.connectionRefused(reason: reason)
            if first {
                app.logger.warning(
                    "connection refused", metadata: ["reason": "\(reason.rawValue)", "limits": "\(configuration.connectionLimits)"])
            }
        }
        app.ncod.publicURL =
            configuration.publicURL
            ?? "https://\(configuration.host == "0.0.0.0" ? ProcessInfo.processInfo.hostName : configuration.host):\(configuration.port)"
        ContentConfiguration.global.use(encoder: NcodJSON.encoder(), for: .json)
        ContentConfiguration.global.use(decoder: NULRefusingDecoder(base: NcodJSON.decoder(), format: .json), for: .json)
        ContentConfiguration.global.use(decoder: NULRefusingDecoder(base: URLEncodedFormDecoder(), format: .urlEncodedForm), for: .urlEncodedForm)
        // The resources may live under a dot-folder (.build), which Leaf's default limits refuse;
        // the sandbox and the .leaf-only rule stay.
        let views = try viewsDirectory()
        app.views.use(.leaf)
        app.leaf.sources = .singleSource(
            NIOLeafFiles(
                fileio: app.fileio, limits: [.toSandbox, .requireExtensions, .onlyLeafExtensions], sandboxDirectory: views, viewDirectory: views)
        )

        app.middleware = Middlewares()
        if !configuration.corsOrigins.isEmpty {
            app.middleware.use(
                CORSMiddleware(
                    configuration: .init(
                        allowedOrigin: .any(configuration.corsOrigins), allowedMethods: [.GET, .POST, .PUT, .PATCH, .DELETE, .OPTIONS],
                        allowedHeaders: [.accept, .authorization, .contentType, .origin, HTTPHeaders.Name("Last-Event-ID")], cacheExpiration: 600
                    )
                ),
                at: .beginning
            )
        }
        app.middleware.use(TransportHeaders(), at: .beginning)
        app.middleware.use(RequestArrival(), at: .beginning)
        app.middleware.use(AccessLog())
        app.middleware.use(InFlightMiddleware())
        app.middleware.use(PacedAnswers())
        app.middleware.use(ProblemMiddleware())
        app.middleware.use(NULRefusingMiddleware())

        try routes(app, configuration: configuration)
    }

    /// The TLS 1.2 cipher suites offered: ECDHE key exchange with AES-GCM or ChaCha20-Poly1305, for ECDSA or RSA certificates.
    static let aeadCipherSuites = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
    ].joined(separator: ":")

    /// Every route of the master, grouped by what it needs of the caller.
    private static func routes(_ app: Application, configuration: MasterConfiguration) throws {
        try app.register(collection: HealthController(backend: configuration.database.backend))
        try app.register(
            collection: MetricsController(token: app.ncod.metricsToken, poolMaximum: configuration.database.poolSize))
        try app.register(collection: WebController())
        try app.register(collection: ResourceController())
        let api = app.grouped("api", "v1")
        try api.register(collection: AuthController())
        try api.register(collection: OrgUnitController())
        try api.register(collection: SlaveAgentController())
        try api.register(collection: SlaveLinkController())
        try api.register(collection: SlaveHookController())
        try api.grouped(Authentication(level: .profile)).register(collection: MeController())
        let members = api.grouped(Authentication(level: .member))
        try members.register(collection: DeviceController())
        try members.register(collection: LeaseController())
        try members.register(collection: WaitController())
        try members.register(collection: EventController())
        let admin = api.grouped("admin").grouped(Authentication(level: .admin))
        try admin.register(collection: AdminUserController())
        try admin.register(collection: AdminBindingController())
        try admin.register(collection: AdminRequestController())
        try admin.register(collection: AdminOrgUnitController())
        try admin.register(collection: AdminSlaveController())
        try admin.register(collection: AdminLeaseController())
        try admin.register(collection: AdminDeviceController())
        try admin.register(collection: AdminAuditController())
        try admin.register(collection: AdminOverviewController())
        try admin.register(collection: AdminReportController())
        try admin.register(collection: AdminVisibilityController())
    }

    private static func probe(_ app: Application, location: DatabaseLocation) async throws {
        var silent = app.logger
        silent.logLevel = .critical
        guard let database = app.databases.database(location.databaseID, logger: silent, on: app.eventLoopGroup.any()) else {
            throw StartupError.invalidConfiguration("database \(location) is not configured")
        }
        do {
            try await Store(database: database).ping()
        } catch {
            throw StartupError.databaseUnavailable(location: location.description, reason: DatabaseFailure.describe(error))
        }
    }

    /// The folder of the Leaf templates inside the package's resources.
    private static func viewsDirectory() throws -> String {
        guard let resources = Bundle.module.resourceURL else {
            throw StartupError.invalidConfiguration("the web page templates are missing from the master's resources")
        }
        return resources.appendingPathComponent("Views").path + "/"
    }

    private static func useDatabase(_ app: Application, _ location: DatabaseLocation) throws {
        do {
            app.databases.use(try location.configuration(), as: location.databaseID)
        } catch let error as DatabaseLocation.InvalidURL {
            throw StartupError.invalidConfiguration(error.description)
        }
        app.migrations.add(NcodMigrations.all)
    }

    /// Brings the schema up to date, turning a connection failure into a one-line ``StartupError``.
    ///
    /// The database is probed first through a silent logger, so an unreachable server gives the operator
    /// exactly one line (ours) instead of the connection pool's own error log as well.
    public static func migrate(_ app: Application, location: DatabaseLocation) async throws {
        try await probe(app, location: location)
        do {
            if case .postgres(let url) = location {
                // Masters of one fleet starting together take turns.
                try await FleetChannel.withMigrationLock(url: url, logger: app.logger) { try await app.autoMigrate() }
            } else {
                try await app.autoMigrate()
            }
        } catch {
            throw StartupError.migrationFailed(location: location.description, reason: DatabaseFailure.describe(error))
        }
    }

    /// Reverts the last batch of migrations.
    public static func revertLastBatch(_ app: Application, location: DatabaseLocation) async throws {
        try await probe(app, location: location)
        do {
            try await app.migrator.setupIfNeeded().get()
            try await app.migrator.revertLastBatch().get()
        } catch {
            throw StartupError.migrationFailed(location: location.description, reason: DatabaseFailure.describe(error))
        }
    }
}
