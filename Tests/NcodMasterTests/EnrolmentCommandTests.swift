import AsyncHTTPClient
import Foundation
import NcodCore
import NcodTestSupport
import Testing

/// Issue 17: the enrolment command ncod-admin shows is copy-and-paste: it pins the site CA by its fingerprint, the new box fetches
/// the CA from the master, and a master whose CA does not match is refused before anything is saved.
@Suite("Enrolling a box from the command the console shows")
struct EnrolmentCommandTests {
    struct TokenRequest: Codable, Sendable {
        var slaveName: String
    }

    /// The shown command's arguments for the built `ncod-slaved`, in `stateDirectory`, reaching the master at `url` (the test's master
    /// listens on a port of its own choosing, which its public URL cannot know).
    static func arguments(of command: String, master url: String, stateDirectory: String) -> [String] {
        var words = command.split(separator: " ").map(String.init)
        #expect(Array(words.prefix(2)) == ["sudo", "ncod-slaved"])
        words.removeFirst(2)
        if let index = words.firstIndex(of: "--master"), index + 1 < words.count { words[index + 1] = url }
        return words + ["--hostname", "box7", "--state-dir", stateDirectory]
    }

    @Test("the command fetches the CA and checks its fingerprint; a wrong fingerprint saves nothing; the next steps are given")
    func pinnedCA() async throws {
        let (location, drop) = try await TestBackend.sqlite.makeEmptyDatabase()
        let databaseURL = "\(location)"
        #expect(
            MasterCLI.run(
                ["create-admin", "--database-url", databaseURL, "--username", "root", "--log-level", "warning"],
                input: FleetEndToEndTests.adminPassword + "\n"
            ).status == 0)
        let server = try await MasterProcess.start(databaseURL: databaseURL)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: MasterProcess.clientTLS()))
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("ncod-enrol-\(UUID().uuidString)").path
        do {
            let caFile = try String(contentsOfFile: TestKeys.directory + "/ca.pem", encoding: .utf8)
            let expected = try #require(CertificateFingerprint.sha256(pem: caFile))
            let served = try await client.execute(HTTPClientRequest(url: server.url + "/ca.pem"), timeout: .seconds(10))
            let servedText = String(buffer: try await served.body.collect(upTo: 1 << 16))
            #expect(served.status == .ok && servedText == caFile)

            let admin = try await WebBrowserTests.login(client, server.url, "root", FleetEndToEndTests.adminPassword)
            func issue(_ name: String) async throws -> EnrolmentTokenIssued {
                try await WebBrowserTests.call(
                    client, .POST, server.url + "/api/v1/admin/slaves/enrolment-tokens", token: admin, body: TokenRequest(slaveName: name))
            }
            let issued = try await issue("box7")
            #expect(issued.command.contains("--ca-fingerprint \(CertificateFingerprint.compact(expected))"), "\(issued.command)")
            #expect(!issued.command.contains("--ca /"), "nothing to copy by hand first")
            #expect(issued.nextSteps.count == 3 && issued.nextSteps.last == "sudo systemctl enable --now ncod-slaved")

            // A box that reaches another master (or a forged one): the fingerprint does not match, nothing is saved.
            let wrong = try await issue("box7")
            let forged = wrong.command.replacingOccurrences(
                of: CertificateFingerprint.compact(expected), with: String(repeating: "0", count: 64))
            let refused = ProcessRunner.run(
                RepositoryPaths.executable("ncod-slaved"), Self.arguments(of: forged, master: server.url, stateDirectory: work + "/forged"),
                environment: ["NCOD_CONFIG": "/dev/null"])
            #expect(refused.status != 0 && refused.stderr.contains("fingerprint"), "\(refused.stderr)")
            #expect(!FileManager.default.fileExists(atPath: work + "/forged/slave.json"))
            #expect(!FileManager.default.fileExists(atPath: work + "/forged/ca.pem"))

            // The command as shown: the CA is fetched, checked and kept with the credential.
            let enrolled = ProcessRunner.run(
                RepositoryPaths.executable("ncod-slaved"), Self.arguments(of: issued.command, master: server.url, stateDirectory: work + "/state"),
                environment: ["NCOD_CONFIG": "/dev/null"])
            #expect(enrolled.status == 0, "\(enrolled.stderr)")
            #expect(try String(contentsOfFile: work + "/state/ca.pem", encoding: .utf8) == caFile)
            #expect(FileManager.default.fileExists(atPath: work + "/state/slave.json"))
            let slaves: [SlaveView] = try await WebBrowserTests.call(client, .GET, server.url + "/api/v1/admin/slaves", token: admin)
            #expect(slaves.contains { $0.name == "box7" })

            try await client.shutdown()
            #expect(try await server.stop() == 0)
            try await drop()
            try? FileManager.default.removeItem(atPath: work)
        } catch {
            try? await client.shutdown()
            _ = try? await server.stop()
            try? await drop()
            try? FileManager.default.removeItem(atPath: work)
            throw error
        }
    }
}
