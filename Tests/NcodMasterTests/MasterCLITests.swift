import Foundation
import NcodCore
import NcodMaster
import NcodTestSupport
import Testing

@Suite("ncod-master command line")
struct MasterCLITests {
    func tempPath(_ name: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ncod-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent(name).path
    }

    @Test("report: a usage report for cron jobs, as CSV, JSON or a table; a bad period is one line and exit status 1")
    func report() throws {
        let database = try tempPath("report.sqlite")
        #expect(MasterCLI.run(["seed-demo", "--database-url", database, "--log-level", "warning"]).status == 0)
        let base = ["report", "--database-url", database, "--log-level", "warning", "--from", "2026-01-01", "--to", "2027-01-01", "--tz", "UTC"]
        let csv = MasterCLI.run(base + ["--by", "department", "--format", "csv"])
        #expect(csv.status == 0 && csv.stdout.hasPrefix("unit,id,name,path,leases,hours_held,waits,hours_waited\r\n"), "\(csv.stdout)\(csv.stderr)")
        let json = MasterCLI.run(base + ["--by", "person", "--format", "json"])
        #expect(json.status == 0 && json.stdout.contains("\"by\" : \"person\""), "\(json.stderr)")
        let text = MasterCLI.run(base)
        #expect(text.status == 0 && text.stdout.hasPrefix("usage by device, 2026-01-01 00:00 – 2027-01-01 00:00 ("), "\(text.stdout)")
        let bad = MasterCLI.run(["report", "--database-url", database, "--from", "2026-13-01"])
        #expect(bad.status == 1 && MasterCLI.errorLines(bad).first?.contains("a date such as 2026-11-01") == true, "\(bad.stderr)")
    }

    @Test("an unknown database URL scheme is one line and exit status 1")
    func unknownScheme() {
        let result = MasterCLI.run(["serve", "--database-url", "mysql://root:pw@db/ncod", "--keys-dir", TestKeys.directory])
        #expect(result.status == 1)
        #expect(
            MasterCLI.errorLines(result) == [
                "ncod-master: error: invalid configuration: unsupported database URL scheme 'mysql' in 'mysql://root:***@db/ncod': use postgres://user:password@host:port/database, or a SQLite file path"
            ])
    }

    @Test("an unreachable PostgreSQL is one line naming it, without its password")
    func unreachablePostgres() {
        let result = MasterCLI.run([
            "serve", "--port", "0", "--database-url", "postgres://ncod:hunter2@127.0.0.1:1/ncod", "--keys-dir", TestKeys.directory,
        ])
        #expect(result.status == 1)
        #expect(
            MasterCLI.errorLines(result) == [
                "ncod-master: error: cannot reach the database postgres://ncod:***@127.0.0.1:1/ncod: Connection refused (127.0.0.1:1)"
            ])
        #expect(!result.stderr.contains("hunter2"))
        #expect(!result.stderr.contains("Fatal error"))
        #expect(!result.stderr.contains("Stack trace"))
    }

    @Test("a missing key file is one line saying which and how to make it")
    func missingKey() throws {
        let keys = try TestKeys.copy()
        try FileManager.default.removeItem(atPath: keys + "/jwt-signing.key")
        let result = MasterCLI.run(["serve", "--database-url", try tempPath("x.sqlite"), "--keys-dir", keys])
        #expect(result.status == 1)
        #expect(
            MasterCLI.errorLines(result) == [
                "ncod-master: error: JWT signing key not found at \(keys)/jwt-signing.key (generate it with keys/generate.sh, or point --keys-dir at the folder that holds it)"
            ])
    }

    @Test("a private key readable by others is refused")
    func insecureKey() throws {
        let keys = try TestKeys.copy()
        chmod(keys + "/server.key", 0o644)
        let result = MasterCLI.run(["serve", "--database-url", try tempPath("x.sqlite"), "--keys-dir", keys])
        #expect(result.status == 1)
        #expect(
            MasterCLI.errorLines(result) == [
                "ncod-master: error: \(keys)/server.key is readable by other users (mode 644); run: chmod 600 \(keys)/server.key"
            ])
    }

    @Test("a misspelt setting in the config file stops the master, naming it and the likely one; every real setting is accepted")
    func misspeltSetting() throws {
        let config = try tempPath("master.conf")
        try "database_url = postgres://ncod:secret@db/ncod\n".write(toFile: config, atomically: true, encoding: .utf8)
        let result = MasterCLI.run(["migrate", "--config", config])
        #expect(result.status == 1)
        #expect(
            MasterCLI.errorLines(result) == [
                "ncod-master: error: invalid configuration: \(config):1: 'database_url' is not a setting of ncod-master; did you mean 'database-url'?"
            ])
        let database = try tempPath("ncod.sqlite")
        try "database-url = \(database)\nlog-level = warning\nheader-timeout = 5\nconnections-per-address = 0\n".write(
            toFile: config, atomically: true, encoding: .utf8)
        let fine = MasterCLI.run(["migrate", "--config", config])
        #expect(fine.status == 0 && fine.stdout.contains("is up to date"), "\(fine.stderr)")

        // A config file that holds the database password must be readable by the master's user alone.
        let secret = try tempPath("master.conf")
        try "database-url = postgres://ncod:s3cret@127.0.0.1:1/ncod\n".write(toFile: secret, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: secret)
        let open = MasterCLI.run(["migrate", "--config", secret])
        #expect(
            open.status == 1
                && MasterCLI.errorLines(open) == ["ncod-master: error: \(secret) is readable by other users (mode 644); run: chmod 600 \(secret)"],
            "\(open.stderr)")
    }

    @Test("help lists every setting from its one declaration: flag, variable, key and default; flags work on any subcommand")
    func settingsInHelp() throws {
        let help = MasterCLI.run(["--help"])
        for setting in MasterSettings.catalog.settings {
            #expect(
                help.stdout.contains("  \(setting.flag) \(setting.value)\n      \(setting.environmentName), or \(setting.key) in the file\n"),
                "\(setting.key)")
        }
        #expect(help.stdout.contains("Default: 2."), "the heartbeat default")
        // A setting before the subcommand, and one after it, both count.
        let database = try tempPath("ncod.sqlite")
        let early = MasterCLI.run(["--database-url", database, "migrate", "--log-level=warning"])
        #expect(early.status == 0 && FileManager.default.fileExists(atPath: database), "\(early.stderr)")
    }

    @Test("a bad value in the environment is reported against its variable")
    func badEnvironment() {
        let result = MasterCLI.run(["migrate"], extraEnvironment: ["NCOD_PORT": "eighty"])
        #expect(result.status == 1)
        #expect(
            MasterCLI.errorLines(result) == [
                "ncod-master: error: invalid configuration: NCOD_PORT must be a whole number from 0 to 65535, got 'eighty'"
            ])
        let flag = MasterCLI.run(["migrate", "--hold-window", "1s"])
        #expect(
            MasterCLI.errorLines(flag) == [
                "ncod-master: error: invalid configuration: --hold-window must be a duration from 10s to 1d (90s, 2m, 8h, 2d; a bare number is seconds), got '1s'"
            ])
    }

    @Test("an NCOD_* variable no ncod program reads stops the master, naming the likely one")
    func unknownVariable() {
        let result = MasterCLI.run(["migrate"], extraEnvironment: ["NCOD_DATABSE_URL": "postgres://db/ncod"])
        #expect(result.status == 1)
        #expect(
            MasterCLI.errorLines(result) == [
                "ncod-master: error: invalid configuration: the environment sets NCOD_DATABSE_URL, which no ncod program reads; did you mean NCOD_DATABASE_URL?"
            ])
        // One that another ncod program reads (the command-line client's master) is no typo.
        let database = (try? tempPath("ncod.sqlite")) ?? "/tmp/x.sqlite"
        let shared = MasterCLI.run(["migrate", "--database-url", database], extraEnvironment: ["NCOD_MASTER": "https://m:8443"])
        #expect(shared.status == 0, "\(shared.stderr)")
    }

    @Test("migrate brings a new SQLite database up to date, idempotently, and can revert")
    func migrate() throws {
        let database = try tempPath("ncod.sqlite")
        let first = MasterCLI.run(["migrate", "--database-url", database])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("is up to date"))
        #expect(FileManager.default.fileExists(atPath: database))
        #expect(MasterCLI.run(["migrate", "--database-url", database]).status == 0)
        let revert = MasterCLI.run(["migrate", "--revert", "--database-url", database])
        #expect(revert.status == 0, "\(revert.stderr)")
    }

    @Test("create-admin makes an administrator once and refuses weak passwords and duplicates")
    func createAdmin() throws {
        let database = try tempPath("ncod.sqlite")
        let created = MasterCLI.run(
            ["create-admin", "--database-url", database, "--username", "Root", "--password-file", TestKeys.directory + "/admin-password"]
        )
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.hasPrefix("created administrator 'root'"))

        let again = MasterCLI.run(["create-admin", "--database-url", database, "--username", "root"], input: "another-long-pass-1\n")
        #expect(again.status == 1)
        #expect(MasterCLI.errorLines(again) == ["ncod-master: error: user 'root' already exists; reset its password from ncod-admin instead"])

        let idempotent = MasterCLI.run(
            ["create-admin", "--database-url", database, "--username", "root", "--if-missing"], input: "another-long-pass-1\n")
        #expect(idempotent.status == 0)
        #expect(idempotent.stdout == "user 'root' already exists; left unchanged\n")

        let weak = MasterCLI.run(["create-admin", "--database-url", database, "--username", "second"], input: "short\n")
        #expect(weak.status == 1)
        #expect(MasterCLI.errorLines(weak) == ["ncod-master: error: the password must have at least 12 characters"])
    }

    @Test("seed-demo fills a new database once, with Chinese names, and leaves it alone the second time")
    func seedDemo() throws {
        let database = try tempPath("demo.sqlite")
        let first = MasterCLI.run(["seed-demo", "--database-url", database, "--mac", "02:00:00:00:00:01"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == "seeded 9 org units, 6 people, 6 devices; demo password: ncod-demo-2026\n")
        let second = MasterCLI.run(["seed-demo", "--database-url", database])
        #expect(second.stdout == "demo data is already present; nothing changed\n")
        let badMAC = MasterCLI.run(["seed-demo", "--database-url", database, "--mac", "nope"])
        #expect(MasterCLI.errorLines(badMAC) == ["ncod-master: error: invalid configuration: 'nope' is not a MAC address"])
    }

    @Test("the client programs build and describe themselves", arguments: ["ncod-slaved", "ncod-tui", "ncod-admin"])
    func clientHelp(_ program: String) {
        let result = ProcessRunner.run(RepositoryPaths.executable(program), ["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: \(program)"))
        #expect(ProcessRunner.run(RepositoryPaths.executable(program), ["--version"]).stdout.hasPrefix("0."))
    }
}
