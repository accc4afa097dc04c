import Foundation
import NcodCore
import NcodStore
import NcodTestSupport
import Testing
import VaporTesting

@testable import NcodMaster

/// Devices and slaves restricted to org units, enforced by the API on both backends: the device list, details, events, leases,
/// waiting lists and pools; a restriction or a move ends what someone may no longer hold.
@Suite("Visibility by org unit", .serialized)
struct VisibilityTests {
    /// An active person in `unit` with an approved computer, and a terminal token.
    static func member(_ harness: MasterHarness, _ name: String, _ unit: OrgUnit) async throws -> (User, String) {
        let user = try await harness.seedUser(name, status: .active, orgUnitID: unit.id)
        let binding = try await harness.store.bindings.record(
            userID: user.id, mac: try #require(MACAddress("02:00:00:00:\(String(format: "%02x", name.count)):02")), at: Date())
        _ = try await harness.store.bindings.setStatus(binding.id, to: .approved)
        return (user, try await LeaseAPITests.terminalToken(harness, user: user, bindingID: binding.id))
    }

    static func unit(_ harness: MasterHarness, _ name: String, _ kind: OrgUnit.Kind, under parent: OrgUnit?) async throws -> OrgUnit {
        try await harness.store.orgUnits.create(OrgUnit(id: UUID(), parentID: parent?.id, kind: kind, name: name, createdAt: Date()))
    }

    static func sees(_ harness: MasterHarness, _ token: String) async throws -> Set<UUID> {
        Set(try harness.decode([DeviceView].self, try await harness.send(.GET, "/api/v1/devices", token: token)).map(\.id))
    }

    @Test(
        "a device restricted to a company: its departments see, take and wait for it, others get 404 and no events; restricting and moving end leases",
        arguments: MasterHarness.backends)
    func restrictedDevice(_ backend: TestBackend) async throws {
        try await MasterHarness.with(backend) { harness in
            let (agent, devices) = try await LeaseAPITests.world(harness)
            let (_, admin) = try await harness.signedInAdmin()
            let group = try await Self.unit(harness, "华东", .organisation, under: nil)
            let companyA = try await Self.unit(harness, "A 公司", .company, under: group)
            let lineA1 = try await Self.unit(harness, "A1 项目部", .department, under: companyA)
            let lineA2 = try await Self.unit(harness, "A2 项目部", .department, under: companyA)
            let companyB = try await Self.unit(harness, "B 公司", .company, under: group)
            let lineB1 = try await Self.unit(harness, "B1 项目部", .department, under: companyB)
            let (ann, annToken) = try await Self.member(harness, "ann.a", lineA1)
            let (abe, abeToken) = try await Self.member(harness, "abe.bb", lineA2)
            let (bea, beaToken) = try await Self.member(harness, "bea.ccc", lineB1)
            let dongle = try #require(devices.first { $0.device.portPath == "1-1.2" }).id
            let other = try #require(devices.first { $0.device.portPath == "1-1.4" }).id

            // Bea holds the dongle; it is then restricted to company A: her lease ends, with the administrator's words.
            let beas = try harness.decode(LeaseGrant.self, try await harness.send(.POST, "/api/v1/devices/\(dongle)/lease", token: beaToken))
            let restricted = try await harness.send(
                .PUT, "/api/v1/admin/devices/\(dongle)/visibility", token: admin,
                json: VisibilityChange(orgUnitIDs: [companyA.id], reason: "A's licence only"))
            #expect(restricted.status == .ok, "\(String(buffer: restricted.body))")
            #expect(try harness.decode(Device.self, restricted).visibleTo == [companyA.id])
            #expect(try await harness.store.leases.find(beas.lease.id)?.endReason == .restricted)
            let ended = try await harness.store.audit.recent(limit: 20, action: "lease.ended", actor: nil).first {
                $0.details["lease"] == beas.lease.id.uuidString
            }
            #expect(ended?.details["why"] == "A's licence only" && ended?.holder == "bea.ccc")
            #expect(try await harness.store.audit.recent(limit: 5, action: "device.visibility_set", actor: nil).first?.details["units"] == "A 公司")

            // Who sees it: the company's departments and administrators; not B.
            let annSees = try await Self.sees(harness, annToken)
            let abeSees = try await Self.sees(harness, abeToken)
            #expect(annSees.contains(dongle) && abeSees.contains(dongle))
            #expect(try await Self.sees(harness, admin).contains(dongle))
            let beaSees = try await Self.sees(harness, beaToken)
            #expect(!beaSees.contains(dongle) && beaSees.contains(other), "the rest stays open")
            for (method, path) in [
                (HTTPMethod.GET, "/api/v1/devices/\(dongle)"), (.POST, "/api/v1/devices/\(dongle)/lease"), (.GET, "/api/v1/devices/\(dongle)/queue"),
            ] {
                #expect(try await harness.send(method, path, token: beaToken).status == .notFound, "\(method) \(path)")
            }
            #expect(try await harness.send(.POST, "/api/v1/waits", token: beaToken, json: WaitRequest(deviceID: dongle)).status == .notFound)
            #expect(try await harness.send(.GET, "/api/v1/devices/\(dongle)", token: annToken).status == .ok)

            // Events about it reach its people, not Bea (the stream's filter).
            let inventory = harness.app.ncod.events.inventory
            let tree = try await harness.store.orgUnits.all()
            #expect(inventory.visible(deviceID: dongle, slaveID: agent.slaveID, to: Viewer(ann, units: tree)))
            #expect(!inventory.visible(deviceID: dongle, slaveID: agent.slaveID, to: Viewer(bea, units: tree)))
            #expect(inventory.visible(deviceID: other, slaveID: agent.slaveID, to: Viewer(bea, units: tree)))

            // Ann takes it; Bea waits for any st-link (a pool), Abe for the dongle: the pool never offers Bea what she may not use.
            _ = try await harness.send(.PATCH, "/api/v1/admin/devices/\(dongle)", token: admin, json: DevicePatch(tags: ["st-link"]))
            let anns = try harness.decode(LeaseGrant.self, try await harness.send(.POST, "/api/v1/devices/\(dongle)/lease", token: annToken))
            let pool = try await harness.send(
                .POST, "/api/v1/waits", token: beaToken, json: WaitRequest(match: try DeviceMatch(parsing: "tag:st-link")))
            #expect(pool.status == .created)
            #expect(try await harness.send(.POST, "/api/v1/waits", token: abeToken, json: WaitRequest(deviceID: dongle)).status == .created)

            // Ann moves to B: her lease ends (restricted) and the dongle goes to Abe, not to Bea who joined first.
            let moved = try await harness.send(
                .PATCH, "/api/v1/admin/users/\(ann.id)", token: admin, json: UserPatch(orgUnitID: lineB1.id, reason: "moved to line B1"))
            #expect(moved.status == .ok, "\(String(buffer: moved.body))")
            #expect(try await harness.store.leases.find(anns.lease.id)?.endReason == .restricted)
            let abes = try harness.decode([WaitView].self, try await harness.send(.GET, "/api/v1/waits", token: abeToken))
            #expect(abes.first?.offeredDeviceID == dongle, "Abe's turn")
            #expect(try harness.decode([WaitView].self, try await harness.send(.GET, "/api/v1/waits", token: beaToken)).first?.isTurn == false)
            #expect(!(try await Self.sees(harness, annToken).contains(dongle)))
            _ = try harness.decode(LeaseGrant.self, try await harness.send(.POST, "/api/v1/devices/\(dongle)/lease", token: abeToken))

            // The whole slave restricted to B1: Abe loses the dongle and sees nothing of box1; B1 still not the dongle (both rules hold).
            let slaveRestricted = try await harness.send(
                .PUT, "/api/v1/admin/slaves/\(agent.slaveID)/visibility", token: admin, json: VisibilityChange(orgUnitIDs: [lineB1.id]))
            #expect(slaveRestricted.status == .ok)
            #expect(try harness.decode(SlaveView.self, slaveRestricted).visibleTo == [lineB1.id])
            #expect(try await harness.store.leases.active(deviceID: dongle) == nil, "Abe's lease ended")
            #expect(try await Self.sees(harness, abeToken).isEmpty)
            let beaNow = try await Self.sees(harness, beaToken)
            #expect(beaNow.contains(other) && !beaNow.contains(dongle))
            #expect(try await Self.sees(harness, admin).count == devices.count, "administrators see everything")

            // Opening it again: everyone.
            _ = try await harness.send(.PUT, "/api/v1/admin/slaves/\(agent.slaveID)/visibility", token: admin, json: VisibilityChange(orgUnitIDs: []))
            _ = try await harness.send(.PUT, "/api/v1/admin/devices/\(dongle)/visibility", token: admin, json: VisibilityChange(orgUnitIDs: []))
            let beaAfter = try await Self.sees(harness, beaToken)
            let abeAfter = try await Self.sees(harness, abeToken)
            #expect(beaAfter.contains(dongle) && abeAfter.count == devices.count)
            _ = abe
            let unknown = try await harness.send(
                .PUT, "/api/v1/admin/devices/\(dongle)/visibility", token: admin, json: VisibilityChange(orgUnitIDs: [UUID()]))
            #expect(unknown.status == .unprocessableEntity)
            #expect(
                try await harness.send(.PUT, "/api/v1/admin/devices/\(dongle)/visibility", token: beaToken, json: VisibilityChange(orgUnitIDs: []))
                    .status == .forbidden)
        }
    }
}
