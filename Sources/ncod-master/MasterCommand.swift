import ArgumentParser
import Foundation
import Logging
import NcodCore
import NcodMaster

/// `ncod-master`: the site's HTTPS API, web pages and database owner.
@main
struct MasterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ncod-master",
        abstract: "The ncod master: HTTPS API, web pages and the database of users, slaves, devices and leases.",
        discussion: """
            Settings come from flags, then NCOD_* environment variables (--database-url is NCOD_DATABASE_URL), \
            then the config file (--config, default \(MasterConfiguration.defaultConfigFile)), then defaults.
            """,
        version: NcodVersion.current,
        subcommands: [Serve.self, Migrate.self, CreateAdmin.self, SeedDemo.self, Audit.self, Report.self],
        defaultSubcommand: Serve.self
    )
}

/// Flags every subcommand shares.
struct MasterOptions: ParsableArguments {
    @Option(help: "Configuration file of 'key = value' lines.")
    var config: String?

    @Option(help: "Address to listen on (default 0.0.0.0).")
    var host: String?

    @Option(help: "HTTPS port (default \(MasterConfiguration.defaultPort); 0 picks a free one).")
    var port: Int?

    @Option(name: .customLong("database-url"), help: "postgres://user:password@host:port/db, or a SQLite file path (default ncod.sqlite).")
    var databaseURL: String?

    @Option(name: .customLong("keys-dir"), help: "Folder written by keys/generate.sh (default keys/generated).")
    var keysDirectory: String?

    @Option(name: .customLong("tls-cert"), help: "TLS certificate chain, PEM (default <keys-dir>/server.pem).")
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: "TLS private key, PEM (default <keys-dir>/server.key).")
    var tlsKey: String?

    @Option(name: .customLong("jwt-key"), help: "Ed25519 token signing key, PEM (default <keys-dir>/jwt-signing.key).")
    var jwtKey: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (default info).")
    var logLevel: String?

    @Option(name: .customLong("log-format"), help: "text or json (default text).")
    var logFormat: String?

    @Option(name: .customLong("cors-origins"), help: "Comma-separated web origins allowed to call the API from a browser (default none).")
    var corsOrigins: String?

    @Option(name: .customLong("report-interval"), help: "Seconds between a slave's full reports (default 30).")
    var reportInterval: Int?

    @Option(name: .customLong("heartbeat-interval"), help: "Seconds between slave heartbeats; five missed make a slave offline (default 2).")
    var heartbeatInterval: Int?

    @Option(name: .customLong("sweep-interval"), help: "Seconds between offline sweeps (default 1).")
    var sweepInterval: Int?

    @Option(
        name: .customLong("seal-interval"),
        help: "Seconds between seals of new audit records into the chain (default 1): how long a record may stay unprotected.")
    var sealInterval: Int?

    @Option(name: .customLong("public-url"), help: "URL slaves and clients reach this master at (default https://<host>:<port>).")
    var publicURL: String?

    @Option(name: .customLong("lease-ttl"), help: "Seconds a device lease lasts unless renewed (default 60).")
    var leaseTTL: Int?

    @Option(
        name: .customLong("max-hold"),
        help: "The longest one lease may last, as 90m, 8h or 2d (default: no maximum); an administrator may set one per device.")
    var maxHold: String?

    @Option(
        name: .customLong("hold-window"),
        help: "How long the first in a waiting list has to take a freed device before it goes to the next, as 90s or 2m (default 2m).")
    var holdWindow: String?

    @Option(
        name: .customLong("idle-timeout"),
        help: "Seconds a connection may stay silent (no TLS handshake, no request, no answer) before it is closed (default 30).")
    var idleTimeout: Int?

    @Option(
        name: .customLong("header-timeout"),
        help: "Seconds a new connection has to finish TLS and send its first request head before it is closed (default 10).")
    var headerTimeout: Int?

    @Option(
        name: .customLong("connections-per-address"),
        help: "Open connections one client address may hold (default 256; 0 for no cap, behind a balancer that keeps its own).")
    var connectionsPerAddress: Int?

    @Option(
        name: .customLong("max-connections"),
        help: "Open connections in all (default: the open-file limit less a quarter, at most 1024, kept for the database and files).")
    var maxConnections: Int?

    @Option(name: .customLong("register-limit"), help: "Registrations one address may make in 10 minutes (default 10).")
    var registerLimit: Int?

    @Option(name: .customLong("enrol-limit"), help: "Slave enrolment attempts one address may make in 10 minutes (default 10).")
    var enrolLimit: Int?

    @Option(
        name: .customLong("ca-cert"),
        help: "The site CA certificate, served at /ca.pem and pinned in enrolment commands (default <keys-dir>/ca.pem; optional).")
    var caCertificate: String?

    @Option(
        name: .customLong("metrics-token-file"),
        help: "Bearer token Prometheus presents to GET /metrics (default <keys-dir>/metrics-token; without the file /metrics is off).")
    var metricsTokenFile: String?

    /// Resolves these flags over the environment, the config file and the defaults, and starts logging.
    func resolve() throws -> (MasterConfiguration, Logger) {
        var flags = MasterConfiguration.Flags()
        flags.configFile = config
        flags.host = host
        flags.port = port
        flags.databaseURL = databaseURL
        flags.keysDirectory = keysDirectory
        flags.tlsCertificate = tlsCertificate
        flags.tlsKey = tlsKey
        flags.jwtKey = jwtKey
        flags.logLevel = logLevel
        flags.logFormat = logFormat
        flags.corsOrigins = corsOrigins
        flags.reportInterval = reportInterval
        flags.sweepInterval = sweepInterval
        flags.sealInterval = sealInterval
        flags.heartbeatInterval = heartbeatInterval
        flags.publicURL = publicURL
        flags.leaseTTL = leaseTTL
        flags.metricsTokenFile = metricsTokenFile
        flags.caCertificate = caCertificate
        flags.maxHold = maxHold
        flags.holdWindow = holdWindow
        flags.registerLimit = registerLimit
        flags.idleTimeout = idleTimeout
        flags.headerTimeout = headerTimeout
        flags.connectionsPerAddress = connectionsPerAddress
        flags.maxConnections = maxConnections
        flags.enrolLimit = enrolLimit
        let configuration = try MasterConfiguration.resolve(flags: flags, environment: ProcessInfo.processInfo.environment)
        let level = configuration.logLevel
        // Under systemd, each line carries its priority, so journalctl -p err finds the errors.
        let journal = JournalPriority.standardErrorIsJournal(ProcessInfo.processInfo.environment["JOURNAL_STREAM"])
        let json = configuration.logFormat == .json
        LoggingSystem.bootstrap { label in
            var handler = RedactingLogHandler(
                json ? JSONLogHandler(label: label, journal: journal) as any LogHandler : TextLogHandler(label: label, journal: journal))
            handler.logLevel = level
            return handler
        }
        return (configuration, Logger(label: "ncod.master"))
    }
}

/// Runs `body`, turning a ``StartupError`` into one line on standard error and exit status 1.
func reportingFailures(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as StartupError {
        FileHandle.standardError.write(Data("ncod-master: error: \(error.description)\n".utf8))
        throw ExitCode.failure
    }
}

extension MasterCommand {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Migrate the database, then serve HTTPS until SIGTERM or SIGINT.")

        @OptionGroup var options: MasterOptions

        func run() async throws {
            try await reportingFailures {
                let (configuration, logger) = try options.resolve()
                try await MasterServer.run(configuration, logger: logger)
            }
        }
    }

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Bring the database schema up to date (or revert the last batch) and exit.")

        @OptionGroup var options: MasterOptions

        @Flag(help: "Revert the last batch of migrations instead.")
        var revert = false

        func run() async throws {
            try await reportingFailures {
                let (configuration, logger) = try options.resolve()
                let app = try await MasterApplication.makeDatabaseOnly(configuration, logger: logger)
                do {
                    if revert {
                        try await MasterApplication.revertLastBatch(app, location: configuration.database)
                        print("reverted the last migration batch on \(configuration.database)")
                    } else {
                        try await MasterApplication.migrate(app, location: configuration.database)
                        print("database \(configuration.database) is up to date")
                    }
                    try await app.asyncShutdown()
                } catch {
                    try? await app.asyncShutdown()
                    throw error
                }
            }
        }
    }

    struct CreateAdmin: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create-admin",
            abstract: "Create an active administrator account.",
            discussion: "The password is read from --password-file, or else from the first line of standard input."
        )

        @OptionGroup var options: MasterOptions

        @Option(help: "Login name of the administrator.")
        var username = "admin"

        @Option(name: .customLong("display-name"), help: "Name shown to others (default: the username).")
        var displayName: String?

        @Option(help: "Phone number or e-mail address.")
        var contact = ""

        @Option(name: .customLong("password-file"), help: "File whose first line is the password (e.g. keys/generated/admin-password).")
        var passwordFile: String?

        @Flag(name: .customLong("if-missing"), help: "Succeed without changing anything when the user already exists.")
        var ifMissing = false

        func run() async throws {
            try await reportingFailures {
                let (configuration, logger) = try options.resolve()
                let password = try readPassword()
                let outcome = try await AdminBootstrap.createAdmin(
                    .init(username: username, displayName: displayName ?? username, contact: contact, password: password),
                    configuration: configuration, logger: logger, ifMissing: ifMissing
                )
                switch outcome {
                case .created(let user): print("created administrator '\(user.username)' (\(user.id))")
                case .alreadyExists(let user): print("user '\(user.username)' already exists; left unchanged")
                }
            }
        }

        private func readPassword() throws -> String {
            if let passwordFile {
                guard let data = FileManager.default.contents(atPath: passwordFile) else {
                    throw StartupError.refused("cannot read the password file \(passwordFile)")
                }
                return String(decoding: data, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
            }
            guard let line = readLine(strippingNewline: true) else {
                throw StartupError.refused("no password given: use --password-file or pipe it on standard input")
            }
            return line
        }
    }

    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the audit log's chain of seals.", subcommands: [Verify.self, Seal.self])

        struct Seal: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Seal the records not yet in the chain (a running master does this every second by itself).")

            @OptionGroup var options: MasterOptions

            func run() async throws {
                try await reportingFailures {
                    let (configuration, logger) = try options.resolve()
                    print("sealed \(try await AuditCheck.seal(configuration: configuration, logger: logger)) records")
                }
            }
        }

        struct Verify: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Walk the audit chain and name the first record changed, removed or inserted; exit 1 when there is one.",
                discussion:
                    "Needs the keys folder the masters seal with. The outcome is recorded (audit.verified) and shown on ncod-admin's dashboard.")

            @OptionGroup var options: MasterOptions

            @Flag(help: "Print the outcome as JSON.")
            var json = false

            func run() async throws {
                try await reportingFailures {
                    let (configuration, logger) = try options.resolve()
                    let result = try await AuditCheck.verify(configuration: configuration, logger: logger)
                    if json {
                        let encoder = NcodJSON.encoder()
                        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                        print(String(decoding: try encoder.encode(result), as: UTF8.self))
                    } else if let finding = result.finding {
                        print("audit chain BROKEN after \(result.checked) intact records: \(finding.kind.rawValue): \(finding.detail)")
                    } else {
                        print("audit chain intact: \(result.checked) records checked, \(result.unsealed) newest not sealed yet")
                    }
                    if !result.intact { throw ExitCode(1) }
                }
            }
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a usage report: hours held, leases and waiting per device, person or org unit, and the busiest hours.",
            discussion: "Dates are midnight in --tz (default this machine's); the period is this month unless given. Figures come from lease records."
        )

        @OptionGroup var options: MasterOptions

        @Option(help: "Start (included): 2026-11-01, or a time such as 2026-11-01T08:00:00Z.")
        var from: String?

        @Option(help: "End (excluded), as --from; default: the end of today.")
        var to: String?

        @Option(help: "device, person, or department (org units, each with everything below it).")
        var by = "device"

        @Option(help: "Time zone for dates and hours, e.g. Asia/Shanghai.")
        var tz: String?

        @Option(help: "text, csv or json.")
        var format = "text"

        func run() async throws {
            try await reportingFailures {
                let (configuration, logger) = try options.resolve()
                guard ["text", "csv", "json"].contains(format) else { throw StartupError.invalidConfiguration("--format is text, csv or json") }
                let period: ReportPeriod
                do {
                    period = try ReportPeriod(from: from, to: to, by: by, timeZone: tz, now: Date())
                } catch let problem as Problem {
                    throw StartupError.invalidConfiguration(problem.fields?.values.first ?? problem.detail ?? problem.title)
                }
                let report = try await ReportExport.build(period, configuration: configuration, logger: logger)
                switch format {
                case "csv": print(report.csv, terminator: "")
                case "json":
                    let encoder = NcodJSON.encoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                    print(String(decoding: try encoder.encode(report), as: UTF8.self))
                default: print(ReportExport.text(report))
                }
            }
        }
    }

    struct SeedDemo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "seed-demo",
            abstract: "Fill the database with demo data: an organisation tree, people in every status, two slaves with devices.",
            discussion: "Every demo account's password is '\(DemoSeed.password)'. Running it again changes nothing."
        )

        @OptionGroup var options: MasterOptions

        @Option(name: .customLong("mac"), help: "A MAC address to approve for the active demo users (repeatable), so a terminal here can log in.")
        var macs: [String] = []

        func run() async throws {
            try await reportingFailures {
                let (configuration, logger) = try options.resolve()
                let parsed = try macs.map { text in
                    guard let mac = MACAddress(text) else { throw StartupError.invalidConfiguration("'\(text)' is not a MAC address") }
                    return mac
                }
                if let summary = try await DemoSeed.seed(configuration: configuration, logger: logger, macs: parsed) {
                    print(
                        "seeded \(summary.orgUnits) org units, \(summary.users) people, \(summary.devices) devices; demo password: \(DemoSeed.password)"
                    )
                } else {
                    print("demo data is already present; nothing changed")
                }
            }
        }
    }
}
