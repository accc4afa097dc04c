import AsyncHTTPClient
import Foundation
import NcodCore
import NcodTestSupport
import NcodVHSim
import Testing

/// `GET /metrics` on the real master, with a slave reporting, a lease taken and released, refused logins and an open event stream.
@Suite("Metrics", .serialized)
struct MetricsTests {
    /// The value of the sample `name{labels}` in Prometheus text, if present.
    static func sample(_ text: String, _ series: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    static func scrape(_ http: HTTPClient, _ url: String, token: String?) async throws -> (UInt, String) {
        var request = HTTPClientRequest(url: url + "/metrics")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        let response = try await http.execute(request, timeout: .seconds(10))
        return (response.status.code, String(buffer: try await response.body.collect(upTo: 4 << 20)))
    }

    @Test("slaves, devices, leases, reports, lease waits and durations, refused logins, event streams and the database, for the token only")
    func scrape() async throws {
        let alice = SimulatedSite.Person(username: "alice", name: "Alice", mac: ConnectEndToEndTests.aliceMAC)
        let site = try await SimulatedSite.start(people: [alice], clients: [SimModel.Client(name: "alice", ip: "10.0.0.21")])
        do {
            let url = site.server.url
            let token = try String(contentsOfFile: TestKeys.directory + "/metrics-token", encoding: .utf8).trimmingCharacters(
                in: .whitespacesAndNewlines)
            for _ in 0..<2 {
                await #expect(throws: HarnessError.self) {
                    let _: TokenResponse = try await WebBrowserTests.call(
                        site.http, .POST, url + "/api/v1/auth/login",
                        body: LoginRequest(username: "alice", password: "wrong-guess-1", client: .terminal))
                }
            }
            let tokens: TokenResponse = try await WebBrowserTests.call(
                site.http, .POST, url + "/api/v1/auth/login",
                body: LoginRequest(username: "alice", password: SimulatedSite.password, client: .terminal, macs: [alice.mac]))
            let devices = try await site.inventoryWithAFreeDevice(token: tokens.accessToken)
            let device = try #require(devices.first { $0.isFree })
            let grant: LeaseGrant = try await WebBrowserTests.call(
                site.http, .POST, url + "/api/v1/devices/\(device.id)/lease", token: tokens.accessToken)
            var release = HTTPClientRequest(url: url + "/api/v1/leases/\(grant.lease.id)")
            release.method = .DELETE
            release.headers.add(name: "Authorization", value: "Bearer \(tokens.accessToken)")
            #expect(try await site.http.execute(release, timeout: .seconds(10)).status == .noContent)

            var stream = HTTPClientRequest(url: url + "/api/v1/events")
            stream.headers.add(name: "Authorization", value: "Bearer \(tokens.accessToken)")
            let open = try await site.http.execute(stream, timeout: .seconds(30))
            #expect(open.status == .ok)
            let reader = Task { for try await _ in open.body {} }

            let (refused, problem) = try await Self.scrape(site.http, url, token: "not-the-token")
            #expect(refused == 401 && problem.contains("metrics token"))
            #expect(try await Self.scrape(site.http, url, token: nil).0 == 401)

            // The daemon reports every second here; a report that changes nothing goes down its link as an unchanged report.
            let unchanged = try await FaultDrillTests.time(within: .seconds(10)) {
                (Self.sample(try await Self.scrape(site.http, url, token: token).1, #"ncod_reports_total{outcome="unchanged"}"#) ?? 0) >= 1
            }
            #expect(unchanged != nil, "ncod-slaved sent no unchanged report")

            let (status, text) = try await Self.scrape(site.http, url, token: token)
            #expect(status == 200)
            try? FileManager.default.createDirectory(atPath: RepositoryPaths.root + "/.build/test-artifacts", withIntermediateDirectories: true)
            try text.write(toFile: RepositoryPaths.root + "/.build/test-artifacts/metrics.txt", atomically: true, encoding: .utf8)
            let slaves: [SlaveView] = try await WebBrowserTests.call(site.http, .GET, url + "/api/v1/admin/slaves", token: site.admin)
            for status in Slave.Status.allCases {
                #expect(Self.sample(text, "ncod_slaves{status=\"\(status.rawValue)\"}") == Double(slaves.count { $0.status == status }))
            }
            #expect(slaves.contains { $0.name == "box1" && $0.status == .online })
            #expect(Self.sample(text, "ncod_devices_present") == Double(devices.count))
            #expect(Self.sample(text, "ncod_devices_in_use") == 0 && Self.sample(text, "ncod_leases_active") == 0)
            #expect((Self.sample(text, #"ncod_reports_total{outcome="accepted"}"#) ?? 0) >= 1)
            #expect((Self.sample(text, #"ncod_report_ingest_seconds_count{outcome="accepted"}"#) ?? 0) >= 1)
            #expect(Self.sample(text, #"ncod_auth_failures_total{reason="invalid_credentials"}"#) == 2)
            #expect(Self.sample(text, #"ncod_lease_wait_seconds_count{outcome="granted"}"#) == 1)
            #expect(Self.sample(text, #"ncod_lease_duration_seconds_count{reason="released"}"#) == 1)
            #expect(Self.sample(text, "ncod_event_stream_clients") == 1)
            #expect(Self.sample(text, "ncod_database_up") == 1)
            #expect((Self.sample(text, "ncod_database_pool_connections_max") ?? 0) >= 1)
            #expect(text.contains("http_requests_total"), "Vapor's own request metrics land in the same registry")
            #expect(!text.contains(token) && !text.contains(SimulatedSite.password), "no secret in the metrics")
            // The backup's metrics come from scripts/backup (node_exporter's textfile collector), the rest from the master.
            let backup = try String(contentsOfFile: RepositoryPaths.root + "/scripts/backup", encoding: .utf8)
            for name in try Self.packagedMetricNames() {
                if name.hasPrefix("ncod_backup_") {
                    #expect(backup.contains("# TYPE \(name) "), "packaging/ uses \(name), which scripts/backup does not write")
                } else {
                    #expect(text.contains("# TYPE \(name) "), "packaging/ uses \(name), which the master does not export")
                }
            }
            #expect((Self.sample(text, "ncod_tls_certificate_expiry_timestamp_seconds") ?? 0) > Date().timeIntervalSince1970)
            reader.cancel()
            try await site.stop()
        } catch {
            await site.abort()
            throw error
        }
    }

    /// Every `ncod_…` metric the alert rules and the Grafana dashboard use, without histogram suffixes.
    static func packagedMetricNames() throws -> Set<String> {
        var names = Set<String>()
        for file in ["packaging/prometheus/ncod-alerts.yml", "packaging/grafana/ncod-dashboard.json"] {
            let text = try String(contentsOfFile: RepositoryPaths.root + "/" + file, encoding: .utf8)
            for match in text.matches(of: /ncod_[a-z_]+/) {
                var name = String(match.output)
                for suffix in ["_bucket", "_count", "_sum"] where name.hasSuffix(suffix) { name.removeLast(suffix.count) }
                names.insert(name)
            }
        }
        #expect(names.count >= 10)
        return names
    }

    @Test(
        "the alert rules pass promtool's checks and their unit tests; the scrape config is valid",
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: "/usr/bin/promtool")
                || ProcessInfo.processInfo.environment["NCOD_REQUIRE_BROWSER"] == "1"))
    func promtool() throws {
        let folder = RepositoryPaths.root + "/packaging/prometheus"
        let rules = ProcessRunner.run("/usr/bin/promtool", ["check", "rules", folder + "/ncod-alerts.yml"])
        #expect(rules.status == 0 && rules.stdout.contains("11 rules found"), "\(rules.stdout)\(rules.stderr)")
        let tests = ProcessRunner.run("/usr/bin/promtool", ["test", "rules", folder + "/ncod-alerts.test.yml"])
        #expect(tests.status == 0 && tests.stdout.contains("SUCCESS"), "\(tests.stdout)\(tests.stderr)")

        // The example scrape job, pointed at real files: the generated token and CA.
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("ncod-prom-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let config = try String(contentsOfFile: folder + "/prometheus.yml", encoding: .utf8)
            .replacingOccurrences(of: "/etc/prometheus/ncod/metrics-token", with: TestKeys.directory + "/metrics-token")
            .replacingOccurrences(of: "/etc/prometheus/ncod/ca.pem", with: TestKeys.directory + "/ca.pem")
        try config.write(toFile: work + "/prometheus.yml", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: folder + "/ncod-alerts.yml", toPath: work + "/ncod-alerts.yml")
        let checked = ProcessRunner.run("/usr/bin/promtool", ["check", "config", work + "/prometheus.yml"])
        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
    }

    @Test("without a token file the endpoint is off, and says how to turn it on")
    func off() async throws {
        let keys = try TestKeys.copy()
        try FileManager.default.removeItem(atPath: keys + "/metrics-token")
        let (databaseURL, drop) = try await TestBackend.sqlite.makeEmptyDatabaseURL()
        let server = try await MasterProcess.start(databaseURL: databaseURL, keysDirectory: keys)
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: MasterProcess.clientTLS()))
        let (status, body) = try await Self.scrape(http, server.url, token: "anything-at-all-16")
        #expect(status == 404 && body.contains("metrics_off") && body.contains("metrics-token"))
        try await http.shutdown()
        #expect(try await server.stop() == 0)
        try await drop()
    }
}
