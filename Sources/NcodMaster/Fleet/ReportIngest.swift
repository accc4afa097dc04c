import Foundation
import NcodCore
import NcodStore

/// Applies a slave's full report to the inventory as a diff, in one transaction: new devices are added, devices no longer
/// listed are marked absent (their active lease ends with `device_removed`), changed descriptors are updated.
/// A device that has not changed costs no write, so steady-state reports touch only the slave's own row.
enum ReportIngest {
    /// What a report changed: the receipt for the slave, and the events to publish once the transaction commits.
    struct Outcome: Sendable {
        /// Counts for the slave.
        var receipt: ReportReceipt
        /// Changes for the event stream.
        var events: [ChangeEvent]
    }

    /// The changes `report` makes to `slave`'s inventory, written through `store` (inside a transaction).
    static func apply(_ report: SlaveReport, to slave: Slave, store: Store, now: Date, actor: String) async throws -> Outcome {
        var events: [ChangeEvent] = []
        func event(_ action: String, _ device: Device) {
            events.append(
                ChangeEvent(
                    kind: .device, action: action, subjectID: device.id, slaveID: slave.id, deviceID: device.id, at: now,
                    details: ["vhAddress": device.vhAddress])
            )
        }
        var added = 0
        var removed = 0
        var changed = 0
        var leasesEnded = 0
        let existing = try await store.devices.list(slaveID: slave.id)
        var known = Dictionary(existing.map { ($0.vhAddress, $0) }, uniquingKeysWith: { first, _ in first })
        var listed = Set<String>()
        func audit(_ action: String, _ device: Device, _ details: [String: String] = [:]) async throws {
            var details = details
            details["slave"] = slave.name
            details["device"] = device.product ?? device.vidPid
            try await store.audit.append(AuditEvent(at: now, actor: actor, action: action, subject: "device:\(device.vhAddress)", details: details))
        }

        for info in report.devices where listed.insert(info.vhAddress).inserted {
            if var device = known[info.vhAddress] {
                let wasAbsent = !device.present
                let before = device
                device.vendorID = info.vendorID
                device.productID = info.productID
                device.manufacturer = info.manufacturer
                device.product = info.product
                device.serial = info.serial
                device.portPath = info.portPath
                device.present = true
                guard device != before else { continue }
                device.lastSeen = now
                known[info.vhAddress] = try await store.devices.update(device)
                if wasAbsent {
                    added += 1
                    try await audit("device.returned", device)
                    event("returned", device)
                } else {
                    changed += 1
                    try await audit("device.changed", device)
                    event("changed", device)
                }
            } else {
                let device = try await store.devices.create(
                    Device(
                        id: UUID(), slaveID: slave.id, vhAddress: info.vhAddress, vendorID: info.vendorID, productID: info.productID,
                        manufacturer: info.manufacturer, product: info.product, serial: info.serial, portPath: info.portPath, nickname: nil,
                        present: true, firstSeen: now, lastSeen: now
                    )
                )
                added += 1
                try await audit("device.added", device)
                event("added", device)
            }
        }

        for var device in existing where device.present && !listed.contains(device.vhAddress) {
            device.present = false
            _ = try await store.devices.update(device)
            removed += 1
            try await audit("device.removed", device)
            event("removed", device)
            if let lease = try await store.leases.active(deviceID: device.id) {
                _ = try await store.leases.end(lease.id, reason: .deviceRemoved, at: now)
                leasesEnded += 1
                try await audit("lease.ended", device, ["reason": Lease.EndReason.deviceRemoved.rawValue, "lease": lease.id.uuidString])
                events.append(FleetSweep.leaseEnded(lease, reason: .deviceRemoved, slaveID: slave.id, at: now))
            }
        }

        var updated = slave
        if slave.status == .offline {
            updated.status = .online
            try await store.audit.append(AuditEvent(at: now, actor: actor, action: "slave.online", subject: "slave:\(slave.name)"))
            events.append(ChangeEvent(kind: .slave, action: "online", subjectID: slave.id, slaveID: slave.id, at: now))
        }
        updated.lastReportAt = now
        updated.health = report.health
        updated.lastSequence = report.sequence
        _ = try await store.slaves.update(updated)
        let receipt = ReportReceipt(
            added: added, removed: removed, changed: changed, leasesEnded: leasesEnded, nextReportInSeconds: slave.reportIntervalSeconds,
            leases: try await LeaseDesk.known(for: slave, store: store))
        return Outcome(receipt: receipt, events: events)
    }
}
