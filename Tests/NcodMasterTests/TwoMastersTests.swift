import AsyncHTTPClient
import Foundation
import NcodClient
import NcodCore
import NcodStore
import NcodTestSupport
import Testing
import VaporTesting

@testable import NcodMaster

/// Two real masters on one PostgreSQL database behind HAProxy (TLS passed through), as a fleet is scaled out.
@Suite("Two masters on one PostgreSQL", .serialized)
struct TwoMastersTests {
    /// HAProxy from the Debian package.
    static let haproxy = "/usr/sbin/haproxy"

    @Test("behind HAProxy: leases stay exclusive across masters, events and the device list reach both, one master sweeps")
    func fleet() async throws {
        guard TestBackend.postgres.isAvailable else { return }
        guard FileManager.default.isExecutableFile(atPath: Self.haproxy) else {
            if ProcessInfo.processInfo.environment["NCOD_REQUIRE_HAPROXY"] == "1" { Issue.record("haproxy is not installed") }
            return
        }
        try await HeavyTests.exclusive {
            let (url, drop) = try await TestBackend.postgres.makeEmptyDatabaseURL()
            // Started together: they take turns at migrating the empty database.
            // HAProxy connects from 127.0.0.3 and sends the PROXY protocol; one registration per address per master.
            let arguments = [
                "--sweep-interval", "1", "--heartbeat-interval", "1", "--connections-per-address", "0", "--proxy-protocol-from", "127.0.0.3",
                "--register-limit", "1",
            ]
            async let first = MasterProcess.start(databaseURL: url, extraArguments: arguments)
            async let second = MasterProcess.start(databaseURL: url, extraArguments: arguments)
            let masters = try await [first, second]
            let work = FileManager.default.temporaryDirectory.appendingPathComponent("ncod-haproxy-\(UUID().uuidString)").path
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: MasterProcess.clientTLS()))
            var proxy: BackgroundProcess?
            var failure: (any Error)?
            do {
                let port = try FreePort.pick()
                try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
                try Self.configuration(port: port, masters: masters.map(\.url)).write(
                    toFile: work + "/haproxy.cfg", atomically: true, encoding: .utf8)
                proxy = try BackgroundProcess(Self.haproxy, ["-f", work + "/haproxy.cfg", "-db"])
                let front = "https://127.0.0.1:\(port)"
                try await Self.waitForHealth(client, front)
                try await Self.exercise(client: client, masters: masters, front: front, url: url)
            } catch {
                failure = error
            }
            // One clean-up, whether the checks passed or not.
            proxy?.signal(SIGTERM)
            for master in masters { _ = try? await master.stop() }
            try? await client.shutdown()
            try? FileManager.default.removeItem(atPath: work)
            try? await drop()
            if let failure { throw failure }
        }
    }

    @Test("the HAProxy configuration shipped in packaging/ is valid")
    func shippedConfiguration() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.haproxy) else {
            if ProcessInfo.processInfo.environment["NCOD_REQUIRE_HAPROXY"] == "1" { Issue.record("haproxy is not installed") }
            return
        }
        let checked = ProcessRunner.run(Self.haproxy, ["-c", "-f", RepositoryPaths.root + "/packaging/haproxy/haproxy.cfg"])
        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
    }

    /// The checks, with both masters and the proxy running.
    static func exercise(client: HTTPClient, masters: [MasterProcess], front: String, url: String) async throws {
        try await MasterHarness.with(.postgres, database: .postgres(url: url)) { harness in
            let (agent, devices) = try await LeaseAPITests.world(harness)
            // box1 heartbeats throughout, as its daemon would; the silent slaves below do not.
            let heart = Task {
                var agent = agent
                while !Task.isCancelled {
                    _ = try? await agent.heartbeat()
                    try? await Task.sleep(for: .milliseconds(500))
                }
            }
            defer { heart.cancel() }
            var tokens: [String] = []
            for index in 0..<100 { tokens.append(try await LeaseAPITests.member(harness, "racer\(index)").1) }

            // 1. The race, half the racers on each master, then all of them through the proxy.
            for (device, urls) in [(devices[0].id, masters.map(\.url)), (devices[1].id, [front])] {
                let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                    for (index, token) in tokens.enumerated() {
                        group.addTask {
                            var request = HTTPClientRequest(url: urls[index % urls.count] + "/api/v1/devices/\(device)/lease")
                            request.method = .POST
                            request.headers.add(name: "Authorization", value: "Bearer \(token)")
                            return try await client.execute(request, timeout: .seconds(30)).status.code
                        }
                    }
                    return try await group.reduce(into: [UInt]()) { $0.append($1) }
                }
                let granted = statuses.count { $0 == 201 }
                let refused = statuses.count { $0 == 409 }
                #expect(granted == 1 && refused == 99, "via \(urls.count == 1 ? "HAProxy" : "both masters"): \(statuses.sorted())")
                print(
                    "lease race across two masters (\(urls.count == 1 ? "through HAProxy" : "alternating")): \(granted) granted, \(refused) refused")
            }
            #expect(try await harness.store.leases.allActive().count == 2)
            for master in masters {
                #expect(
                    master.process.stderrLines.contains { $0.contains("\(devices[1].id)/lease") },
                    "HAProxy sent none of the racers to \(master.url)")
            }

            // 1b. Through HAProxy, the masters see each person's own address (PROXY protocol v2), not the balancer's: 127.0.0.2 uses
            // up its one registration per master and is throttled; 127.0.0.4, next, is not; the audit log names 127.0.0.2.
            let flooding = (0..<4).map { _ in Self.register(through: front, from: "127.0.0.2") }
            let other = (0..<2).map { _ in Self.register(through: front, from: "127.0.0.4") }
            print("registrations through HAProxy: from 127.0.0.2 \(flooding), then from 127.0.0.4 \(other)")
            #expect(flooding.contains(429), "127.0.0.2 was never throttled: \(flooding)")
            #expect(!other.contains(429) && !other.contains(0), "127.0.0.4 was throttled for 127.0.0.2's attempts: \(other)")
            let throttled = try await harness.store.audit.recent(limit: 50, action: "user.register.throttled", actor: nil)
            #expect(throttled.contains { $0.details["ip"] == "127.0.0.2" }, "\(throttled.map(\.details))")
            #expect(!throttled.contains { $0.details["ip"] == "127.0.0.3" }, "the audit log named the balancer")

            // 2. A lease taken on one master reaches the event streams of both, and the other master's device list.
            let watcher = tokens[50]
            let streams = try await [
                EventStreamTests.open(client, masters[0].url, token: watcher), EventStreamTests.open(client, masters[1].url, token: watcher),
            ]
            let grant: LeaseGrant = try await Self.call(client, .POST, masters[0].url + "/api/v1/devices/\(devices[2].id)/lease", token: tokens[7])
            for ((reader, _), master) in zip(streams, masters) {
                let frame = try #require(try await reader.wait(for: "lease.taken", timeout: .seconds(2)), "no lease.taken on \(master.url)")
                #expect(try NcodJSON.decoder().decode(ChangeEvent.self, from: Data(frame.data.utf8)).subjectID == grant.lease.id)
            }
            try await Task.sleep(for: .milliseconds(300))
            for ((reader, _), master) in zip(streams, masters) {
                let taken = reader.frames.withLock { $0.filter { $0.event == "lease.taken" && $0.data.contains(grant.lease.id.uuidString) } }
                #expect(taken.count == 1, "\(master.url) delivered the lease.taken \(taken.count) times")
            }
            let deadline = ContinuousClock.now + .seconds(2)
            var seenOnSecond: DeviceView?
            repeat {
                let list: [DeviceView] = try await Self.call(client, .GET, masters[1].url + "/api/v1/devices", token: watcher)
                seenOnSecond = list.first { $0.id == devices[2].id }
                if seenOnSecond?.heldBy != nil { break }
                try await Task.sleep(for: .milliseconds(20))
            } while ContinuousClock.now < deadline
            #expect(seenOnSecond?.heldBy == "用户 racer7", "the other master's device list did not show the new holder")
            var release = HTTPClientRequest(url: masters[1].url + "/api/v1/leases/\(grant.lease.id)")
            release.method = .DELETE
            release.headers.add(name: "Authorization", value: "Bearer \(tokens[7])")
            #expect(try await client.execute(release, timeout: .seconds(10)).status == .noContent, "released on the other master")
            for ((reader, task), master) in zip(streams, masters) {
                #expect(try await reader.wait(for: "lease.ended", timeout: .seconds(2)) != nil, "no lease.ended on \(master.url)")
                task.cancel()
            }

            // 2b. A waiting list spans both masters: held through one, waited for through the other, released through the first: the
            // waiter's stream on the other master says it is their turn, and they take it there.
            let (holder, waiter) = (tokens[20], tokens[21])
            let held: LeaseGrant = try await Self.call(client, .POST, masters[0].url + "/api/v1/devices/\(devices[2].id)/lease", token: holder)
            var join = HTTPClientRequest(url: masters[1].url + "/api/v1/waits")
            join.method = .POST
            join.headers.add(name: "Authorization", value: "Bearer \(waiter)")
            join.headers.add(name: "Content-Type", value: "application/json")
            join.body = .bytes(ByteBuffer(data: try NcodJSON.encoder().encode(WaitRequest(deviceID: devices[2].id))))
            #expect(try await client.execute(join, timeout: .seconds(10)).status == .created)
            let (waiterStream, waiterTask) = try await EventStreamTests.open(client, masters[1].url, token: waiter)
            var letGo = HTTPClientRequest(url: masters[0].url + "/api/v1/leases/\(held.lease.id)")
            letGo.method = .DELETE
            letGo.headers.add(name: "Authorization", value: "Bearer \(holder)")
            #expect(try await client.execute(letGo, timeout: .seconds(10)).status == .noContent)
            #expect(try await waiterStream.wait(for: "wait.offered", timeout: .seconds(2)) != nil, "the other master told the waiter at once")
            waiterTask.cancel()
            let turn: [WaitView] = try await Self.call(client, .GET, masters[1].url + "/api/v1/waits", token: waiter)
            #expect(turn.first?.offeredDeviceID == devices[2].id)
            let _: LeaseGrant = try await Self.call(client, .POST, masters[1].url + "/api/v1/devices/\(devices[2].id)/lease", token: waiter)
            // Someone waits for it now, through the proxy: that place outlives the master that took it (step 4 stops one).
            var queued = HTTPClientRequest(url: front + "/api/v1/waits")
            queued.method = .POST
            queued.headers.add(name: "Authorization", value: "Bearer \(holder)")
            queued.headers.add(name: "Content-Type", value: "application/json")
            queued.body = .bytes(ByteBuffer(data: try NcodJSON.encoder().encode(WaitRequest(deviceID: devices[2].id))))
            #expect(try await client.execute(queued, timeout: .seconds(10)).status == .created)

            // 3. A silent slave is swept offline once, by the one master holding the sweep duty.
            let sweeper = try await Self.silentSlaveGoesOfflineOnce(harness, name: "box2")
            let holders = try await masters.asyncFilter { try await Self.sweeps($0, client: client) }
            #expect(holders.count == 1, "\(holders.count) masters report holding the sweep duty")
            #expect(try await harness.store.duties.holder(of: FleetSweeperService.duty, now: Date()) != nil && sweeper)

            // 4. The sweeping master stops: the other takes the duty over, and the proxy sends everyone to it.
            let survivor = try #require(masters.first { master in !holders.contains { $0.url == master.url } })
            for holder in holders { #expect(try await holder.stop() == 0) }
            #expect(try await Self.silentSlaveGoesOfflineOnce(harness, name: "box3"))
            #expect(try await Self.sweeps(survivor, client: client))
            for _ in 0..<4 {
                let list: [DeviceView] = try await Self.call(client, .GET, front + "/api/v1/devices", token: watcher)
                #expect(list.count == 5, "box1's three devices and the silent slaves' two")
            }
            let kept: [WaitView] = try await Self.call(client, .GET, survivor.url + "/api/v1/waits", token: holder)
            #expect(kept.first?.deviceID == devices[2].id && kept.first?.place == 1, "the place in line outlived its master")
        }
    }

    /// Enrols `name`, reports once, and waits for it to go offline (five one-second heartbeats); true when exactly one
    /// `slave.offline` was audited for it, two seconds later.
    static func silentSlaveGoesOfflineOnce(_ harness: MasterHarness, name: String) async throws -> Bool {
        var agent = try await FleetAPITests.Agent.enrol(harness, name: name)
        _ = try await agent.register(name: name)
        _ = try await agent.report(FleetAPITests.devices(name, ["1-2"]))
        let started = ContinuousClock.now
        while try await harness.store.slaves.find(agent.slaveID)?.status != .offline {
            guard ContinuousClock.now - started < .seconds(15) else {
                Issue.record("\(name) was not swept offline within 15 s")
                return false
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        print("two masters: \(name) silent, swept offline after \(ContinuousClock.now - started)")
        try await Task.sleep(for: .seconds(2))
        let audited = try await harness.store.audit.recent(limit: 100, action: "slave.offline", actor: "system").filter {
            $0.subject == "slave:\(name)"
        }
        #expect(audited.count == 1, "\(name) was swept offline \(audited.count) times")
        return audited.count == 1
    }

    /// Whether `master`'s metrics say it holds the sweep duty.
    static func sweeps(_ master: MasterProcess, client: HTTPClient) async throws -> Bool {
        let token = try String(contentsOfFile: TestKeys.directory + "/metrics-token", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        var request = HTTPClientRequest(url: master.url + "/metrics")
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        let text = String(buffer: try await client.execute(request, timeout: .seconds(10)).body.collect(upTo: 1 << 22))
        return text.split(separator: "\n").contains { $0 == "ncod_fleet_sweeper 1" || $0 == "ncod_fleet_sweeper 1.0" }
    }

    static func call<T: Decodable>(_ client: HTTPClient, _ method: HTTPMethod, _ url: String, token: String) async throws -> T {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        let response = try await client.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 24)
        guard (200..<300).contains(response.status.code) else { throw HarnessError.refused(response.status.code, String(buffer: body)) }
        return try NcodJSON.decoder().decode(T.self, from: body)
    }

    /// Waits until the proxy answers `/healthz`.
    static func waitForHealth(_ client: HTTPClient, _ front: String) async throws {
        let started = ContinuousClock.now
        while ContinuousClock.now - started < .seconds(10) {
            if let response = try? await client.execute(HTTPClientRequest(url: front + "/healthz"), timeout: .seconds(2)), response.status == .ok {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw HarnessError.refused(0, "HAProxy on \(front) did not answer within 10 s")
    }

    /// A registration attempt through the balancer from the local address `source` (curl --interface); the status, 0 on failure.
    static func register(through front: String, from source: String) -> Int {
        let body = #"{"username":"proxied","displayName":"P","password":"x","contact":"x","orgUnitID":"00000000-0000-0000-0000-000000000000"}"#
        let result = ProcessRunner.run(
            "/usr/bin/curl",
            [
                "-sk", "-o", "/dev/null", "-w", "%{http_code}", "--interface", source, "-X", "POST", "-H", "Content-Type: application/json",
                "--data", body, front + "/api/v1/auth/register",
            ])
        return Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// A TCP-mode HAProxy configuration (TLS passes through to the masters, after a PROXY protocol v2 header naming the client),
    /// round robin, with health checks and redispatch. It connects to the masters from 127.0.0.3, so that address is the balancer's.
    static func configuration(port: Int, masters: [String]) -> String {
        let servers = masters.enumerated().map { index, url in
            "    server master\(index + 1) \(url.replacingOccurrences(of: "https://", with: "")) check inter 500ms fall 2 rise 1"
                + " send-proxy-v2 source 127.0.0.3"
        }
        return """
            global
                maxconn 4096
            defaults
                mode tcp
                timeout connect 2s
                timeout client 60s
                timeout server 60s
                retries 3
                option redispatch
            frontend ncod
                bind 127.0.0.1:\(port)
                default_backend masters
            backend masters
                balance roundrobin
            \(servers.joined(separator: "\n"))

            """
    }
}

extension Array {
    /// The elements for which the async `isIncluded` is true, in order.
    fileprivate func asyncFilter(_ isIncluded: (Element) async throws -> Bool) async rethrows -> [Element] {
        var kept: [Element] = []
        for element in self where try await isIncluded(element) { kept.append(element) }
        return kept
    }
}
