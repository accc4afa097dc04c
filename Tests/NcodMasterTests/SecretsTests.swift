import AsyncHTTPClient
import Foundation
import NcodCore
import NcodTestSupport
import NcodVHSim
import Testing

/// TLS everywhere and secrets nowhere: plain HTTP gets no answer, and no password, token or secret reaches a log, even at trace level.
@Suite("Transport and secrets", .serialized)
struct SecretsTests {
    @Test(
        "at trace level, logins, refreshes, enrolment, a lease and a scrape leave no secret in the master's or the slave's log; plain HTTP is refused"
    )
    func noSecretLogged() async throws {
        let alice = SimulatedSite.Person(username: "alice", name: "Alice", mac: ConnectEndToEndTests.aliceMAC)
        let site = try await SimulatedSite.start(
            people: [alice], clients: [SimModel.Client(name: "alice", ip: "10.0.0.21")], masterArguments: ["--log-level", "trace"])
        do {
            let url = site.server.url
            var secrets = [
                SimulatedSite.password, FleetEndToEndTests.adminPassword, site.admin,
                try String(contentsOfFile: TestKeys.directory + "/enrolment-secret", encoding: .utf8),
                try String(contentsOfFile: TestKeys.directory + "/metrics-token", encoding: .utf8),
            ]
            let tokens: TokenResponse = try await WebBrowserTests.call(
                site.http, .POST, url + "/api/v1/auth/login",
                body: LoginRequest(username: "alice", password: SimulatedSite.password, client: .terminal, macs: [alice.mac]))
            let refreshed: TokenResponse = try await WebBrowserTests.call(
                site.http, .POST, url + "/api/v1/auth/refresh", body: RefreshRequest(refreshToken: tokens.refreshToken))
            secrets += [tokens.accessToken, tokens.refreshToken, refreshed.accessToken, refreshed.refreshToken]
            await #expect(throws: HarnessError.self) {
                let _: TokenResponse = try await WebBrowserTests.call(
                    site.http, .POST, url + "/api/v1/auth/login", body: LoginRequest(username: "alice", password: "Typo-in-password-9", client: .web))
            }
            secrets.append("Typo-in-password-9")
            let issued: EnrolmentTokenIssued = try await WebBrowserTests.call(
                site.http, .POST, url + "/api/v1/admin/slaves/enrolment-tokens", token: site.admin, body: ["slaveName": "box7"])
            secrets.append(issued.token)
            let devices = try await site.inventoryWithAFreeDevice(token: refreshed.accessToken)
            let device = try #require(devices.first { $0.isFree })
            let grant: LeaseGrant = try await WebBrowserTests.call(
                site.http, .POST, url + "/api/v1/devices/\(device.id)/lease", token: refreshed.accessToken)
            secrets.append(grant.password)
            _ = try await MetricsTests.scrape(site.http, url, token: secrets[4].trimmingCharacters(in: .whitespacesAndNewlines))
            let slaveState = try String(contentsOfFile: site.work + "/state/slave.json", encoding: .utf8)
            if let credential = slaveState.firstMatch(of: /"credential"\s*:\s*"([^"]+)"/)?.1 { secrets.append(String(credential)) }
            try await Task.sleep(for: .seconds(1.5))  // a slave report or two with the lease in its receipt

            // Plain HTTP on the TLS port: no HTTP answer at all.
            let port = try #require(URL(string: url)?.port)
            let plain = ProcessRunner.run(
                "/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5", "http://127.0.0.1:\(port)/healthz"])
            #expect(plain.status != 0 && plain.stdout == "000", "plain HTTP got an answer: \(plain.stdout) (curl exit \(plain.status))")

            let masterLog = site.server.process.stderrLines
            let slaveLog = site.slave.stderrLines
            try? FileManager.default.createDirectory(atPath: RepositoryPaths.root + "/.build/test-artifacts", withIntermediateDirectories: true)
            try (masterLog + ["----- slave -----"] + slaveLog).joined(separator: "\n")
                .write(toFile: RepositoryPaths.root + "/.build/test-artifacts/trace-logs.txt", atomically: true, encoding: .utf8)
            #expect(masterLog.count > 100, "trace logging was on (\(masterLog.count) lines)")
            #expect(masterLog.contains { $0.contains("/api/v1/auth/login") }, "requests are logged, by path")
            for secret in secrets.map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }) where secret.count >= 8 {
                #expect(
                    !masterLog.contains { $0.contains(secret) },
                    "the master logged a secret (\(secret.prefix(4))…): \(masterLog.first { $0.contains(secret) }?.prefix(160) ?? "")")
                #expect(!slaveLog.contains { $0.contains(secret) }, "the slave daemon logged a secret (\(secret.prefix(4))…)")
            }
            try await site.stop()
        } catch {
            await site.abort()
            throw error
        }
    }
}
