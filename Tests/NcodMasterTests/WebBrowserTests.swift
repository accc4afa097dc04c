import AsyncHTTPClient
import Foundation
import NIOCore
import NcodCore
import NcodMaster
import NcodTestSupport
import Testing
import VaporTesting

/// A real headless Chromium registers through the web form, lands on the pending page, and after an administrator
/// approves the account through the API, logs in and sees it active. Screenshots go to .build/test-artifacts/web.
@Suite("Web pages in a real browser", .serialized)
struct WebBrowserTests {
    static let script = RepositoryPaths.root + "/Tests/Browser/web_flow.py"
    static let shots = RepositoryPaths.root + "/.build/test-artifacts/web"
    static var browserAvailable: Bool {
        ["/usr/bin/chromium", "/usr/bin/chromedriver", "/usr/bin/certutil"].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
            && FileManager.default.fileExists(atPath: "/usr/lib/python3/dist-packages/selenium")
    }

    @Test(
        "register in Chromium, wait for approval, log in",
        .enabled(
            if: browserAvailable || ProcessInfo.processInfo.environment["NCOD_REQUIRE_BROWSER"] == "1",
            "needs Debian's chromium, chromium-driver, libnss3-tools and python3-selenium (scripts/test installs them)"
        )
    )
    func registerApproveLogin() async throws {
        try await HeavyTests.exclusive {
            let (databaseURL, drop) = try await TestBackend.preferred.makeEmptyDatabaseURL()
            let seeded = MasterCLI.run(["seed-demo", "--database-url", databaseURL, "--log-level", "warning"])
            #expect(seeded.status == 0, "\(seeded.stderr)")
            let admin = MasterCLI.run(
                ["create-admin", "--database-url", databaseURL, "--username", "root", "--log-level", "warning"], input: "console-passphrase-2026\n")
            #expect(admin.status == 0, "\(admin.stderr)")

            let server = try await MasterProcess.start(databaseURL: databaseURL)
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: MasterProcess.clientTLS()))
            do {
                try? FileManager.default.removeItem(atPath: Self.shots)
                let name = "张伟 <script>alert('x')</script>"
                let password = "长城 password 1"
                let register = ProcessRunner.run(
                    "/usr/bin/python3",
                    [Self.script, "register", server.url, TestKeys.directory + "/ca.pem", Self.shots, "zhang.san", password, name, "地铁14号线项目部"]
                )
                #expect(register.status == 0, "browser: \(register.stdout)\(register.stderr)")
                #expect(register.stdout.contains("landed on the pending page"))

                let token = try await Self.login(client, server.url, "root", "console-passphrase-2026")
                let pending: [UserProfile] = try await Self.call(client, .GET, server.url + "/api/v1/admin/users?status=pending", token: token)
                let newcomer = try #require(pending.first { $0.username == "zhang.san" })
                #expect(newcomer.displayName == name)
                let _: UserProfile = try await Self.call(
                    client, .POST, server.url + "/api/v1/admin/users/\(newcomer.id)/approve", token: token,
                    body: ReasonRequest(reason: "new colleague"))

                let login = ProcessRunner.run(
                    "/usr/bin/python3", [Self.script, "login", server.url, TestKeys.directory + "/ca.pem", Self.shots, "zhang.san", password, name])
                #expect(login.status == 0, "browser: \(login.stdout)\(login.stderr)")
                for shot in ["register-error.png", "pending.png", "active.png"] {
                    let size = (try? FileManager.default.attributesOfItem(atPath: Self.shots + "/" + shot)[.size] as? Int) ?? 0
                    #expect(size > 10_000, "screenshot \(shot) is missing or empty")
                }
                try await client.shutdown()
            } catch {
                try? await client.shutdown()
                _ = try? await server.stop()
                try? await drop()
                throw error
            }
            #expect(try await server.stop() == 0)
            try await drop()
        }
    }

    static func login(_ client: HTTPClient, _ base: String, _ username: String, _ password: String) async throws -> String {
        let tokens: TokenResponse = try await call(
            client, .POST, base + "/api/v1/auth/login", body: LoginRequest(username: username, password: password, client: .adminConsole))
        return tokens.accessToken
    }

    static func call<T: Decodable>(
        _ client: HTTPClient, _ method: HTTPMethod, _ url: String, token: String? = nil, body: (some Encodable)? = Optional<String>.none
    ) async throws -> T {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(data: try NcodJSON.encoder().encode(body)))
        }
        let response = try await client.execute(request, timeout: .seconds(30))
        let data = try await response.body.collect(upTo: 1 << 20)
        guard response.status.code < 300 else { throw HarnessError.refused(response.status.code, String(buffer: data)) }
        return try NcodJSON.decoder().decode(T.self, from: data)
    }
}
