import Foundation
import NcodCore
import NcodStore
import Vapor

/// Restricting slaves and devices to org units: setting a restriction, and the one rule that follows it and a person's move to
/// another unit: whoever may no longer see a device loses their lease on it (`restricted`) and their place in its line.
enum Restrictions {
    /// Sets who may see slave `id` (`slave: true`) or device `id`, and ends what people may no longer hold.
    static func set(_ change: VisibilityChange, slave: Bool, id: UUID, request: Request) async throws {
        let store = Store(database: request.db)
        let reason = try AdminUsers.checkedReason(change.reason)
        var names: [String] = []
        for unitID in Set(change.orgUnitIDs) {
            guard let unit = try await store.orgUnits.find(unitID) else {
                throw Problem.invalidField("orgUnitIDs", "no org unit \(unitID)")
            }
            names.append(unit.name)
        }
        let units = Array(Set(change.orgUnitIDs)).sorted { $0.uuidString < $1.uuidString }
        let subject: String
        let event: ChangeEvent
        let now = request.ncod.now()
        if slave {
            guard var found = try await store.slaves.find(id) else { throw StoreError.notFound(entity: "slave", key: id.uuidString) }
            found.visibleTo = units
            _ = try await store.slaves.update(found)
            subject = "slave:\(found.name)"
            event = ChangeEvent(kind: .slave, action: "changed", subjectID: id, slaveID: id, at: now)
        } else {
            guard var found = try await store.devices.find(id) else { throw StoreError.notFound(entity: "device", key: id.uuidString) }
            found.visibleTo = units
            _ = try await store.devices.update(found)
            subject = "device:\(found.vhAddress)"
            event = ChangeEvent(kind: .device, action: "changed", subjectID: id, slaveID: found.slaveID, deviceID: id, at: now)
        }
        try await request.audit(
            slave ? "slave.visibility_set" : "device.visibility_set", subject: subject,
            details: [
                "units": names.sorted().joined(separator: ", ").isEmpty ? "everyone" : names.sorted().joined(separator: ", "), "reason": reason ?? "",
            ])
        await request.ncod.events.publish([event])
        try await enforce(request: request, why: reason)
    }

    /// Ends the leases and places in line of people who may no longer see their device (of `userIDs` only, when given): after a
    /// restriction, or a person's move to another unit.
    static func enforce(request: Request, userIDs: Set<UUID>? = nil, why: String?) async throws {
        let actor = try request.principal.auditName
        let now = request.ncod.now()
        let events = try await Store(database: request.db).transaction { store in
            let units = try await store.orgUnits.all()
            let slaves = Dictionary(uniqueKeysWithValues: try await store.slaves.all().map { ($0.id, $0) })
            let devices = Dictionary(uniqueKeysWithValues: try await store.devices.list(slaveID: nil).map { ($0.id, $0) })
            let leases = try await store.leases.allActive().filter { userIDs?.contains($0.userID) ?? true }
            let waits = try await store.waits.allActive().filter { userIDs?.contains($0.userID) ?? true }
            let people = Dictionary(
                uniqueKeysWithValues: try await store.users.find(ids: Set(leases.map(\.userID) + waits.map(\.userID))).map { ($0.id, $0) })
            func sees(_ userID: UUID, _ deviceID: UUID?) -> Bool {
                guard let deviceID, let device = devices[deviceID], let slave = slaves[device.slaveID], let user = people[userID] else { return true }
                return Viewer(user, units: units).sees(device, on: slave)
            }
            var events: [ChangeEvent] = []
            for lease in leases where !sees(lease.userID, lease.deviceID) {
                if let ended = try await LeaseEnding.end(lease, reason: .restricted, actor: actor, why: why, store: store, now: now) {
                    events.append(ended)
                }
            }
            for wait in waits where !sees(wait.userID, wait.offeredDeviceID ?? wait.deviceID) {
                if let event = try await WaitingList.cancel(wait, actor: actor, details: ["reason": "restricted"], store: store, now: now) {
                    events.append(event)
                }
            }
            return events
        }
        await request.ncod.events.publish(events)
        try await WaitingList.allocate(request)
    }
}
