import ArgumentParser
import CMimalloc
import Foundation
import Logging
import NcodCore
import NcodMaster

/// `ncod-master`: the site's HTTPS API, web pages and database owner.
///
/// The settings (``MasterSettings``) are taken off the command line before the subcommand is parsed, wherever they stand, so
/// every subcommand reads the same flags, variables and config file, and `--help` lists them from their one declaration.
@main
struct MasterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ncod-master",
        abstract: "The ncod master: HTTPS API, web pages and the database of users, slaves, devices and leases.",
        discussion: MasterSettings.catalog.helpText,
        version: NcodVersion.description,
        subcommands: [Serve.self, Migrate.self, CreateAdmin.self, SeedDemo.self, Audit.self, Report.self],
        defaultSubcommand: Serve.self
    )

    /// Takes the settings' flags off the command line, then runs the subcommand with the rest.
    static func main() async {
        releasePagesAtOnce()
        MasterServer.runTasksOnEventLoops()
        let (flags, rest) = MasterSettings.catalog.takeFlags(from: Array(CommandLine.arguments.dropFirst()))
        CommandLineSettings.shared.flags = flags
        await main(rest)
    }
}

/// Has mimalloc hand the pages it no longer uses back to the kernel at once, not after a delay: 2,000 event streams held 232 MiB
/// instead of 251, for the same CPU (BENCHMARKS.md, "streams"). `MIMALLOC_PAGE_RESET` and `MIMALLOC_DECOMMIT_DELAY` in the
/// environment still decide for an operator who sets them.
func releasePagesAtOnce() {
    let environment = ProcessInfo.processInfo.environment
    if environment["MIMALLOC_PAGE_RESET"] == nil { mi_option_enable(mi_option_page_reset) }
    if environment["MIMALLOC_DECOMMIT_DELAY"] == nil { mi_option_set(mi_option_decommit_delay, 0) }
}

/// What every subcommand shares: the settings, given as flags anywhere on the command line (see ``MasterSettings``).
struct MasterOptions: ParsableArguments {
    /// Resolves these flags over the environment, the config file and the defaults, and starts logging.
    func resolve() throws -> (MasterConfiguration, Logger) {
        let configuration = try MasterConfiguration.resolve(
            flags: CommandLineSettings.shared.flags, environment: ProcessInfo.processInfo.environment)
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
        static let configuration = CommandConfiguration(
            abstract: "Migrate the database, then serve HTTPS until SIGTERM or SIGINT.", discussion: MasterSettings.catalog.helpText)

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
