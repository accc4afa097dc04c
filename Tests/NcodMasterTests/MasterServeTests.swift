import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL
import NcodCore
import NcodTestSupport
import Testing

/// The real `ncod-master` binary, served over real TLS with keys from keys/generate.sh.
@Suite("ncod-master serve", .serialized)
struct MasterServeTests {
    @Test("serves /healthz over HTTPS on SQLite, answers errors as problem JSON, and stops on SIGTERM")
    func servesOnSQLite() async throws {
        let (location, drop) = try await TestBackend.sqlite.makeEmptyDatabase()
        defer { Task { try? await drop() } }
        let server = try await MasterProcess.start(databaseURL: "\(location)")

        let health = ProcessRunner.run("/usr/bin/curl", ["-sS", "--cacert", TestKeys.directory + "/ca.pem", server.url + "/healthz"])
        #expect(health.status == 0, "curl failed: \(health.stderr)")

        // Every answer, API and errors included, carries HSTS and nosniff.
        for path in ["/healthz", "/openapi.yaml", "/api/v1/devices", "/api/v1/org-units", "/no/such/page"] {
            let head = ProcessRunner.run(
                "/usr/bin/curl", ["-sS", "-D", "-", "-o", "/dev/null", "--cacert", TestKeys.directory + "/ca.pem", server.url + path])
            let headers = head.stdout.lowercased()
            #expect(headers.contains("strict-transport-security: max-age=31536000") && headers.contains("x-content-type-options: nosniff"), "\(path)")
        }
        // TLS 1.2 offers AEAD suites only: a CBC-SHA1 suite gets no handshake, a GCM one does.
        let port = String(server.url.split(separator: ":").last ?? "")
        func handshake(_ cipher: String) -> Bool {
            ProcessRunner.run(
                "/usr/bin/openssl",
                ["s_client", "-connect", "127.0.0.1:\(port)", "-tls1_2", "-cipher", cipher, "-CAfile", TestKeys.directory + "/ca.pem"],
                input: ""
            ).stdout.contains("Cipher is \(cipher)")
        }
        #expect(handshake("ECDHE-ECDSA-AES128-GCM-SHA256"))
        #expect(!handshake("ECDHE-ECDSA-AES128-SHA") && !handshake("ECDHE-ECDSA-AES256-SHA"), "no CBC-SHA1 suite on TLS 1.2")
        // One TLS context serves every connection: a client that comes back resumes its session instead of a whole handshake (with
        // a context made for each connection, as Vapor's own TLS set-up does, every handshake was new).
        let session = FileManager.default.temporaryDirectory.appendingPathComponent("ncod-tls-session-\(UUID().uuidString).pem").path
        defer { try? FileManager.default.removeItem(atPath: session) }
        func connect(_ sessionOption: String) -> String {
            ProcessRunner.run(
                "/usr/bin/openssl",
                ["s_client", "-connect", "127.0.0.1:\(port)", "-tls1_2", "-CAfile", TestKeys.directory + "/ca.pem", sessionOption, session],
                input: ""
            ).stdout
        }
        let first = connect("-sess_out")
        #expect(first.contains("New, TLSv1.2"), "\(first.suffix(300))")
        let again = connect("-sess_in")
        #expect(again.contains("Reused, TLSv1.2"), "the session was not resumed: \(again.suffix(300))")
        let report = try JSONDecoder().decode(HealthReport.self, from: Data(health.stdout.utf8))
        #expect(report.status == "ok")
        #expect(report.database.backend == "sqlite")
        #expect(report.version == NcodVersion.current)

        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: MasterProcess.clientTLS()))
        do {
            let response = try await client.execute(HTTPClientRequest(url: server.url + "/no/such/page"), timeout: .seconds(10))
            #expect(response.status == .notFound)
            #expect(response.headers.first(name: "content-type") == Problem.mediaType)
            let problem = try JSONDecoder().decode(Problem.self, from: try await response.body.collect(upTo: 1 << 16))
            #expect(problem.code == "not_found")
            #expect(problem.status == 404)

            var huge = HTTPClientRequest(url: server.url + "/api/v1/auth/register")
            huge.method = .POST
            huge.headers.add(name: "Content-Type", value: "application/json")
            huge.body = .bytes(ByteBuffer(string: #"{"username":""# + String(repeating: "a", count: 300_000) + #""}"#))
            let refused = try await client.execute(huge, timeout: .seconds(10))
            #expect(refused.status == .payloadTooLarge)
            let tooLarge = try JSONDecoder().decode(Problem.self, from: try await refused.body.collect(upTo: 1 << 16))
            #expect(tooLarge.code == "payload_too_large")
            #expect(problem.detail == "no such resource: GET /no/such/page")
            try await client.shutdown()
        } catch {
            try? await client.shutdown()
            throw error
        }

        let untrusted = ProcessRunner.run("/usr/bin/curl", ["-sS", server.url + "/healthz"])
        #expect(untrusted.status != 0, "a client that does not trust the ncod CA must refuse the certificate")
        let plain = ProcessRunner.run(
            "/usr/bin/curl", ["-sS", "--max-time", "5", server.url.replacingOccurrences(of: "https://", with: "http://") + "/healthz"])
        #expect(plain.status != 0 || !plain.stdout.contains("\"status\":\"ok\""), "plain HTTP must not be served")

        let status = try await server.stop()
        #expect(status == 0)
        #expect(server.process.stderrLines.contains { $0.contains("\"msg\":\"stopped\"") })
    }

    @Test("under systemd (Type=notify): READY=1 once it listens, watchdog pings while it runs, STOPPING=1 on SIGTERM")
    func systemdNotify() async throws {
        let (location, drop) = try await TestBackend.sqlite.makeEmptyDatabase()
        defer { Task { try? await drop() } }
        let systemd = try NotifySocket()
        var environment = MasterCLI.environment
        environment["NOTIFY_SOCKET"] = systemd.path
        environment["WATCHDOG_USEC"] = "1000000"
        let process = try BackgroundProcess(
            RepositoryPaths.executable("ncod-master"),
            [
                "serve", "--host", "127.0.0.1", "--port", "0", "--database-url", "\(location)", "--keys-dir", TestKeys.directory, "--log-format",
                "json",
            ],
            environment: environment)
        _ = try await process.waitForLine { $0.contains("\"msg\":\"listening\"") }
        let running = systemd.messages(within: .seconds(2))
        #expect(running.first?.hasPrefix("READY=1") == true, "\(running)")
        #expect(running.filter { $0 == "WATCHDOG=1" }.count >= 2, "a ping every half second: \(running)")
        process.signal(SIGTERM)
        let stopping = systemd.messages(within: .seconds(2))
        #expect(stopping.contains("STOPPING=1"), "\(stopping)")
        #expect(try await process.waitForExit() == 0)
    }

    @Test("once it has served a while, the master gives back its start-up's code pages, and goes on serving")
    func startupPagesGivenBack() async throws {
        let (location, drop) = try await TestBackend.sqlite.makeEmptyDatabase()
        defer { Task { try? await drop() } }
        // A copy of the binary of its own: the kernel leaves a page where it is while another process maps it too, and the suite's
        // other masters run the same file.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ncod-pages-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: RepositoryPaths.executable("ncod-master"), toPath: folder + "/ncod-master")
        let server = try await MasterProcess.start(databaseURL: "\(location)", executable: folder + "/ncod-master")
        let line = try await server.process.waitForLine(timeout: .seconds(30), where: { $0.contains("start-up's pages given back") })
        let given = try #require(line, "no release of the start-up's pages: \(server.process.stderrLines.suffix(5))")
        let fields = try JSONDecoder().decode([String: String].self, from: Data(given.utf8))
        let before = try #require(fields["residentMiBBefore"].flatMap(Int.init)), after = try #require(fields["residentMiBAfter"].flatMap(Int.init))
        #expect(after < before * 3 / 4, "resident \(before) MiB before, \(after) MiB after")
        #expect((fields["advisedMiB"].flatMap(Int.init) ?? 0) > 0)
        // The code given back is read again when needed: the master answers as before.
        let health = ProcessRunner.run("/usr/bin/curl", ["-sS", "--cacert", TestKeys.directory + "/ca.pem", server.url + "/healthz"])
        #expect(health.status == 0 && health.stdout.contains("\"ok\""), "\(health.stderr)")
        #expect(try await server.stop() == 0)
    }

    @Test("a socket that never starts TLS, or goes silent, is closed after the idle timeout; a user is served meanwhile")
    func idleSocketsClosed() async throws {
        let (location, drop) = try await TestBackend.sqlite.makeEmptyDatabase()
        defer { Task { try? await drop() } }
        let server = try await MasterProcess.start(databaseURL: "\(location)", extraArguments: ["--idle-timeout", "2"])
        let port = UInt16(server.url.split(separator: ":").last ?? "") ?? 0
        // 50 plain TCP sockets that say nothing at all: no TLS handshake, no request.
        var sockets: [Int32] = []
        for _ in 0..<50 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            #expect(connected == 0)
            sockets.append(fd)
        }
        let health = ProcessRunner.run("/usr/bin/curl", ["-sS", "--cacert", TestKeys.directory + "/ca.pem", server.url + "/healthz"])
        #expect(health.status == 0 && health.stdout.contains("\"ok\""), "a user is served while the idle sockets are open")
        // The access log says what was answered, and how fast, once it is answered.
        let answered = try await server.process.waitForLine(timeout: .seconds(5), where: { $0.contains("\"path\":\"/healthz\"") })
        #expect(answered?.contains("\"status\":\"200\"") == true && answered?.contains("GET /healthz 200") == true, "\(answered ?? "no line")")
        // After the idle timeout the master has closed every one of them: a read sees the end (0) or a reset.
        try await Task.sleep(for: .seconds(4))
        var closed = 0
        for fd in sockets {
            var pollfd = Glibc.pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&pollfd, 1, 1000) > 0 {
                var byte: UInt8 = 0
                if read(fd, &byte, 1) <= 0 { closed += 1 }
            }
            close(fd)
        }
        #expect(closed == 50, "\(closed) of 50 silent sockets closed by the master")
        #expect(try await server.stop() == 0)
    }

    @Test(
        "serves on PostgreSQL and reports 503 with the reason when the database goes away",
        .enabled(if: TestBackend.postgres.isAvailable)
    )
    func servesOnPostgres() async throws {
        let (location, drop) = try await TestBackend.postgres.makeEmptyDatabase()
        guard case .postgres(let url) = location else { return }
        let server = try await MasterProcess.start(databaseURL: url)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: MasterProcess.clientTLS()))
        do {
            let healthy = try await client.execute(HTTPClientRequest(url: server.url + "/healthz"), timeout: .seconds(10))
            #expect(healthy.status == .ok)
            let report = try JSONDecoder().decode(HealthReport.self, from: try await healthy.body.collect(upTo: 1 << 16))
            #expect(report.database.backend == "postgresql")

            try await drop()
            let failing = try await client.execute(HTTPClientRequest(url: server.url + "/healthz"), timeout: .seconds(30))
            #expect(failing.status == .serviceUnavailable)
            let failed = try JSONDecoder().decode(HealthReport.self, from: try await failing.body.collect(upTo: 1 << 16))
            #expect(failed.status == "failing")
            #expect(failed.database.error?.isEmpty == false)
            try await client.shutdown()
        } catch {
            try? await client.shutdown()
            _ = try? await server.stop()
            throw error
        }
        #expect(try await server.stop() == 0)
    }
}
