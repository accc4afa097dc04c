import Foundation
import NcodCLI
import NcodClient
import NcodCore
import NcodTestSupport
import NcodVHSim
import NcodVirtualHere
import Testing

/// The `ncod` command as a CI job and its people use it, on the simulated site (real master, slave daemon and VirtualHere
/// simulator): every exit status provoked, `take --wait` returning when the device frees, the JSON checked against its schemas,
/// and `release --all` after a failed job step.
@Suite("ncod, the command-line client", .serialized)
struct CommandLineClientTests {
    static let people = [
        SimulatedSite.Person(username: "alice", name: "Alice Zhang", mac: "02:00:00:00:00:a1"),
        SimulatedSite.Person(username: "bob", name: "王磊", mac: "02:00:00:00:00:b0"),
        SimulatedSite.Person(username: "ci.runner", name: "CI Runner", mac: "02:00:00:00:00:c1"),
    ]
    static let clients = [
        SimModel.Client(name: "alice", fullName: "Alice Zhang", ip: "10.0.0.21", hostname: "alice-pc"),
        SimModel.Client(name: "bob", fullName: "王磊", ip: "10.0.0.22", hostname: "bob-pc"),
        SimModel.Client(name: "ci", fullName: "CI Runner", ip: "10.0.0.23", hostname: "ci-runner"),
    ]
    static let dongle = "box1.114"

    /// One person's fresh shell: their own HOME, the site's master and CA, their computer's MAC and VirtualHere pipes.
    struct Shell {
        let home: String
        let environment: [String: String]

        init(_ site: SimulatedSite, mac: String, client: String, language: String = "C.UTF-8") throws {
            home = FileManager.default.temporaryDirectory.appendingPathComponent("ncod-home-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
            environment = [
                "HOME": home, "PATH": "/usr/bin:/bin", "LANG": language, "NCOD_MASTER": site.server.url, "NCOD_CA": TestKeys.directory + "/ca.pem",
                "NCOD_MAC": mac, "NCOD_VH_FIFO_DIR": site.pipes(client),
            ]
        }

        /// Runs `ncod` to completion.
        func ncod(_ arguments: [String], input: String? = nil, environment extra: [String: String] = [:]) -> ProcessRunner.Result {
            ProcessRunner.run(
                RepositoryPaths.executable("ncod"), arguments, environment: environment.merging(extra) { $1 }, input: input)
        }

        /// Starts `ncod` in the background.
        func start(_ arguments: [String]) throws -> BackgroundProcess {
            try BackgroundProcess(RepositoryPaths.executable("ncod"), arguments, environment: environment, captureStandardOutput: true)
        }

        /// Logs in with the site's password on standard input.
        func login(_ username: String) -> ProcessRunner.Result {
            ncod(["login", "--username", username, "--password-stdin"], input: SimulatedSite.password + "\n")
        }
    }

    /// Whether `json` fits `schema` (docs/schemas), checked by the jsonschema package from the test tools' environment; `nil` when
    /// the tools are not installed here (scripts/test installs them, and then they must be used).
    static func fits(_ json: String, _ schema: String) throws -> Bool? {
        guard let bin = OpenAPIContractTests.tools else {
            #expect(!OpenAPIContractTests.toolsWanted, "NCOD_SCHEMATHESIS_BIN is needed to check the JSON against its schema")
            return nil
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ncod-json-\(UUID().uuidString).json").path
        try json.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let schemas = RepositoryPaths.root + "/docs/schemas"
        let checked = ProcessRunner.run(bin + "/python", [schemas + "/validate.py", schemas + "/" + schema, file])
        #expect(checked.status == 0, "\(schema): \(checked.stdout)\(checked.stderr)\n\(json)")
        return checked.status == 0
    }

    /// What a `--json` run printed, decoded; a failure shows what it printed instead.
    static func decode<T: Decodable>(_ type: T.Type, _ run: ProcessRunner.Result) throws -> T {
        do {
            return try NcodJSON.decoder().decode(T.self, from: Data(run.stdout.utf8))
        } catch {
            Issue.record("exit \(run.status), stdout: \(run.stdout), stderr: \(run.stderr)")
            throw error
        }
    }

    /// Whose the dongle is in `client`'s VirtualHere client.
    static func holder(_ site: SimulatedSite, _ client: String) async throws -> VHClientList.Holder? {
        try await VirtualHereClient(transport: VHFIFOTransport(folder: site.pipes(client))).list().device(dongle)?.holder
    }

    @Test("shell completions for bash, zsh and fish name every subcommand; the help lists every exit status", arguments: ["bash", "zsh", "fish"])
    func completions(_ shell: String) {
        let script = ProcessRunner.run(RepositoryPaths.executable("ncod"), ["--generate-completion-script", shell], environment: ["HOME": "/tmp"])
        #expect(script.status == 0)
        for command in ["login", "devices", "take", "release", "who", "wait", "queue"] {
            #expect(script.stdout.contains(command), "\(shell): \(command)")
        }
        let help = ProcessRunner.run(RepositoryPaths.executable("ncod"), ["--help"], environment: ["HOME": "/tmp"])
        for exit in CLIExit.allCases { #expect(help.stdout.contains("  \(exit.rawValue)\t\(exit.meaning)"), "\(exit)") }
    }

    @Test("a misspelt key in the remembered settings, or NCOD_* variable, is exit status 64 naming the line and the likely name")
    func misspeltSettings() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("ncod-home-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: home) }
        try FileManager.default.createDirectory(atPath: home + "/.config/ncod", withIntermediateDirectories: true)
        try "master = https://m:8443\nvh-fifo_dir = /tmp\n".write(toFile: home + "/.config/ncod/tui.conf", atomically: true, encoding: .utf8)
        let file = ProcessRunner.run(RepositoryPaths.executable("ncod"), ["devices"], environment: ["HOME": home, "LANG": "C.UTF-8"])
        #expect(file.status == 64)
        #expect(
            file.stderr.contains("\(home)/.config/ncod/tui.conf:2: 'vh-fifo_dir' is not a setting of the ncod clients; did you mean 'vh-fifo-dir'?"),
            "\(file.stderr)")
        try "master = https://m:8443\n".write(toFile: home + "/.config/ncod/tui.conf", atomically: true, encoding: .utf8)
        let variable = ProcessRunner.run(
            RepositoryPaths.executable("ncod"), ["devices"], environment: ["HOME": home, "LANG": "C.UTF-8", "NCOD_MASTR": "https://m:8443"])
        #expect(variable.status == 64)
        #expect(
            variable.stderr.contains("the environment sets NCOD_MASTR, which no ncod program reads; did you mean NCOD_MASTER?"), "\(variable.stderr)")
    }

    @Test("every exit status, take --wait that returns when the device frees, JSON that fits its schemas, and release --all after a failed step")
    func journey() async throws {
        let site = try await SimulatedSite.start(people: Self.people, clients: Self.clients)
        do {
            let alice = try Shell(site, mac: Self.people[0].mac, client: "alice")
            let bob = try Shell(site, mac: Self.people[1].mac, client: "bob")
            let ci = try Shell(site, mac: Self.people[2].mac, client: "ci")

            // Not logged in (5); bad command lines (64); a master that does not answer (8).
            let early = alice.ncod(["devices"])
            #expect(early.status == CLIExit.notLoggedIn.rawValue && early.stderr.contains("not logged in to \(site.server.url): run ncod login"))
            #expect(alice.ncod(["take"]).status == CLIExit.usage.rawValue)
            #expect(alice.ncod(["take", "x", "--for", "soon"]).status == CLIExit.usage.rawValue)
            #expect(alice.ncod(["take", "--match", "tag:two words"]).status == CLIExit.usage.rawValue)
            let wrong = alice.ncod(["login", "--username", "alice", "--password-stdin"], input: "wrong password\n")
            #expect(wrong.status == CLIExit.notLoggedIn.rawValue, "\(wrong.stderr)")
            let unreachable = alice.ncod(["login", "--username", "alice", "--password-stdin", "--master", "https://127.0.0.1:1"], input: "x\n")
            #expect(
                unreachable.status == CLIExit.masterUnreachable.rawValue && unreachable.stderr.contains("cannot be reached"), "\(unreachable.stderr)")

            // Logged in: the login is kept, readable by its owner alone, and the computer's key is ncod-tui's.
            let login = alice.login("alice")
            #expect(login.status == 0 && login.stdout.contains("logged in as Alice Zhang (alice)"), "\(login.stderr)")
            let session = alice.home + "/.config/ncod/session.json"
            let mode = try FileManager.default.attributesOfItem(atPath: session)[.posixPermissions] as? NSNumber
            #expect(mode?.intValue == 0o600)
            #expect(FileManager.default.fileExists(atPath: alice.home + "/.config/ncod/computer-key"))
            #expect(alice.ncod(["take", "no-such-device"]).status == CLIExit.notFound.rawValue)
            var reported = false  // box1's first report, a second or so after the start
            for _ in 0..<50 where !reported {
                reported = alice.ncod(["devices", "--free"]).stdout.contains(Self.dongle)
                if !reported { try await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(reported)

            // The list, as people and as JSON.
            let listed = alice.ncod(["devices"])
            #expect(listed.status == 0 && listed.stdout.contains("ADDRESS") && listed.stdout.contains(Self.dongle), "\(listed.stderr)")
            let json = alice.ncod(["devices", "--free", "--json"])
            let rows = try Self.decode([CLIDevice].self, json)
            #expect(rows.contains { $0.address == Self.dongle } && rows.allSatisfy { $0.state == .free })
            _ = try Self.fits(json.stdout, "ncod-devices.schema.json")

            // Alice takes the dongle for 10 minutes: a timed hold, in use in her VirtualHere client.
            let taken = alice.ncod(["take", Self.dongle, "--for", "10m", "--json"])
            #expect(taken.status == 0, "\(taken.stderr)")
            let grant = try Self.decode(CLIClient.Taken.self, taken)
            #expect(grant.device.address == Self.dongle && grant.device.state == .mine)
            #expect(abs(grant.until.timeIntervalSinceNow - 600) < 30)
            _ = try Self.fits(taken.stdout, "ncod-take.schema.json")
            #expect(try await Self.holder(site, "alice") == .you)

            // Bob: busy (3), in both languages; --wait with a short timeout gives up (4) and leaves the line.
            #expect(bob.login("bob").status == 0)
            let busy = bob.ncod(["take", Self.dongle])
            #expect(busy.status == CLIExit.busy.rawValue && busy.stderr.contains("in use by Alice Zhang"), "\(busy.stderr)")
            let chinese = bob.ncod(["take", Self.dongle], environment: ["LANG": "zh_CN.UTF-8"])
            #expect(chinese.status == CLIExit.busy.rawValue && chinese.stderr.contains("Alice Zhang 正在使用"), "\(chinese.stderr)")
            let busyJSON = bob.ncod(["take", Self.dongle, "--json"])
            #expect(busyJSON.stdout.contains(#""code" : "device_busy""#))
            _ = try Self.fits(busyJSON.stdout, "ncod-error.schema.json")
            let gaveUp = bob.ncod(["take", Self.dongle, "--wait", "--timeout", "2s"])
            #expect(gaveUp.status == CLIExit.timedOut.rawValue, "\(gaveUp.stderr)")
            #expect(!alice.ncod(["queue", Self.dongle]).stdout.contains("王磊"), "a timed-out wait leaves the line")

            // Bob waits in earnest; Alice releases: his take returns with the dongle, in his VirtualHere client.
            let waiting = try bob.start(["take", Self.dongle, "--wait", "--timeout", "60s", "--for", "5m", "--json"])
            var queued = false
            for _ in 0..<50 where !queued {
                queued = alice.ncod(["queue", Self.dongle]).stdout.contains("1. 王磊")
                if !queued { try await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(queued, "Bob is first in line")
            let who = alice.ncod(["who", Self.dongle])
            #expect(who.stdout.contains("yours") && who.stdout.contains("1 waiting") && who.stdout.contains("王磊"), "\(who.stdout)")
            let released = ContinuousClock.now
            let release = alice.ncod(["release", Self.dongle])
            #expect(release.status == 0 && release.stdout.contains("released \(Self.dongle)"), "\(release.stderr)")
            #expect(try await waiting.waitForExit(timeout: .seconds(30)) == 0, "\(waiting.stderrLines)")
            let waited = ContinuousClock.now - released
            _ = try await waiting.waitForOutputLine(timeout: .seconds(2)) { $0 == "}" }  // the pipe's last bytes
            let bobs = try Self.decode(
                CLIClient.Taken.self,
                ProcessRunner.Result(
                    status: 0, stdout: waiting.stdoutLines.joined(separator: "\n"), stderr: waiting.stderrLines.joined(separator: "\n")))
            #expect(bobs.device.address == Self.dongle && bobs.device.state == .mine)
            #expect(try await Self.holder(site, "bob") == .you)
            print("ncod take --wait: returned \(waited) after the release")

            // Alice waits and is interrupted: 130, and she is off the line.
            let interrupted = try alice.start(["wait", Self.dongle])
            _ = try await interrupted.waitForLine { $0.contains("waiting: #1") }
            interrupted.signal(SIGINT)
            #expect(try await interrupted.waitForExit() == CLIExit.interrupted.rawValue)
            #expect(!bob.ncod(["queue", Self.dongle]).stdout.contains("Alice"), "an interrupted wait leaves the line")
            #expect(bob.ncod(["release", "--all"]).status == 0)

            // A CI job whose flashing step fails: its cleanup still gives the device back.
            #expect(ci.login("ci.runner").status == 0)
            let job = ProcessRunner.run(
                "/bin/bash",
                [
                    "-c",
                    """
                    set -e
                    trap '"$NCOD" release --all' EXIT
                    "$NCOD" take \(Self.dongle) --for 20m
                    echo flashing; false
                    echo never
                    """,
                ], environment: ci.environment.merging(["NCOD": RepositoryPaths.executable("ncod")]) { $1 })
            #expect(job.status == 1 && job.stdout.contains("flashing") && !job.stdout.contains("never"), "\(job.stdout)\(job.stderr)")
            #expect(job.stdout.contains("released \(Self.dongle)"), "\(job.stdout)")
            #expect(alice.ncod(["devices", Self.dongle, "--free"]).stdout.contains(Self.dongle), "free again after the failed job")
            #expect(ci.ncod(["release", Self.dongle]).status == CLIExit.notFound.rawValue, "nothing held: not found")

            // Any other refusal (1), here a hold the master will not give: said in the master's words, and nothing is left held.
            let tooShort = ci.ncod(["take", Self.dongle, "--for", "10s"])
            #expect(tooShort.status == CLIExit.failed.rawValue && tooShort.stderr.contains("at least 30 seconds"), "\(tooShort.stderr)")
            #expect(alice.ncod(["devices", Self.dongle, "--free"]).stdout.contains(Self.dongle), "no lease left behind")

            // VirtualHere not running here (9): the lease is given back at once.
            let noVH = ci.ncod(["take", Self.dongle], environment: ["NCOD_VH_FIFO_DIR": ci.home])
            #expect(noVH.status == CLIExit.virtualHereRefused.rawValue, "\(noVH.stderr)")
            #expect(alice.ncod(["devices", Self.dongle, "--free"]).stdout.contains(Self.dongle), "no lease left behind")

            // A computer not approved (6); an account not approved (7).
            let stranger = try Shell(site, mac: "02:00:00:00:00:ee", client: "ci")
            #expect(stranger.login("alice").status == CLIExit.computerNotApproved.rawValue)
            let department = try #require(
                (try await WebBrowserTests.call(site.http, .GET, site.server.url + "/api/v1/org-units") as [OrgUnitNode]).first?.children.first?
                    .children.first)
            let _: UserProfile = try await WebBrowserTests.call(
                site.http, .POST, site.server.url + "/api/v1/auth/register",
                body: RegisterRequest(
                    username: "newbie", displayName: "New Bie", password: SimulatedSite.password, contact: "newbie@example.com",
                    orgUnitID: department.id))
            #expect(stranger.login("newbie").status == CLIExit.accountNotApproved.rawValue)

            // Logged out: not logged in again (5).
            #expect(alice.ncod(["logout"]).status == 0)
            #expect(alice.ncod(["devices"]).status == CLIExit.notLoggedIn.rawValue)
            for shell in [alice, bob, ci, stranger] { try? FileManager.default.removeItem(atPath: shell.home) }
            try await site.stop()
        } catch {
            await site.abort()
            throw error
        }
    }
}
