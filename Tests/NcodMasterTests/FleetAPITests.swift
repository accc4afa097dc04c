import Foundation
import NcodCore
import NcodStore
import NcodTestSupport
import Testing
import VaporTesting

@testable import NcodMaster

/// Slaves enrol, register and report; the master keeps the inventory as a diff and marks silent slaves offline.
@Suite("Fleet API", .serialized)
struct FleetAPITests {
    static let enrolmentSecret = try! String(contentsOfFile: TestKeys.directory + "/enrolment-secret", encoding: .utf8)

    /// A fake slave daemon speaking the API.
    struct Agent {
        let harness: MasterHarness
        let credential: String
        let slaveID: UUID
        var session: UUID?
        var sequence = 0

        var authorization: HTTPHeaders { ["Authorization": "Slave \(credential)"] }

        static func enrol(_ harness: MasterHarness, name: String) async throws -> Agent {
            let response = try await harness.send(.POST, "/api/v1/slaves/enrol", json: EnrolRequest(name: name, enrolmentSecret: enrolmentSecret))
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            let enrolled = try harness.decode(EnrolResponse.self, response)
            return Agent(harness: harness, credential: enrolled.credential, slaveID: enrolled.slaveID)
        }

        mutating func register(name: String) async throws -> TestingHTTPResponse {
            let response = try await harness.send(
                .POST, "/api/v1/slaves/register",
                json: SlaveRegistration(name: name, host: "\(name).lan", hubAddress: "\(name).lan:7575", agentVersion: "0.1.0"),
                headers: authorization
            )
            if response.status == .ok { session = try harness.decode(SlaveRegistration.Accepted.self, response).session }
            return response
        }

        mutating func report(_ devices: [USBDeviceInfo]) async throws -> TestingHTTPResponse {
            sequence += 1
            return try await send(
                SlaveReport(
                    session: session, sequence: sequence, sentAt: Date(), inventory: InventorySnapshot(devices: devices, collectors: []),
                    health: Self.health))
        }

        mutating func heartbeat(session override: UUID? = nil, sequence fixed: Int? = nil) async throws -> TestingHTTPResponse {
            if fixed == nil { sequence += 1 }
            return try await harness.send(
                .POST, "/api/v1/slaves/\(slaveID)/heartbeats",
                json: SlaveHeartbeat(session: override ?? session ?? UUID(), sequence: fixed ?? sequence, sentAt: Date()), headers: authorization)
        }

        func send(_ report: SlaveReport, as id: UUID? = nil) async throws -> TestingHTTPResponse {
            try await harness.send(.POST, "/api/v1/slaves/\(id ?? slaveID)/reports", json: report, headers: authorization)
        }

        static let health = HostHealth(
            hostname: "box", os: "Debian GNU/Linux 12", kernel: "6.1", uptimeSeconds: 100, load: [0.1, 0.1, 0.1], memoryTotalBytes: 1 << 30,
            memoryAvailableBytes: 1 << 29, diskTotalBytes: 1 << 34, diskAvailableBytes: 1 << 33, virtualHereRunning: true,
            virtualHereConfigPath: "/etc/vh.ini"
        )
    }

    static func devices(_ host: String, _ ports: [String]) -> [USBDeviceInfo] {
        ports.map {
            USBDeviceInfo(
                vendorID: 0x064f, productID: 0x2af9, manufacturer: "WIBU-SYSTEMS AG", product: "CodeMeter", serial: "SN-\($0)", bus: 1, portPath: $0,
                deviceClass: 0, speed: "12", vhAddress: USBDeviceInfo.vhAddress(hostname: host, portPath: $0)
            )
        }
    }

    @Test("what a slave reports is kept without control, zero-width or direction characters")
    func reportedTextIsClean() async throws {
        try await MasterHarness.with(.sqlite) { harness in
            var agent = try await Agent.enrol(harness, name: "box1")
            _ = try await agent.register(name: "box1")
            var device = Self.devices("box1", ["1-1"])[0]
            device.product = "Code\u{1B}[31mMeter\u{7F}\u{202E}"
            device.manufacturer = "WIBU\u{85}\u{200B}"
            device.serial = "SN\u{1}1"  // (NUL itself is refused whole: a 400)
            #expect(try await agent.report([device]).status == .ok)
            let stored = try #require(try await harness.store.devices.list(slaveID: agent.slaveID).first)
            #expect(stored.product == "Code[31mMeter" && stored.manufacturer == "WIBU" && stored.serial == "SN1")
        }
    }

    @Test("a slave enrols, registers, and its reports become the inventory, as a diff", arguments: MasterHarness.backends)
    func inventory(_ backend: TestBackend) async throws {
        try await MasterHarness.with(backend) { harness in
            var agent = try await Agent.enrol(harness, name: "box1")
            #expect(try await agent.register(name: "box1").status == .ok)

            let first = try harness.decode(ReportReceipt.self, try await agent.report(Self.devices("box1", ["1-1.1", "1-1.2", "1-1.4"])))
            #expect(first.added == 3 && first.removed == 0 && first.changed == 0)
            let steady = try harness.decode(ReportReceipt.self, try await agent.report(Self.devices("box1", ["1-1.1", "1-1.2", "1-1.4"])))
            #expect(
                steady
                    == ReportReceipt(
                        added: 0, removed: 0, changed: 0, leasesEnded: 0, nextReportInSeconds: 30,
                        inventoryDigest: InventoryDigest.of(Self.devices("box1", ["1-1.1", "1-1.2", "1-1.4"]))),
                "the receipt names the digest an unchanged report may send")
            #expect(first.inventoryDigest == steady.inventoryDigest)

            // A user holds the dongle at 1-1.2 when it is unplugged: the lease ends with device_removed.
            let user = try await harness.seedUser("holder", status: .active, approvedMAC: "aa:bb:cc:dd:ee:01")
            let devices = try await harness.store.devices.list(slaveID: agent.slaveID)
            let dongle = try #require(devices.first { $0.portPath == "1-1.2" })
            let lease = try await harness.store.leases.acquire(
                Lease(id: UUID(), deviceID: dongle.id, userID: user.id, bindingID: nil, startedAt: Date(), expiresAt: Date().addingTimeInterval(60))
            )
            var renamed = Self.devices("box1", ["1-1.1", "1-1.4", "1-1.3"])
            renamed[0].product = "CodeMeter-Stick v2"
            let diff = try harness.decode(ReportReceipt.self, try await agent.report(renamed))
            #expect(
                diff
                    == ReportReceipt(
                        added: 1, removed: 1, changed: 1, leasesEnded: 1, nextReportInSeconds: 30, leaseEpoch: 1,
                        inventoryDigest: InventoryDigest.of(renamed)),
                "the lease it ended raised the epoch")
            #expect(try await harness.store.leases.find(lease.id)?.endReason == .deviceRemoved)

            let token = try await harness.login(user.username, client: .terminal, macs: ["aa:bb:cc:dd:ee:01"]).accessToken
            let listed = try harness.decode([DeviceView].self, try await harness.send(.GET, "/api/v1/devices", token: token))
            #expect(listed.map(\.device.portPath).sorted() == ["1-1.1", "1-1.3", "1-1.4"])
            #expect(listed.allSatisfy { $0.online && $0.slaveName == "box1" })
            let all = try harness.decode([DeviceView].self, try await harness.send(.GET, "/api/v1/devices?all=true", token: token))
            #expect(all.count == 4)

            let audit = Set(try await harness.store.audit.recent(limit: 100, action: nil, actor: "slave:box1").map(\.action))
            #expect(audit.isSuperset(of: ["slave.enrolled", "slave.registered", "device.added", "device.removed", "device.changed", "lease.ended"]))
        }
    }

    @Test("every change is published, numbered, after its transaction, and can be resumed after a Last-Event-ID")
    func events() async throws {
        try await MasterHarness.with(.sqlite) { harness in
            let hub = harness.app.ncod.events
            let (live, _) = await hub.subscribe(after: nil)
            var agent = try await Agent.enrol(harness, name: "box1")
            _ = try await agent.register(name: "box1")
            _ = try await agent.report(Self.devices("box1", ["1-1", "1-2"]))
            _ = try await agent.report(Self.devices("box1", ["1-1"]))
            var received: [ChangeEvent] = []
            for await event in live {
                received.append(event)
                if received.count == 5 { break }
            }
            #expect(received.map(\.id) == [1, 2, 3, 4, 5])
            #expect(
                received.map { "\($0.kind.rawValue).\($0.action)" }
                    == ["slave.enrolled", "slave.registered", "device.added", "device.added", "device.removed"])
            #expect(received.last?.details["vhAddress"] == "box1.12")

            let replay = await hub.subscribe(after: 3)
            #expect(replay.complete)
            var resumed: [Int64] = []
            for await event in replay.stream {
                resumed.append(event.id)
                if resumed.count == 2 { break }
            }
            #expect(resumed == [4, 5])

            // Events missed (a fleet's notification channel dropped): the streams end, and a reconnect is told to reload.
            let (open, _) = await hub.subscribe(after: 5)
            await hub.forgetAndDisconnect()
            var afterEnd = 0
            for await _ in open { afterEnd += 1 }
            #expect(afterEnd == 0, "the open stream ended")
            #expect(await hub.subscribe(after: 5).complete == false, "a client that saw event 5 must reload")
            #expect(await hub.subscribe(after: 2).complete == false)
            #expect(await hub.subscribe(after: Int64.max).complete == false, "an id this master never gave (another master's) must reload")
        }
    }

    @Test("replayed, foreign, malformed, oversized and stale reports are refused and change nothing", arguments: MasterHarness.backends)
    func refusedReports(_ backend: TestBackend) async throws {
        try await MasterHarness.with(backend) { harness in
            var agent = try await Agent.enrol(harness, name: "box1")
            _ = try await agent.register(name: "box1")
            var other = try await Agent.enrol(harness, name: "box2")
            _ = try await other.register(name: "box2")
            let original = SlaveReport(
                session: agent.session, sequence: 1, sentAt: Date(),
                inventory: InventorySnapshot(devices: Self.devices("box1", ["1-1"]), collectors: []),
                health: Agent.health
            )
            #expect(try await agent.send(original).status == .ok)

            let replay = try await agent.send(original)
            #expect(replay.status == .conflict)
            #expect(harness.problem(replay)?.code == "replayed_report")

            let foreign = try await other.send(original, as: agent.slaveID)
            #expect(harness.problem(foreign)?.code == "foreign_slave")

            let forged = try await harness.send(
                .POST, "/api/v1/slaves/\(agent.slaveID)/reports", json: original, headers: ["Authorization": "Slave \(agent.slaveID).not-the-secret"])
            #expect(forged.status == .unauthorized)
            #expect(harness.problem(forged)?.code == "invalid_slave_credential")

            let malformed = try await harness.send(
                .POST, "/api/v1/slaves/\(agent.slaveID)/reports",
                headers: ["Authorization": "Slave \(agent.credential)", "Content-Type": "application/json"], body: #"{"devices": 7}"#)
            #expect(malformed.status == .badRequest)

            var stale = original
            stale.session = UUID()
            stale.sequence = 99
            #expect(harness.problem(try await agent.send(stale))?.code == "stale_session")

            var huge = original
            huge.sequence = 2
            huge.devices = Self.devices("box1", (0..<2_001).map { "1-\($0)" })
            #expect(try await agent.send(huge).status == .payloadTooLarge)

            #expect(try await harness.store.devices.list(slaveID: agent.slaveID).count == 1, "nothing changed")
            #expect(try await harness.store.devices.list(slaveID: other.slaveID).isEmpty)
        }
    }

    @Test("enrolment needs the secret or a one-time token; a disabled slave is refused everywhere", arguments: MasterHarness.backends)
    func enrolmentAndDisabling(_ backend: TestBackend) async throws {
        try await MasterHarness.with(backend) { harness in
            let wrong = try await harness.send(
                .POST, "/api/v1/slaves/enrol", json: EnrolRequest(name: "intruder", enrolmentSecret: "guess-guess-guess"))
            #expect(harness.problem(wrong)?.code == "enrolment_refused")

            try await harness.seedUser("boss", status: .active, role: .admin)
            let admin = try await harness.login("boss", client: .adminConsole).accessToken
            let issued = try harness.decode(
                EnrolmentTokenIssued.self,
                try await harness.send(.POST, "/api/v1/admin/slaves/enrolment-tokens", token: admin, json: ["slaveName": "box9"])
            )
            #expect(issued.command.contains("ncod-slaved enrol --master"))
            #expect(issued.command.contains("--token \(issued.token)"))
            let wrongName = try await harness.send(.POST, "/api/v1/slaves/enrol", json: EnrolRequest(name: "box8", token: issued.token))
            #expect(wrongName.status == .unauthorized)
            let byToken = try await harness.send(.POST, "/api/v1/slaves/enrol", json: EnrolRequest(name: "box9", token: "\(issued.token)x"))
            #expect(byToken.status == .unauthorized)
            #expect(
                try await harness.send(.POST, "/api/v1/slaves/enrol", json: EnrolRequest(name: "box9", token: issued.token)).status == .ok,
                "a try with the wrong name left the token usable for its own name")

            let token2 = try harness.decode(
                EnrolmentTokenIssued.self, try await harness.send(.POST, "/api/v1/admin/slaves/enrolment-tokens", token: admin)
            ).token
            #expect(try await harness.send(.POST, "/api/v1/slaves/enrol", json: EnrolRequest(name: "box7", token: token2)).status == .ok)
            #expect(
                try await harness.send(.POST, "/api/v1/slaves/enrol", json: EnrolRequest(name: "box6", token: token2)).status == .unauthorized,
                "a token works once")

            var agent = try await Agent.enrol(harness, name: "box1")
            _ = try await agent.register(name: "box1")
            // The site secret, or a token for no name in particular, cannot re-key a slave that is enrolled: the real box keeps working.
            let impostor = try await harness.send(
                .POST, "/api/v1/slaves/enrol", json: EnrolRequest(name: "box1", enrolmentSecret: Self.enrolmentSecret))
            #expect(harness.problem(impostor)?.code == "slave_exists", "\(String(buffer: impostor.body))")
            let anyName = try harness.decode(
                EnrolmentTokenIssued.self, try await harness.send(.POST, "/api/v1/admin/slaves/enrolment-tokens", token: admin)
            ).token
            #expect(
                harness.problem(try await harness.send(.POST, "/api/v1/slaves/enrol", json: EnrolRequest(name: "box1", token: anyName)))?.code
                    == "slave_exists")
            #expect(try await agent.report(Self.devices("box1", ["1-1"])).status == .ok, "the real daemon's credential still works")
            // A token an administrator issued for box1 re-keys it (a reinstalled box); the old credential stops working.
            let forBox1 = try harness.decode(
                EnrolmentTokenIssued.self,
                try await harness.send(.POST, "/api/v1/admin/slaves/enrolment-tokens", token: admin, json: ["slaveName": "box1"])
            ).token
            let rekeyed = try harness.decode(
                EnrolResponse.self, try await harness.send(.POST, "/api/v1/slaves/enrol", json: EnrolRequest(name: "box1", token: forBox1)))
            #expect(rekeyed.slaveID == agent.slaveID)
            #expect(harness.problem(try await agent.report(Self.devices("box1", ["1-1"])))?.code == "invalid_slave_credential")
            agent = FleetAPITests.Agent(harness: harness, credential: rekeyed.credential, slaveID: rekeyed.slaveID)
            _ = try await agent.register(name: "box1")
            let disabled = try await harness.send(
                .POST, "/api/v1/admin/slaves/\(agent.slaveID)/disable", token: admin, json: ReasonRequest(reason: "moved to storage"))
            #expect(try harness.decode(SlaveView.self, disabled).status == .disabled)
            let refused = try await agent.report(Self.devices("box1", ["1-1"]))
            #expect(refused.status == .forbidden)
            #expect(harness.problem(refused)?.detail == "slave 'box1' was disabled by an administrator")
            #expect(harness.problem(try await agent.register(name: "box1"))?.code == "slave_disabled")
            let reenrol = try await harness.send(
                .POST, "/api/v1/slaves/enrol", json: EnrolRequest(name: "box1", enrolmentSecret: Self.enrolmentSecret))
            #expect(harness.problem(reenrol)?.code == "slave_disabled")

            #expect(try await harness.send(.DELETE, "/api/v1/admin/slaves/\(agent.slaveID)", token: admin).status == .noContent)
            let removed = try await agent.register(name: "box1")
            #expect(harness.problem(removed)?.code == "invalid_slave_credential")
            let actions = Set(try await harness.store.audit.recent(limit: 100, action: nil, actor: nil).map(\.action))
            #expect(actions.isSuperset(of: ["slave.enrol.refused", "slave.enrolment_token_issued", "slave.disabled", "slave.removed"]))
        }
    }

    @Test(
        "a slave silent for five heartbeats goes offline with its leases; heartbeats keep it online; its next registration brings it back",
        arguments: MasterHarness.backends)
    func offlineSweep(_ backend: TestBackend) async throws {
        try await MasterHarness.with(backend) { harness in
            var agent = try await Agent.enrol(harness, name: "box1")
            let accepted = try harness.decode(SlaveRegistration.Accepted.self, try await agent.register(name: "box1"))
            #expect(accepted.heartbeatIntervalSeconds == 2 && accepted.reportIntervalSeconds == 30)
            _ = try await agent.report(Self.devices("box1", ["1-1"]))
            let user = try await harness.seedUser("holder", status: .active)
            let device = try #require(try await harness.store.devices.list(slaveID: agent.slaveID).first)
            let lease = try await harness.store.leases.acquire(
                Lease(id: UUID(), deviceID: device.id, userID: user.id, bindingID: nil, startedAt: Date(), expiresAt: Date().addingTimeInterval(600))
            )
            let limit = FleetSweep.silenceLimit(heartbeatSeconds: accepted.heartbeatIntervalSeconds)
            #expect(limit == 10)

            // Measured from the slave's own last report, not the test's clock: seeding a user runs bcrypt, which
            // can take seconds on a loaded machine.
            let reported = try #require(try await harness.store.slaves.find(agent.slaveID)?.lastReportAt)
            #expect(
                try await FleetSweep.run(store: harness.store, now: reported.addingTimeInterval(9), silenceLimit: limit).isEmpty,
                "nine seconds is not yet offline")
            // A heartbeat is "still here"; a copy of it, or one from an old registration, is refused.
            let beat = try await agent.heartbeat()
            #expect(beat.status == .ok, "\(String(buffer: beat.body))")
            let epoch = try harness.decode(HeartbeatReceipt.self, beat).leaseEpoch
            #expect(harness.problem(try await agent.heartbeat(sequence: agent.sequence))?.code == "replayed_report")
            #expect(harness.problem(try await agent.heartbeat(session: UUID()))?.code == "stale_session")
            let stamped = try #require(try await harness.store.slaves.find(agent.slaveID)?.lastReportAt)
            #expect(try await FleetSweep.run(store: harness.store, now: stamped.addingTimeInterval(9.5), silenceLimit: limit).isEmpty)
            let offline = try await FleetSweep.run(store: harness.store, now: stamped.addingTimeInterval(10.5), silenceLimit: limit)
            #expect(offline.map(\.name) == ["box1"])
            #expect(try await harness.store.slaves.find(agent.slaveID)?.status == .offline)
            #expect(try await harness.store.leases.find(lease.id)?.endReason == .slaveOffline)
            #expect(try await harness.store.slaves.find(agent.slaveID)?.leaseEpoch == epoch + 1, "the ended lease raised the slave's epoch")
            #expect(harness.problem(try await agent.heartbeat())?.code == "stale_session", "an offline slave registers again")

            let stale = try await agent.report(Self.devices("box1", ["1-1"]))
            #expect(harness.problem(stale)?.code == "stale_session", "an offline slave registers again before reporting")
            _ = try await agent.register(name: "box1")
            #expect(try await agent.report(Self.devices("box1", ["1-1"])).status == .ok)
            #expect(try await harness.store.slaves.find(agent.slaveID)?.status == .online)

            #expect(try await harness.send(.POST, "/api/v1/slaves/\(agent.slaveID)/deregister", headers: agent.authorization).status == .noContent)
            #expect(try await harness.store.slaves.find(agent.slaveID)?.status == .offline)
        }
    }

    @Test(
        "heartbeats from many slaves at once are written together, each answered with its own epoch; forged, foreign and disabled ones are refused",
        arguments: MasterHarness.backends)
    func batchedHeartbeats(_ backend: TestBackend) async throws {
        try await MasterHarness.with(backend) { harness in
            var agents: [Agent] = []
            for index in 0..<24 {
                var agent = try await Agent.enrol(harness, name: "beat\(index)")
                _ = try await agent.register(name: "beat\(index)")
                agents.append(agent)
            }
            try await harness.store.slaves.noteLeaseChange(agents[3].slaveID)
            let before = Date()
            let answers = try await withThrowingTaskGroup(of: (UUID, Int, Int?).self) { group in
                for agent in agents {
                    group.addTask {
                        var agent = agent
                        let answer = try await agent.heartbeat()
                        return (agent.slaveID, Int(answer.status.code), try? harness.decode(HeartbeatReceipt.self, answer).leaseEpoch)
                    }
                }
                return try await group.reduce(into: [UUID: (Int, Int?)]()) { $0[$1.0] = ($1.1, $1.2) }
            }
            #expect(answers.values.allSatisfy { $0.0 == 200 }, "\(answers.values.map(\.0))")
            #expect(answers[agents[3].slaveID]?.1 == 1 && answers[agents[4].slaveID]?.1 == 0, "each slave its own lease epoch")
            for agent in agents {
                let stored = try #require(try await harness.store.slaves.find(agent.slaveID))
                #expect(stored.lastSequence == 1 && (stored.lastReportAt ?? .distantPast) >= before.addingTimeInterval(-1))
            }
            var exposition: [UInt8] = []
            harness.app.ncod.metrics.registry.emit(into: &exposition)
            let metrics = String(decoding: exposition, as: UTF8.self)
            #expect(metrics.contains("ncod_heartbeat_batch_size_sum 24.0"), "every beat went through the batches")

            var agent = agents[0]
            agent.sequence = 5
            let forged = try await harness.send(
                .POST, "/api/v1/slaves/\(agent.slaveID)/heartbeats", json: SlaveHeartbeat(session: agent.session!, sequence: 6, sentAt: Date()),
                headers: ["Authorization": "Slave \(agent.slaveID).not-the-secret"])
            #expect(harness.problem(forged)?.code == "invalid_slave_credential")
            let foreign = try await harness.send(
                .POST, "/api/v1/slaves/\(agents[1].slaveID)/heartbeats",
                json: SlaveHeartbeat(session: agent.session!, sequence: 6, sentAt: Date()), headers: agent.authorization)
            #expect(harness.problem(foreign)?.code == "foreign_slave")
            let anonymous = try await harness.send(
                .POST, "/api/v1/slaves/\(agent.slaveID)/heartbeats", json: SlaveHeartbeat(session: agent.session!, sequence: 6, sentAt: Date()))
            #expect(anonymous.status == .unauthorized)
            #expect(try await harness.store.slaves.find(agent.slaveID)?.lastSequence == 1, "none of them counted")

            try await harness.seedUser("boss", status: .active, role: .admin)
            let admin = try await harness.login("boss", client: .adminConsole).accessToken
            _ = try await harness.send(.POST, "/api/v1/admin/slaves/\(agent.slaveID)/disable", token: admin, json: ReasonRequest(reason: "moved"))
            let disabled = try await agent.heartbeat()
            #expect(disabled.status == .forbidden && harness.problem(disabled)?.code == "slave_disabled")
        }
    }

    @Test("an enrolment token never starts with '-', so `ncod-slaved enrol --token <token>` as shown always parses")
    func tokensNeverLookLikeOptions() async throws {
        try await MasterHarness.with(.sqlite) { harness in
            try await harness.seedUser("boss", status: .active, role: .admin)
            let admin = try await harness.login("boss", client: .adminConsole).accessToken
            var issued: [String] = []
            for _ in 0..<300 {
                let response = try await harness.send(.POST, "/api/v1/admin/slaves/enrolment-tokens", token: admin)
                issued.append(try harness.decode(EnrolmentTokenIssued.self, response).token)
            }
            // Base64url starts with '-' one time in 64: 300 tokens would show it with 99 % certainty.
            #expect(!issued.contains { $0.hasPrefix("-") }, "\(issued.filter { $0.hasPrefix("-") })")
            #expect(Set(issued).count == issued.count)
            let more = (0..<5_000).map { _ in TokenIssuer.randomToken() }
            #expect(!more.contains { $0.hasPrefix("-") } && more.allSatisfy { $0.count == 43 })
        }
    }
}
