import Foundation
import NcodClient
import NcodTestSupport
import Testing

/// The terminal programs refuse to start without what they need, in one line, with a failing exit status.
@Suite("Terminal programs' command lines")
struct ClientCLITests {
    @Test("no master, an unreadable CA or password file: one clear line and exit status 1", arguments: ["ncod-tui", "ncod-admin"])
    func refusals(_ program: String) throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("ncod-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let environment = ["HOME": home, "PATH": "/usr/bin:/bin", "TERM": "dumb"]
        let binary = RepositoryPaths.executable(program)

        let noMaster = ProcessRunner.run(binary, [], environment: environment)
        #expect(noMaster.status == 1)
        #expect(noMaster.stderr.contains("give --master and --ca once (they are then remembered in \(home)/.config/ncod/"), "\(noMaster.stderr)")

        let noCA = ProcessRunner.run(binary, ["--master", "https://m:8443", "--ca", home + "/missing.pem"], environment: environment)
        #expect(noCA.status == 1 && noCA.stderr.contains("cannot read the CA certificate \(home)/missing.pem"), "\(noCA.stderr)")

        let noPassword = ProcessRunner.run(
            binary, ["--master", "https://m:8443", "--ca", TestKeys.directory + "/ca.pem", "--password-file", home + "/nope"],
            environment: environment)
        #expect(noPassword.status == 1 && noPassword.stderr.contains("cannot read the password file"), "\(noPassword.stderr)")
        #expect(!FileManager.default.fileExists(atPath: home + "/.config/ncod"), "nothing is remembered from a run that never started")

        // Without a terminal (a script, a pipe): stop at once and say what to use, instead of drawing into the void and waiting.
        let started = ContinuousClock.now
        let noTerminal = ProcessRunner.run(binary, ["--master", "https://m:8443", "--ca", TestKeys.directory + "/ca.pem"], environment: environment)
        #expect(noTerminal.status == 1 && noTerminal.stderr.contains("\(program) needs a terminal"), "\(noTerminal.stderr)")
        #expect(ContinuousClock.now - started < .seconds(5), "at once, not after a timeout")
        #expect(!FileManager.default.fileExists(atPath: home + "/.config/ncod"), "nothing is remembered")
    }
}

/// What the terminal programs say when the master cannot be reached: plain words, from the network library's real errors.
@Suite("Connection trouble in plain words", .serialized)
struct ConnectionTroubleTests {
    /// The technical text a call to `url` with `caFile` fails with.
    static func failure(_ url: String, caFile: String) async -> String? {
        let api = MasterAPIClient(baseURL: url, caFile: caFile)
        defer { Task { await api.shutdown() } }
        do {
            _ = try await api.orgUnits()
            return nil
        } catch APIError.unreachable(let reason) {
            return reason
        } catch {
            return "\(error)"
        }
    }

    @Test("nothing listening, an untrusted certificate, an unknown host: each in plain words, never a type name")
    func plainWords() async throws {
        let (location, drop) = try await TestBackend.sqlite.makeEmptyDatabase()
        defer { Task { try? await drop() } }
        let server = try await MasterProcess.start(databaseURL: "\(location)")
        let refused = try #require(await Self.failure("https://127.0.0.1:9", caFile: TestKeys.directory + "/ca.pem"))
        #expect(ConnectionTrouble.words(refused).english.hasPrefix("nothing answers at the master's address"), "\(refused)")
        // A CA of someone else's: the master's certificate is not one it signed.
        let other = FileManager.default.temporaryDirectory.appendingPathComponent("other-ca-\(UUID().uuidString)").path
        defer { for suffix in [".pem", ".key"] { try? FileManager.default.removeItem(atPath: other + suffix) } }
        let made = ProcessRunner.run(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=someone else", "-days", "1",
                "-keyout", other + ".key", "-out", other + ".pem",
            ])
        #expect(made.status == 0, "\(made.stderr)")
        let untrusted = try #require(await Self.failure(server.url, caFile: other + ".pem"))
        #expect(ConnectionTrouble.words(untrusted).english.hasPrefix("the master's certificate is not one the CA file trusts"), "\(untrusted)")
        let unknown = try #require(await Self.failure("https://no-such-host.invalid:8443", caFile: TestKeys.directory + "/ca.pem"))
        #expect(ConnectionTrouble.words(unknown).english.hasPrefix("the master's host name cannot be found"), "\(unknown)")
        for technical in [refused, untrusted, unknown] {
            let chinese = ConnectionTrouble.words(technical).chinese
            #expect(!chinese.contains("NIO") && !chinese.contains("Failure(") && !chinese.contains("Error"), "\(chinese)")
        }
        #expect(try await server.stop() == 0)
    }
}
