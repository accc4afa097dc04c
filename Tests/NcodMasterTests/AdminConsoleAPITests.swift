import Foundation
import NcodCore
import NcodStore
import NcodTestSupport
import Testing
import VaporTesting

@testable import NcodMaster

/// The admin API ncod-admin adds: renaming slaves, device nicknames, the dashboard overview, the audit log's pages, account news.
@Suite("Admin console API", .serialized)
struct AdminConsoleAPITests {
    typealias Agent = FleetAPITests.Agent

    @Test("a slave keeps the name an administrator gives it; device nicknames are set, shown and cleared", arguments: MasterHarness.backends)
    func renameAndNickname(_ backend: TestBackend) async throws {
        try await MasterHarness.with(backend) { harness in
            try await harness.seedUser("boss", status: .active, role: .admin)
            let department = try await harness.seedOrgTree()
            try await harness.seedUser("alice", status: .active, orgUnitID: department.id, approvedMAC: "aa:bb:cc:dd:ee:01")
            let admin = try await harness.login("boss", client: .adminConsole).accessToken
            let alice = try await harness.login("alice", client: .terminal, macs: ["aa:bb:cc:dd:ee:01"]).accessToken
            var agent = try await Agent.enrol(harness, name: "box1")
            _ = try await agent.register(name: "box1")
            _ = try await agent.report(FleetAPITests.devices("box1", ["1-1", "1-2"]))

            let renamed = try await harness.send(.PATCH, "/api/v1/admin/slaves/\(agent.slaveID)", token: admin, json: SlavePatch(name: "lab-a"))
            #expect(try harness.decode(SlaveView.self, renamed).name == "lab-a")
            #expect(try harness.decode(SlaveView.self, renamed).deviceCount == 2)
            _ = try await agent.register(name: "box1")
            let slaves = try harness.decode([SlaveView].self, try await harness.send(.GET, "/api/v1/admin/slaves", token: admin))
            #expect(slaves.map(\.name) == ["lab-a"], "the daemon's next registration does not undo the administrator's name")
            let badName = try await harness.send(.PATCH, "/api/v1/admin/slaves/\(agent.slaveID)", token: admin, json: SlavePatch(name: "lab a/../x"))
            #expect(badName.status == .unprocessableEntity)
            #expect(harness.problem(badName)?.fields?["name"] != nil)

            let devices = try harness.decode([DeviceView].self, try await harness.send(.GET, "/api/v1/devices", token: alice))
            let dongle = try #require(devices.first { $0.device.vhAddress == "box1.11" })
            let named = try await harness.send(
                .PATCH, "/api/v1/admin/devices/\(dongle.id)", token: admin, json: DevicePatch(nickname: "  3号线 加密狗  "))
            #expect(try harness.decode(Device.self, named).nickname == "3号线 加密狗")
            let seen = try harness.decode([DeviceView].self, try await harness.send(.GET, "/api/v1/devices", token: alice))
            #expect(seen.first { $0.id == dongle.id }?.device.nickname == "3号线 加密狗", "users see the nickname")
            #expect(seen.first { $0.id == dongle.id }?.slaveName == "lab-a")
            _ = try await agent.report(FleetAPITests.devices("box1", ["1-1", "1-2"]))
            #expect(try await harness.store.devices.find(dongle.id)?.nickname == "3号线 加密狗", "a report keeps the nickname")
            let tooLong = try await harness.send(
                .PATCH, "/api/v1/admin/devices/\(dongle.id)", token: admin, json: DevicePatch(nickname: String(repeating: "x", count: 65)))
            #expect(harness.problem(tooLong)?.fields?["nickname"] != nil)
            #expect(
                try await harness.send(.PATCH, "/api/v1/admin/devices/\(dongle.id)", token: alice, json: DevicePatch(nickname: "mine")).status
                    == .forbidden)
            let cleared = try await harness.send(.PATCH, "/api/v1/admin/devices/\(dongle.id)", token: admin, json: DevicePatch(nickname: ""))
            #expect(try harness.decode(Device.self, cleared).nickname == nil)
            #expect(
                try await harness.send(.PATCH, "/api/v1/admin/devices/\(UUID())", token: admin, json: DevicePatch(nickname: "x")).status == .notFound)

            let renames = try await harness.store.audit.recent(limit: 5, action: "slave.renamed", actor: "boss")
            #expect(renames.first?.details["from"] == "box1")
            #expect(try await harness.store.audit.recent(limit: 5, action: "device.nickname_set", actor: "boss").count == 2)
        }
    }

    @Test("the overview counts slaves, devices, leases and waiting people and computers, and lists alerts", arguments: MasterHarness.backends)
    func overview(_ backend: TestBackend) async throws {
        try await MasterHarness.with(backend) { harness in
            try await harness.seedUser("boss", status: .active, role: .admin)
            let department = try await harness.seedOrgTree()
            try await harness.seedUser("alice", status: .active, orgUnitID: department.id, approvedMAC: "aa:bb:cc:dd:ee:01")
            try await harness.seedUser("newbie", status: .pending, orgUnitID: department.id)
            let admin = try await harness.login("boss", client: .adminConsole).accessToken
            let (news, _) = await harness.app.ncod.events.subscribe(after: nil)
            // Alice from a second computer: refused, and a binding request waits.
            await #expect(throws: HarnessError.self) { try await harness.login("alice", client: .terminal, macs: ["aa:bb:cc:dd:ee:02"]) }
            let alice = try await harness.login("alice", client: .terminal, macs: ["aa:bb:cc:dd:ee:01"]).accessToken
            var agent = try await Agent.enrol(harness, name: "box1")
            _ = try await agent.register(name: "box1")
            _ = try await agent.report(FleetAPITests.devices("box1", ["1-1", "1-2", "1-3"]))
            var other = try await Agent.enrol(harness, name: "box2")
            _ = try await other.register(name: "box2")
            _ = try await other.report(FleetAPITests.devices("box2", ["1-1"]))
            _ = try await harness.send(.POST, "/api/v1/admin/slaves/\(other.slaveID)/disable", token: admin, json: ReasonRequest(reason: "spare"))
            let devices = try harness.decode([DeviceView].self, try await harness.send(.GET, "/api/v1/devices", token: alice))
            for address in ["box1.11", "box1.12"] {
                let id = try #require(devices.first { $0.device.vhAddress == address }?.id)
                #expect(try await harness.send(.POST, "/api/v1/devices/\(id)/lease", token: alice).status == .created)
            }
            _ = try await agent.report(FleetAPITests.devices("box1", ["1-1", "1-3"]))  // 1-2 unplugged while Alice holds it

            let overview = try harness.decode(AdminOverview.self, try await harness.send(.GET, "/api/v1/admin/overview", token: admin))
            #expect(overview.slavesOnline == 1 && overview.slavesOffline == 0 && overview.slavesDisabled == 1)
            #expect(overview.devicesPresent == 3 && overview.devicesInUse == 1 && overview.activeLeases == 1)
            #expect(overview.devicesFree == 1 && overview.devicesUnreachable == 1, "the device on the disabled slave is not free")
            #expect(overview.pendingUsers == 1 && overview.pendingBindings == 1)
            #expect(overview.alerts.count == 1)
            #expect(overview.alerts.first?.details["reason"] == "device_removed")
            #expect(overview.alerts.first?.subject == "device:box1.12")
            let forbidden = try await harness.send(.GET, "/api/v1/admin/overview", token: alice)
            #expect(forbidden.status == .forbidden)

            var kinds: [String] = []
            for await event in news where event.kind == .account {
                kinds.append(event.action)
                break
            }
            #expect(kinds == ["binding_requested"], "administrators' consoles hear of computers waiting for approval")
            let account = ChangeEvent(kind: .account, action: "registered", subjectID: UUID(), at: Date())
            let user = try #require(try await harness.store.users.find(username: "alice"))
            #expect(
                EventController.scoped(account, for: Principal(user: user, client: .terminal, bindingID: nil)) == nil, "users never see account news")
        }
    }

    @Test("the audit log pages and filters over HTTP; bad parameters are refused clearly", arguments: MasterHarness.backends)
    func audit(_ backend: TestBackend) async throws {
        try await MasterHarness.with(backend) { harness in
            try await harness.seedUser("boss", status: .active, role: .admin)
            try await harness.seedUser("alice", status: .active, approvedMAC: "aa:bb:cc:dd:ee:01")
            let admin = try await harness.login("boss", client: .adminConsole).accessToken
            let base = Date(timeIntervalSince1970: 1_790_000_000)
            for index in 0..<250 {
                try await harness.store.audit.append(
                    AuditEvent(
                        at: base.addingTimeInterval(Double(index)), actor: index.isMultiple(of: 2) ? "alice" : "system",
                        action: index.isMultiple(of: 5) ? "lease.forced" : "lease.taken", subject: "device:box\(index % 3).11",
                        details: ["n": "\(index)"]))
            }
            func page(_ query: String) async throws -> AuditPage {
                let response = try await harness.send(.GET, "/api/v1/admin/audit?" + query, token: admin)
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                return try harness.decode(AuditPage.self, response)
            }
            let second = try await page("action=lease.&since=2026-09-21T13:00:00Z&limit=100&offset=100")
            #expect(second.offset == 100 && second.events.count == 100)
            let forced = try await page("action=lease.forced&person=alice&device=box1&limit=500")
            #expect(forced.total == (0..<250).filter { $0.isMultiple(of: 10) && $0 % 3 == 1 }.count)
            #expect(forced.events.allSatisfy { $0.actor == "alice" && $0.subject == "device:box1.11" })
            let window = try await page(
                "since=\(base.addingTimeInterval(10).formatted(.iso8601))&until=\(base.addingTimeInterval(20).formatted(.iso8601))")
            #expect(window.total == 10 && window.events.first?.details["n"] == "19")

            for bad in ["since=yesterday", "limit=0", "limit=501", "offset=-1", "person=" + String(repeating: "x", count: 201)] {
                let response = try await harness.send(.GET, "/api/v1/admin/audit?" + bad, token: admin)
                #expect(response.status == .unprocessableEntity, "\(bad)")
                #expect(harness.problem(response)?.fields?.isEmpty == false, "\(bad) names the parameter")
            }
            let user = try await harness.login("alice", client: .terminal, macs: ["aa:bb:cc:dd:ee:01"]).accessToken
            #expect(try await harness.send(.GET, "/api/v1/admin/audit", token: user).status == .forbidden)
        }
    }
}
