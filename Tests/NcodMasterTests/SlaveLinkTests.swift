import AsyncHTTPClient
import Foundation
import NIOCore
import NcodCore
import NcodSlave
import NcodTestSupport
import Synchronization
import Testing

/// The slave's long-lived link against a real master, through the daemon's own ``MasterLink`` and ``LinkChannel``: beats are
/// answered on it and keep the slave online, a lease taken on one of its devices is pushed down it at once, and a beat the
/// master refuses ends it with the problem the daemon acts on; a link that falls silent is ended by the master.
@Suite("Slave link", .serialized)
struct SlaveLinkTests {
    @Test(
        "beats on the link are answered with the lease epoch and keep the slave online; a lease taken is pushed at once; a refused beat ends the link"
    )
    func beatsPushesAndRefusals() async throws {
        try await Self.withRegisteredSlave("linkbox") { server, http, daemonHTTP, enrolled, link, accepted in
            _ = try await link.report(
                SlaveReport(
                    session: accepted.session, sequence: 1, sentAt: Date(),
                    inventory: InventorySnapshot(devices: FleetAPITests.devices("linkbox", ["1-1"]), collectors: []),
                    health: FleetAPITests.Agent.health),
                slaveID: enrolled.slaveID)

            let pushes = Mutex(0)
            let offered = try await link.openChannel(slaveID: enrolled.slaveID) { pushes.withLock { $0 += 1 } }
            let channel = try #require(offered, "the master offers the link")
            try channel.beat(SlaveHeartbeat(session: accepted.session, sequence: 2, sentAt: Date()))
            let receipted = try await FaultDrillTests.time(within: .seconds(5)) { channel.leaseEpoch != nil }
            #expect(receipted != nil, "the first beat has a receipt")
            let firstEpoch = try #require(channel.leaseEpoch)

            // Beats on the link alone keep the slave online well past five heartbeat intervals (the sweep runs every second).
            let admin = try await WebBrowserTests.login(http, server.url, "root", FleetEndToEndTests.adminPassword)
            for sequence in 3...10 {
                try await Task.sleep(for: .seconds(1))
                #expect(try channel.beat(SlaveHeartbeat(session: accepted.session, sequence: sequence, sentAt: Date())) == firstEpoch)
            }
            #expect(try await FaultDrillTests.slaves(http, server.url, admin: admin)["linkbox"]?.status == .online, "online on beats alone")
            // Operators see the link and its beats (`ncod_link_heartbeats_total` counts each as it arrives).
            let metricsToken = try String(contentsOfFile: TestKeys.directory + "/metrics-token", encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let (_, metrics) = try await MetricsTests.scrape(http, server.url, token: metricsToken)
            #expect(MetricsTests.sample(metrics, "ncod_link_heartbeats_total") == 9, "the nine beats on the link, counted")
            #expect(MetricsTests.sample(metrics, "ncod_slave_links") == 1)

            // A person takes the box's device: the link carries the push at once, and a receipt the risen epoch.
            let person = SimulatedSite.Person(username: "lin.kai", name: "Lin Kai", mac: "02:00:00:00:07:11")
            try await SimulatedSite.onboard(http, server.url, admin: admin, person)
            let login = LoginRequest(username: person.username, password: SimulatedSite.password, client: .terminal, macs: [person.mac])
            let tokens: TokenResponse = try await WebBrowserTests.call(http, .POST, server.url + "/api/v1/auth/login", body: login)
            let devices: [DeviceView] = try await WebBrowserTests.call(http, .GET, server.url + "/api/v1/devices", token: tokens.accessToken)
            let device = try #require(devices.first { $0.slaveName == "linkbox" })
            let taken = ContinuousClock.now
            let _: LeaseGrant = try await WebBrowserTests.call(
                http, .POST, server.url + "/api/v1/devices/\(device.id)/lease", token: tokens.accessToken)
            let pushed = try await FaultDrillTests.time(within: .seconds(5)) { pushes.withLock { $0 } > 0 }
            #expect(pushed != nil, "the lease reached the slave on its link")
            print("slave link: lease pushed \(ContinuousClock.now - taken) after the take was answered (polled every 100 ms)")
            // The beats' receipts carry the epoch the master last wrote (the beats are written once a second).
            var sequence = 11
            let rose = try await FaultDrillTests.time(within: .seconds(5)) {
                sequence += 1
                try channel.beat(SlaveHeartbeat(session: accepted.session, sequence: sequence, sentAt: Date()))
                try await Task.sleep(for: .milliseconds(400))
                return (channel.leaseEpoch ?? 0) > firstEpoch
            }
            #expect(rose != nil, "the lease epoch rose with the lease")
            let raised = try #require(channel.leaseEpoch)

            // A beat of an old session: the write refuses it, the master ends the link with stale_session, and the next beat
            // throws it.
            try channel.beat(SlaveHeartbeat(session: UUID(), sequence: 40, sentAt: Date()))
            let refusedEnded = try await FaultDrillTests.time(within: .seconds(5)) { channel.isEnded }
            #expect(refusedEnded != nil, "the refused beat ended the link")
            #expect(throws: MasterLinkError.staleSession) {
                try channel.beat(SlaveHeartbeat(session: accepted.session, sequence: 41, sentAt: Date()))
            }

            // Another slave's link refused before it opens: a credential for another slave's path, an unknown credential.
            let foreign = MasterLink(client: daemonHTTP, master: server.url, credential: enrolled.credential)
            await #expect(throws: MasterLinkError.self) { _ = try await foreign.openChannel(slaveID: UUID(), onReportWanted: {}) }
            let stranger = MasterLink(client: daemonHTTP, master: server.url, credential: "\(enrolled.slaveID).not-the-secret")
            do {
                _ = try await stranger.openChannel(slaveID: enrolled.slaveID, onReportWanted: {})
                Issue.record("an unknown credential opened a link")
            } catch MasterLinkError.refused(let problem) {
                #expect(problem.code == "invalid_slave_credential")
            }

            // A master without the link (here: a path prefix where nothing is routed, so a 404) is told apart: heartbeats go as requests.
            let older = MasterLink(client: daemonHTTP, master: server.url + "/older-master", credential: enrolled.credential)
            let olderChannel = try await older.openChannel(slaveID: enrolled.slaveID, onReportWanted: {})
            #expect(olderChannel == nil)

            // A new link after the refusal works again, and a line that is not a heartbeat ends it with a problem.
            let reopened = try await link.openChannel(slaveID: enrolled.slaveID, onReportWanted: {})
            let again = try #require(reopened)
            try again.beat(SlaveHeartbeat(session: accepted.session, sequence: 42, sentAt: Date()))
            let firstReceipt = try await FaultDrillTests.time(within: .seconds(5)) { again.leaseEpoch == raised }
            #expect(firstReceipt != nil, "a new link's first receipt")
            again.close()
            #expect(
                try await Self.rawLine(http, server.url, slaveID: enrolled.slaveID, credential: enrolled.credential, "not json").contains(
                    "\"validation_failed\""))

            // A link that falls silent (the box vanished without closing it, then came back on a new link) is ended by the
            // master after 30 heartbeat intervals (30 s at a 1 s heartbeat), looked for every 5 s, while the new link, beating,
            // stays; the daemon's side hears the end without beating.
            let quietChannel = try await link.openChannel(slaveID: enrolled.slaveID, onReportWanted: {})
            let quiet = try #require(quietChannel)
            try quiet.beat(SlaveHeartbeat(session: accepted.session, sequence: 43, sentAt: Date()))
            let silentFrom = ContinuousClock.now
            let freshChannel = try await link.openChannel(slaveID: enrolled.slaveID, onReportWanted: {})
            let fresh = try #require(freshChannel)
            var freshSequence = 43
            let ended = try await FaultDrillTests.time(within: .seconds(45)) {
                freshSequence += 1
                if freshSequence % 10 == 0 { try fresh.beat(SlaveHeartbeat(session: accepted.session, sequence: freshSequence, sentAt: Date())) }
                return quiet.isEnded
            }
            #expect(ended != nil, "the master ended the silent link")
            print("slave link: a silent link ended by the master \(ContinuousClock.now - silentFrom) after its last beat")
            #expect(ContinuousClock.now - silentFrom >= .seconds(30), "not before its silence limit")
            #expect(!fresh.isEnded, "the slave's beating link stays")
            fresh.close()

        }
    }

    @Test(
        "an unchanged report on the link is taken with its health; one naming an older digest, or from a slave swept offline, is answered with a request for the full report"
    )
    func unchangedReports() async throws {
        try await Self.withRegisteredSlave("samebox") { server, http, daemonHTTP, enrolled, link, accepted in
            var sequence = 0
            func full(_ ports: [String]) async throws -> ReportReceipt {
                sequence += 1
                return try await link.report(
                    SlaveReport(
                        session: accepted.session, sequence: sequence, sentAt: Date(),
                        inventory: InventorySnapshot(devices: FleetAPITests.devices("samebox", ports), collectors: []),
                        health: FleetAPITests.Agent.health),
                    slaveID: enrolled.slaveID)
            }
            let first = try await full(["1-1", "1-2"])
            let digest = try #require(first.inventoryDigest, "the receipt names the digest")
            #expect(digest == InventoryDigest.of(FleetAPITests.devices("samebox", ["1-1", "1-2"])))

            let wanted = Mutex(0)
            let offered = try await link.openChannel(slaveID: enrolled.slaveID) { wanted.withLock { $0 += 1 } }
            let channel = try #require(offered)
            func unchanged(_ digest: String, virtualHereRunning: Bool) throws {
                sequence += 1
                var health = FleetAPITests.Agent.health
                health.virtualHereRunning = virtualHereRunning
                try channel.report(
                    UnchangedReport(session: accepted.session, sequence: sequence, sentAt: Date(), inventoryDigest: digest, health: health))
            }

            // The devices as last reported: the master takes it as a beat and writes the health it carries (VirtualHere
            // stopped, here), and asks for nothing.
            let admin = try await WebBrowserTests.login(http, server.url, "root", FleetEndToEndTests.adminPassword)
            try unchanged(digest, virtualHereRunning: false)
            let written = try await FaultDrillTests.time(within: .seconds(5)) {
                try await FaultDrillTests.slaves(http, server.url, admin: admin)["samebox"]?.health?.virtualHereRunning == false
            }
            #expect(written != nil, "the health of the unchanged report reached the administrators' list")
            try await Task.sleep(for: .seconds(1.5))
            #expect(wanted.withLock { $0 } == 0, "an unchanged report that holds asks for no full report")
            let metricsToken = try String(contentsOfFile: TestKeys.directory + "/metrics-token", encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            var (_, metrics) = try await MetricsTests.scrape(http, server.url, token: metricsToken)
            #expect(MetricsTests.sample(metrics, "ncod_reports_total{outcome=\"unchanged\"}") == 1)

            // A full report with a device more records its digest: the old one is asked to send the full report, the new one holds.
            let second = try await full(["1-1", "1-2", "1-3"])
            #expect(second.added == 1 && second.inventoryDigest != digest)
            try unchanged(digest, virtualHereRunning: true)
            let asked = try await FaultDrillTests.time(within: .seconds(5)) { wanted.withLock { $0 } == 1 }
            #expect(asked != nil, "an old digest: a full report is asked for")
            try unchanged(try #require(second.inventoryDigest), virtualHereRunning: true)
            try await Task.sleep(for: .seconds(2))
            #expect(wanted.withLock { $0 } == 1)
            (_, metrics) = try await MetricsTests.scrape(http, server.url, token: metricsToken)
            #expect(MetricsTests.sample(metrics, "ncod_reports_total{outcome=\"unchanged\"}") == 2)
            #expect(MetricsTests.sample(metrics, "ncod_reports_total{outcome=\"full_report_wanted\"}") == 1)

            // Silent past five heartbeat intervals, the slave is swept offline and its session ends: its next unchanged report
            // is refused as a beat of an old session, which ends the link (the daemon registers again and sends a full report).
            let offline = try await FaultDrillTests.time(within: .seconds(15)) {
                try await FaultDrillTests.slaves(http, server.url, admin: admin)["samebox"]?.status == .offline
            }
            #expect(offline != nil, "swept offline")
            try unchanged(try #require(second.inventoryDigest), virtualHereRunning: false)
            let linkEnded = try await FaultDrillTests.time(within: .seconds(5)) { channel.isEnded }
            #expect(linkEnded != nil, "the link ended")
            #expect(channel.endReason == .staleSession)
            #expect(
                try await FaultDrillTests.slaves(http, server.url, admin: admin)["samebox"]?.health?.virtualHereRunning == true,
                "its health was not written")

            channel.close()
        }
    }

    /// Starts a master (heartbeats every second, a report interval of 10 minutes), enrols and registers slave `name` through the
    /// daemon's own ``MasterLink``, runs `body`, and stops it all, also when `body` throws.
    static func withRegisteredSlave(
        _ name: String,
        _ body: (MasterProcess, HTTPClient, HTTPClient, EnrolResponse, MasterLink, SlaveRegistration.Accepted) async throws -> Void
    ) async throws {
        try await HeavyTests.exclusive {
            let (databaseURL, drop) = try await SimulatedSite.seededDatabase()
            defer { Task { try? await drop() } }
            let server = try await MasterProcess.start(
                databaseURL: databaseURL, extraArguments: ["--heartbeat-interval", "1", "--sweep-interval", "1", "--report-interval", "600"])
            let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: MasterProcess.clientTLS()))
            let daemonHTTP = MasterLink.makeClient(caFile: TestKeys.directory + "/ca.pem")
            do {
                let secret = try String(contentsOfFile: TestKeys.directory + "/enrolment-secret", encoding: .utf8)
                let enrolled = try await MasterLink(client: daemonHTTP, master: server.url, credential: nil).enrol(
                    EnrolRequest(name: name, enrolmentSecret: secret))
                let link = MasterLink(client: daemonHTTP, master: server.url, credential: enrolled.credential)
                let accepted = try await link.register(
                    SlaveRegistration(name: name, host: "\(name).lan", hubAddress: "\(name).lan:7575", agentVersion: "test"))
                try await body(server, http, daemonHTTP, enrolled, link, accepted)
                try await daemonHTTP.shutdown()
                try await http.shutdown()
                #expect(try await server.stop() == 0)
            } catch {
                try? await daemonHTTP.shutdown()
                try? await http.shutdown()
                _ = try? await server.stop()
                throw error
            }
        }
    }

    /// Sends `line` on a new link and returns what the master answered until it ended the link.
    static func rawLine(_ http: HTTPClient, _ url: String, slaveID: UUID, credential: String, _ line: String) async throws -> String {
        var request = HTTPClientRequest(url: url + "/api/v1/slaves/\(slaveID)/link")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Slave \(credential)")
        let (lines, writer) = AsyncStream.makeStream(of: ByteBuffer.self)
        writer.yield(ByteBuffer(string: line + "\n"))
        request.body = .stream(lines, length: .unknown)
        let response = try await http.execute(request, timeout: .seconds(10))
        #expect(response.status == .ok)
        var answer = ""
        for try await chunk in response.body { answer += String(buffer: chunk) }
        writer.finish()
        return answer
    }
}
