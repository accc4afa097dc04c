import AsyncHTTPClient
import Foundation
import NcodCore
import NcodTestSupport
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 16's idle-connection drill: a master held to 256 open files, and clients opening more idle sockets than that.
@Suite(.serialized)
struct ConnectionDrillTests {
    /// Plain TCP sockets that connect and then say nothing, from one loopback source address.
    final class IdleSockets {
        private(set) var descriptors: [Int32] = []
        let source: String

        init(source: String) {
            self.source = source
        }

        /// Opens `count` more sockets to `port`; returns how many connected.
        @discardableResult
        func open(_ count: Int, to port: Int) -> Int {
            var opened = 0
            for _ in 0..<count {
                let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                guard fd >= 0 else { break }
                var local = sockaddr_in()
                local.sin_family = sa_family_t(AF_INET)
                inet_pton(AF_INET, source, &local.sin_addr)
                var remote = sockaddr_in()
                remote.sin_family = sa_family_t(AF_INET)
                remote.sin_port = in_port_t(UInt16(port).bigEndian)
                inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr)
                let bound = withUnsafePointer(to: &local) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                }
                let connected = withUnsafePointer(to: &remote) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                }
                guard bound == 0, connected == 0 else {
                    close(fd)
                    continue
                }
                descriptors.append(fd)
                opened += 1
            }
            return opened
        }

        /// How many of the sockets the master has closed (end of stream or reset) within `wait`.
        func closedByMaster(within wait: Duration) -> Int {
            let deadline = ContinuousClock.now + wait
            var closed = Set<Int32>()
            while ContinuousClock.now < deadline, closed.count < descriptors.count {
                var polls = descriptors.filter { !closed.contains($0) }.map { pollfd(fd: $0, events: Int16(POLLIN | POLLHUP), revents: 0) }
                _ = poll(&polls, nfds_t(polls.count), 100)
                for entry in polls where entry.revents != 0 {
                    var byte: UInt8 = 0
                    if recv(entry.fd, &byte, 1, Int32(MSG_DONTWAIT)) <= 0 { closed.insert(entry.fd) }
                }
            }
            return closed.count
        }

        /// Closes the sockets the master closed and keeps the rest; returns how many are still open.
        func dropClosed() -> Int {
            descriptors = descriptors.filter { fd in
                var entry = pollfd(fd: fd, events: Int16(POLLIN | POLLHUP), revents: 0)
                var byte: UInt8 = 0
                if poll(&entry, 1, 0) > 0, recv(fd, &byte, 1, Int32(MSG_DONTWAIT)) <= 0 {
                    close(fd)
                    return false
                }
                return true
            }
            return descriptors.count
        }

        /// Closes every socket.
        func closeAll() {
            for fd in descriptors { close(fd) }
            descriptors = []
        }
    }

    @Test(
        "a client holding more idle sockets than the master's open-file limit is refused past its cap, and meanwhile a person logs in, a slave reports and a lease is renewed"
    )
    func idleSocketsDoNotStopTheMaster() async throws {
        try await HeavyTests.exclusive {
            let (databaseURL, drop) = try await SimulatedSite.seededDatabase()
            let work = FileManager.default.temporaryDirectory.appendingPathComponent("ncod-conn-drill-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
            let server = try await MasterProcess.start(
                databaseURL: databaseURL,
                extraArguments: [
                    "--report-interval", "2", "--heartbeat-interval", "1", "--sweep-interval", "1", "--lease-ttl", "20",
                    "--header-timeout", "3", "--connections-per-address", "32",
                ],
                openFiles: 256)
            let port = try #require(URL(string: server.url)?.port)
            let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: MasterProcess.clientTLS()))
            var box: FaultDrillTests.SlaveBox?
            let attackers = (2...9).map { IdleSockets(source: "127.0.0.\($0)") }
            do {
                let admin = try await WebBrowserTests.login(http, server.url, "root", FleetEndToEndTests.adminPassword)
                box = try FaultDrillTests.SlaveBox.start("dock1", master: server.url, work: work)
                func lastReport() async throws -> Date? { try await FaultDrillTests.slaves(http, server.url, admin: admin)["dock1"]?.lastReportAt }
                let reported = try await FaultDrillTests.time(within: .seconds(20)) { try await lastReport() != nil }
                #expect(reported != nil, "the slave reports")
                let person = SimulatedSite.Person(username: "gao.yuan", name: "Gao Yuan", mac: "02:00:00:00:07:01")
                try await SimulatedSite.onboard(http, server.url, admin: admin, person)
                let login = LoginRequest(username: person.username, password: SimulatedSite.password, client: .terminal, macs: [person.mac])
                let tokens: TokenResponse = try await WebBrowserTests.call(http, .POST, server.url + "/api/v1/auth/login", body: login)
                var devices: [DeviceView] = []
                _ = try await FaultDrillTests.time(within: .seconds(20)) {
                    devices = try await WebBrowserTests.call(http, .GET, server.url + "/api/v1/devices", token: tokens.accessToken)
                    return devices.contains { $0.isFree && $0.slaveName == "dock1" }
                }
                let device = try #require(devices.first { $0.isFree && $0.slaveName == "dock1" })
                let grant: LeaseGrant = try await WebBrowserTests.call(
                    http, .POST, server.url + "/api/v1/devices/\(device.id)/lease", token: tokens.accessToken)

                // One client opens 400 idle sockets (the master may hold 256 files): 32 are kept, the rest closed at once.
                let flood = attackers[0]
                let opened = flood.open(400, to: port)
                let refusedAtOnce = flood.closedByMaster(within: .seconds(1))
                #expect(opened == 400, "the kernel accepted every connection")
                #expect(refusedAtOnce == opened - 32, "all but the address's 32 are closed on arrival (\(refusedAtOnce) of \(opened))")

                // While the client keeps re-opening them for 8 s, everyone else is served.
                let reportBefore = try await lastReport()
                let floodEnd = ContinuousClock.now + .seconds(8)
                var outcomes: [String] = []
                var kept: [Int] = []
                while ContinuousClock.now < floodEnd {
                    kept.append(flood.dropClosed())
                    flood.open(400 - flood.descriptors.count, to: port)
                    do {
                        let again: TokenResponse = try await WebBrowserTests.call(http, .POST, server.url + "/api/v1/auth/login", body: login)
                        let renewed: LeaseView = try await WebBrowserTests.call(
                            http, .PUT, server.url + "/api/v1/leases/\(grant.lease.id)", token: again.accessToken)
                        let health: HealthReport = try await WebBrowserTests.call(http, .GET, server.url + "/healthz")
                        outcomes.append(renewed.endedAt == nil && health.status == "ok" ? "ok" : "wrong")
                    } catch {
                        outcomes.append("failed: \(error)")
                    }
                    try await Task.sleep(for: .milliseconds(200))
                }
                let reportAfter = try await lastReport()
                #expect(outcomes.count >= 4 && outcomes.allSatisfy { $0 == "ok" }, "login, renewal and health all answered: \(outcomes)")
                #expect(reportAfter.map { after in reportBefore.map { after > $0 } ?? true } == true, "the slave's reports kept arriving")
                #expect(kept.allSatisfy { $0 <= 400 }, "the flood stayed open")
                flood.closeAll()

                // Idle sockets the gate let in are closed once the first request's deadline (3 s) passes.
                let quiet = attackers[1]
                quiet.open(10, to: port)
                #expect(quiet.closedByMaster(within: .seconds(1)) == 0, "a new connection gets time to start TLS")
                #expect(quiet.closedByMaster(within: .seconds(5)) == 10, "a connection that never sends a request is closed after 3 s")
                quiet.closeAll()

                // A client that finishes TLS and then sends its request head a byte every 300 ms is closed at the same deadline.
                let slow = Process()
                slow.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
                slow.arguments = ["s_client", "-quiet", "-connect", "127.0.0.1:\(port)", "-CAfile", TestKeys.directory + "/ca.pem"]
                let input = Pipe()
                slow.standardInput = input
                slow.standardOutput = FileHandle.nullDevice
                slow.standardError = FileHandle.nullDevice
                try slow.run()
                let slowStart = ContinuousClock.now
                let trickle = Task.detached {
                    for byte in Array("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".utf8) + Array(repeating: UInt8(ascii: "a"), count: 60) {
                        guard slow.isRunning else { return }
                        try? input.fileHandleForWriting.write(contentsOf: [byte])
                        try? await Task.sleep(for: .milliseconds(300))
                    }
                }
                let cut = try await FaultDrillTests.time(within: .seconds(10)) { !slow.isRunning }
                trickle.cancel()
                if slow.isRunning { slow.terminate() }
                #expect(cut != nil && ContinuousClock.now - slowStart >= .seconds(2.5), "a header sent byte by byte is cut off after 3 s")

                // Eight clients of 30 sockets each pass the per-address cap but not the total (256 files less 64): the rest are refused,
                // the master keeps its database files, and everyone is served again once they go.
                var admitted = 0
                for attacker in attackers {
                    attacker.open(30, to: port)
                }
                for attacker in attackers { admitted += attacker.descriptors.count - attacker.closedByMaster(within: .milliseconds(300)) }
                #expect(admitted <= 192, "no more than the 192 connections the limit leaves are held (\(admitted))")
                for attacker in attackers { attacker.closeAll() }
                try await Task.sleep(for: .seconds(1))
                let after: TokenResponse = try await WebBrowserTests.call(http, .POST, server.url + "/api/v1/auth/login", body: login)
                let renewed: LeaseView = try await WebBrowserTests.call(
                    http, .PUT, server.url + "/api/v1/leases/\(grant.lease.id)", token: after.accessToken)
                #expect(renewed.endedAt == nil, "the lease was never lost")

                // The refusals are in the audit log, one row per address and sweep, not one per socket.
                try await Task.sleep(for: .seconds(2))
                let page: AuditPage = try await WebBrowserTests.call(
                    http, .GET, server.url + "/api/v1/admin/audit?action=connection.refused&limit=200", token: admin)
                let flooder = page.events.filter { $0.subject == "127.0.0.2" }
                let perAddress = flooder.compactMap { $0.details["per_address"].flatMap(Int.init) }.reduce(0, +)
                #expect(perAddress >= refusedAtOnce, "every refusal of the flood is counted (\(perAddress))")
                #expect(flooder.count <= 15, "in a few rows (\(flooder.count))")
                #expect(page.events.contains { $0.details["capacity"] != nil }, "the refusals at capacity are audited")
                let errors = server.process.stderrLines.filter { $0.contains("\"level\":\"error\"") || $0.contains("unable to open") }
                #expect(errors.isEmpty, "the master logged no errors: \(errors.prefix(3))")
                print(
                    "drill idle-connections: 400 idle sockets from one address against a 256-file master: \(refusedAtOnce) closed within 1 s, \(outcomes.count) rounds of login+renew+health all ok, 240 from 8 addresses: \(admitted) held, a header sent byte by byte cut after \(cut.map { "\($0)" } ?? "never")"
                )

                box?.process.signal(SIGTERM)
                _ = try await box?.process.waitForExit()
                try await http.shutdown()
                #expect(try await server.stop() == 0)
                try await drop()
                try? FileManager.default.removeItem(atPath: work)
            } catch {
                for attacker in attackers { attacker.closeAll() }
                box?.process.signal(SIGKILL)
                try? await http.shutdown()
                _ = try? await server.stop()
                try? await drop()
                try? FileManager.default.removeItem(atPath: work)
                throw error
            }
        }
    }
}
