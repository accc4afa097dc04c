import AsyncHTTPClient
import Foundation
import NcodCore
import NcodTestSupport
import Synchronization
import Testing

/// Fault drills, CI-sized, with the real binaries: the master killed under load, a slave cut off from the master.
/// Each prints one `drill …` line with its figures; docs/RELIABILITY.md records them.
@Suite("Fault drills", .serialized)
struct FaultDrillTests {
    /// A real `ncod-slaved run` on its own copy of the fake sysfs tree.
    struct SlaveBox {
        let name: String
        let process: BackgroundProcess

        static func start(_ name: String, master: String, work: String) throws -> SlaveBox {
            let folder = work + "/" + name
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: RepositoryPaths.root + "/Tests/Fixtures/sysfs", toPath: folder + "/sys")
            let slaved = RepositoryPaths.executable("ncod-slaved")
            let environment = ["NCOD_CONFIG": "/dev/null"]
            let enrolled = ProcessRunner.run(
                slaved,
                [
                    "enrol", "--master", master, "--ca", TestKeys.directory + "/ca.pem", "--secret-file", TestKeys.directory + "/enrolment-secret",
                    "--name", name, "--hostname", name, "--state-dir", folder + "/state",
                ], environment: environment)
            #expect(enrolled.status == 0, "\(enrolled.stderr)")
            let process = try BackgroundProcess(
                slaved,
                ["run", "--state-dir", folder + "/state", "--sysfs-root", folder + "/sys", "--hostname", name, "--collectors", "sysfs"],
                environment: environment)
            return SlaveBox(name: name, process: process)
        }
    }

    /// The slaves the master lists, by name.
    static func slaves(_ http: HTTPClient, _ url: String, admin: String) async throws -> [String: SlaveView] {
        let list: [SlaveView] = try await WebBrowserTests.call(http, .GET, url + "/api/v1/admin/slaves", token: admin)
        return Dictionary(list.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Polls `condition` every 100 ms for up to `timeout`; returns the time it took, or nil.
    static func time(within timeout: Duration, _ condition: () async throws -> Bool) async throws -> Duration? {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < timeout {
            if (try? await condition()) == true { return ContinuousClock.now - start }
            try await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }

    @Test(
        "the master killed with SIGKILL under reports and lease traffic: after a restart no active lease is lost and every slave is back within one interval"
    )
    func masterKilled() async throws {
        try await HeavyTests.exclusive {
            let interval = 10
            let (databaseURL, drop) = try await SimulatedSite.seededDatabase()
            let work = FileManager.default.temporaryDirectory.appendingPathComponent("ncod-drill-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
            let arguments = ["--report-interval", "\(interval)", "--sweep-interval", "1", "--lease-ttl", "30"]
            var server = try await MasterProcess.start(databaseURL: databaseURL, extraArguments: arguments)
            let port = try #require(URL(string: server.url)?.port)
            let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: MasterProcess.clientTLS()))
            var boxes: [SlaveBox] = []
            let renewals = Mutex<[String]>([])
            var renewer: Task<Void, Never>?
            do {
                let admin = try await WebBrowserTests.login(http, server.url, "root", FleetEndToEndTests.adminPassword)
                let names = (1...4).map { "rack\($0)" }
                for name in names { boxes.append(try SlaveBox.start(name, master: server.url, work: work)) }
                let online = try await Self.time(within: .seconds(30)) {
                    try await Self.slaves(http, server.url, admin: admin).values.filter { names.contains($0.name) && $0.status == .online }.count == 4
                }
                #expect(online != nil, "the four slaves came online")

                // Three people take a device each on different slaves and keep renewing.
                var holders: [(token: String, lease: UUID)] = []
                for (index, name) in ["wu.lei", "zhou.xun", "he.jiong"].enumerated() {
                    let mac = String(format: "02:00:00:00:01:%02x", index)
                    try await SimulatedSite.onboard(http, server.url, admin: admin, SimulatedSite.Person(username: name, name: name, mac: mac))
                    let tokens: TokenResponse = try await WebBrowserTests.call(
                        http, .POST, server.url + "/api/v1/auth/login",
                        body: LoginRequest(username: name, password: SimulatedSite.password, client: .terminal, macs: [mac]))
                    var devices: [DeviceView] = []
                    _ = try await Self.time(within: .seconds(20)) {
                        devices = try await WebBrowserTests.call(http, .GET, server.url + "/api/v1/devices", token: tokens.accessToken)
                        return devices.contains { $0.isFree && $0.slaveName == names[index] }
                    }
                    let device = try #require(devices.first { $0.isFree && $0.slaveName == names[index] })
                    let grant: LeaseGrant = try await WebBrowserTests.call(
                        http, .POST, server.url + "/api/v1/devices/\(device.id)/lease", token: tokens.accessToken)
                    holders.append((tokens.accessToken, grant.lease.id))
                }
                let leases = holders
                let base = "https://127.0.0.1:\(port)"
                renewer = Task {
                    while !Task.isCancelled {
                        for holder in leases {
                            let outcome: String
                            do {
                                let _: LeaseView = try await WebBrowserTests.call(
                                    http, .PUT, base + "/api/v1/leases/\(holder.lease)", token: holder.token)
                                outcome = "ok"
                            } catch {
                                outcome = "failed"
                            }
                            renewals.withLock { $0.append(outcome) }
                        }
                        try? await Task.sleep(for: .seconds(2))
                    }
                }
                try await Task.sleep(for: .seconds(3))

                // SIGKILL: no graceful anything. Then a restart on the same port and database.
                server.process.signal(SIGKILL)
                _ = try await server.process.waitForExit()
                let killedAt = ContinuousClock.now
                try await Task.sleep(for: .seconds(1))
                server = try await MasterProcess.start(databaseURL: databaseURL, port: port, extraArguments: arguments)
                let restartedAt = Date()
                let down = ContinuousClock.now - killedAt
                let back = try await Self.time(within: .seconds(Double(interval) * 3)) {
                    let now = try await Self.slaves(http, server.url, admin: admin)
                    return names.allSatisfy { name in now[name]?.status == .online && (now[name]?.lastReportAt ?? .distantPast) > restartedAt }
                }
                let active: [LeaseView] = try await WebBrowserTests.call(http, .GET, server.url + "/api/v1/admin/leases", token: admin)
                let kept = leases.filter { holder in active.contains { $0.id == holder.lease } }.count
                try await Task.sleep(for: .seconds(2.5))  // one more round of renewals on the restarted master
                renewer?.cancel()
                let outcomes = renewals.withLock { $0 }
                print(
                    "drill master-kill: leases kept \(kept)/\(leases.count), master down \(down), slaves back after restart in \(back.map { "\($0)" } ?? "never") (interval \(interval) s), renewals \(outcomes.filter { $0 == "ok" }.count) ok / \(outcomes.filter { $0 == "failed" }.count) failed during the outage"
                )
                #expect(kept == leases.count, "no active lease is lost")
                // One interval: a slave waiting out its timer reports within an interval of its last report (before the kill); one in backoff
                // retries within 80 % of an interval. Plus, most likely, for a daemon whose pooled connection died with the old master, one failed attempt and the
                // first 1 s backoff step, and the time the report itself takes on a loaded machine.
                #expect(
                    back.map { $0 <= .seconds(interval + 4) } == true, "every slave reports again within one interval: \(String(describing: back))")
                #expect(outcomes.suffix(3).allSatisfy { $0 == "ok" }, "renewals work again after the restart: \(outcomes)")
                for box in boxes { box.process.signal(SIGTERM) }
                for box in boxes { _ = try await box.process.waitForExit() }
                try await http.shutdown()
                #expect(try await server.stop() == 0)
                try await drop()
                try? FileManager.default.removeItem(atPath: work)
            } catch {
                renewer?.cancel()
                for box in boxes { box.process.signal(SIGKILL) }
                try? await http.shutdown()
                _ = try? await server.stop()
                try? await drop()
                try? FileManager.default.removeItem(atPath: work)
                throw error
            }
        }
    }

    /// The link between one slave and the master, which a drill can cut and restore.
    struct Link {
        let port: Int
        let process: BackgroundProcess

        /// A forwarder to `master` on `port` (0: a free one); with `answerDelay`, what the master sends reaches the slave that much later.
        static func start(port: Int = 0, to master: String, answerDelay: Duration = .zero) async throws -> Link {
            let target = try #require(URL(string: master))
            let delay = Int(answerDelay.inMilliseconds.rounded())
            let process = try BackgroundProcess(
                "/usr/bin/python3",
                [RepositoryPaths.root + "/Tests/Fixtures/tools/tcp_proxy.py", "\(port)", "127.0.0.1", "\(target.port ?? 0)", "\(delay)"])
            let proxying = try await process.waitForLine(timeout: .seconds(10)) { $0.hasPrefix("proxying") }
            let line = try #require(proxying)
            return Link(port: Int(line.split(separator: " ").last ?? "") ?? 0, process: process)
        }

        /// Kills the forwarder: every connection through it drops, new ones are refused.
        func cut() async throws {
            process.signal(SIGKILL)
            _ = try await process.waitForExit()
        }
    }

    @Test("a slave cut off from the master goes offline after five heartbeats, reconnects by itself, and one report puts its inventory right")
    func slaveCutOff() async throws {
        try await HeavyTests.exclusive {
            let interval = 2
            let (databaseURL, drop) = try await TestBackend.preferred.makeEmptyDatabaseURL()
            let work = FileManager.default.temporaryDirectory.appendingPathComponent("ncod-drill-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
            #expect(
                MasterCLI.run(
                    ["create-admin", "--database-url", databaseURL, "--username", "root", "--log-level", "warning"],
                    input: FleetEndToEndTests.adminPassword + "\n"
                ).status == 0)
            let server = try await MasterProcess.start(
                databaseURL: databaseURL, extraArguments: ["--report-interval", "\(interval)", "--heartbeat-interval", "1", "--sweep-interval", "1"])
            let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: MasterProcess.clientTLS()))
            var link = try await Link.start(to: server.url)
            var box: SlaveBox?
            do {
                let admin = try await WebBrowserTests.login(http, server.url, "root", FleetEndToEndTests.adminPassword)
                box = try SlaveBox.start("edge1", master: "https://127.0.0.1:\(link.port)", work: work)
                let online = try await Self.time(within: .seconds(20)) {
                    try await Self.slaves(http, server.url, admin: admin)["edge1"]?.status == .online
                }
                #expect(online != nil)
                func present() async throws -> Set<String> {
                    let devices: [DeviceView] = try await WebBrowserTests.call(http, .GET, server.url + "/api/v1/devices?all=true", token: admin)
                    return Set(devices.filter { $0.slaveName == "edge1" && $0.device.present }.map(\.device.vhAddress))
                }
                let reported = try await Self.time(within: .seconds(20)) { try await present().contains("edge1.114") }
                #expect(reported != nil, "its first report arrived")
                let before = try await present()

                // Cut the link; meanwhile a device is unplugged on the box.
                try await link.cut()
                let cutAt = ContinuousClock.now
                try FileManager.default.removeItem(atPath: work + "/edge1/sys/bus/usb/devices/1-1.4")
                let offline = try await Self.time(within: .seconds(Double(interval) * 6)) {
                    try await Self.slaves(http, server.url, admin: admin)["edge1"]?.status == .offline
                }
                #expect(offline != nil, "the master marks the silent slave offline")
                let health: HealthReport = try await WebBrowserTests.call(http, .GET, server.url + "/healthz")
                #expect(health.status == "ok", "the master serves everyone else meanwhile")
                try await Task.sleep(until: cutAt + .seconds(interval * 4))

                // Restore the link: the daemon comes back by itself, and its first report puts the inventory right.
                link = try await Link.start(port: link.port, to: server.url)
                let back = try await Self.time(within: .seconds(40)) {
                    try await Self.slaves(http, server.url, admin: admin)["edge1"]?.status == .online
                }
                let right = try await Self.time(within: .seconds(Double(interval) * 2)) { try await present() == before.subtracting(["edge1.114"]) }
                print(
                    "drill slave-cut: offline \(offline.map { "\($0)" } ?? "never") after the cut (5 heartbeats = 5 s, sweep 1 s), link down \(interval * 4) s, back online \(back.map { "\($0)" } ?? "never") after the link returned, inventory right \(right == nil ? "no" : "yes")"
                )
                #expect(offline.map { $0 <= .seconds(5 + 3) } == true, "offline within five heartbeats and a sweep")
                #expect(back != nil, "the daemon reconnected by itself")
                #expect(right != nil, "the unplugged device is gone and the rest are present after its report")
                box?.process.signal(SIGTERM)
                _ = try await box?.process.waitForExit()
                try await link.cut()
                try await http.shutdown()
                #expect(try await server.stop() == 0)
                try await drop()
                try? FileManager.default.removeItem(atPath: work)
            } catch {
                box?.process.signal(SIGKILL)
                try? await link.cut()
                try? await http.shutdown()
                _ = try? await server.stop()
                try? await drop()
                try? FileManager.default.removeItem(atPath: work)
                throw error
            }
        }
    }
}
