import Foundation
import NcodCore
import NcodStore

/// Applies a slave's full report to the inventory as a diff: new devices are added, devices no longer listed are marked absent
/// (their active lease ends with `device_removed`), changed descriptors are updated.
///
/// The report's sequence, time, the host's health and the devices' digest were written when the report was claimed
/// (`claimReport`). A report that changes no device and finds its slave online then costs one read of the slave's devices and,
/// for its receipt, one of its leases, and no transaction. Otherwise the diff is planned again inside a transaction and written
/// there; its events are published before the receipt's leases are read (``receipt(for:after:digest:store:)``), so that a plug
/// reaches the people watching without waiting for the slave's answer.
enum ReportIngest {
    /// What a report changed: the counts for the slave's receipt, and the events to publish once the transaction commits.
    struct Outcome: Sendable {
        /// Devices added or back, removed and changed; leases ended because their device went.
        var added = 0, removed = 0, changed = 0, leasesEnded = 0
        /// Changes for the event stream.
        var events: [ChangeEvent] = []
        /// The slave's stored devices, read once, when the report changed nothing (the receipt's leases name them).
        var unchangedDevices: [Device]?
    }

    /// One change a report makes to the stored inventory.
    enum Change: Equatable {
        /// A device never seen on this slave.
        case add(USBDeviceInfo)
        /// A known device, with its new descriptors; `returned` when it was absent.
        case update(Device, returned: Bool)
        /// A device that is no longer listed.
        case remove(Device)
    }

    /// The changes `report` makes to `existing`, the slave's stored devices (a pure function).
    static func plan(_ report: SlaveReport, existing: [Device]) -> [Change] {
        let known = Dictionary(existing.map { ($0.vhAddress, $0) }, uniquingKeysWith: { first, _ in first })
        var listed = Set<String>()
        var changes: [Change] = []
        for info in report.devices where listed.insert(info.vhAddress).inserted {
            guard let before = known[info.vhAddress] else {
                changes.append(.add(info))
                continue
            }
            var device = before
            device.vendorID = info.vendorID
            device.productID = info.productID
            device.manufacturer = info.manufacturer
            device.product = info.product
            device.serial = info.serial
            device.portPath = info.portPath
            device.present = true
            if device != before { changes.append(.update(device, returned: !before.present)) }
        }
        for device in existing where device.present && !listed.contains(device.vhAddress) { changes.append(.remove(device)) }
        return changes
    }

    /// Applies `report` to `slave` (as `claimReport` returned it): reads only, when nothing changes; otherwise in one transaction.
    static func apply(_ report: SlaveReport, to slave: Slave, store: Store, now: Date, actor: String) async throws -> Outcome {
        let existing = try await store.devices.list(slaveID: slave.id)
        if slave.status != .offline, plan(report, existing: existing).isEmpty { return Outcome(unchangedDevices: existing) }
        return try await store.transaction { store in try await write(report, to: slave, store: store, now: now, actor: actor) }
    }

    /// The receipt of `slave`'s report that had `outcome`, naming `digest`: the counts, and the slave's active leases with the
    /// lease epoch read before them (a lease change between the two shows as a newer epoch at the next heartbeat). A report that
    /// changed nothing takes the epoch its claim returned.
    static func receipt(for slave: Slave, after outcome: Outcome, digest: String, store: Store) async throws -> ReportReceipt {
        let epoch =
            outcome.unchangedDevices != nil ? slave.leaseEpoch : (try await store.slaves.find(slave.id)?.leaseEpoch ?? slave.leaseEpoch)
        return ReportReceipt(
            added: outcome.added, removed: outcome.removed, changed: outcome.changed, leasesEnded: outcome.leasesEnded,
            nextReportInSeconds: slave.reportIntervalSeconds,
            leases: try await LeaseDesk.known(for: slave, devices: outcome.unchangedDevices, store: store), leaseEpoch: epoch,
            inventoryDigest: digest)
    }

    /// Plans the diff again inside the transaction (what was read before it may have changed) and writes it.
    private static func write(_ report: SlaveReport, to slave: Slave, store: Store, now: Date, actor: String) async throws -> Outcome {
        var outcome = Outcome()
        func record(_ action: String, _ event: String, _ device: Device, _ details: [String: String] = [:]) async throws {
            var details = details
            details["slave"] = slave.name
            details["device"] = device.product ?? device.vidPid
            try await store.audit.append(AuditEvent(at: now, actor: actor, action: action, subject: "device:\(device.vhAddress)", details: details))
            outcome.events.append(
                ChangeEvent(
                    kind: .device, action: event, subjectID: device.id, slaveID: slave.id, deviceID: device.id, at: now,
                    details: ["vhAddress": device.vhAddress]))
        }

        for change in plan(report, existing: try await store.devices.list(slaveID: slave.id)) {
            switch change {
            case .add(let info):
                let device = try await store.devices.create(
                    Device(
                        id: UUID(), slaveID: slave.id, vhAddress: info.vhAddress, vendorID: info.vendorID, productID: info.productID,
                        manufacturer: info.manufacturer, product: info.product, serial: info.serial, portPath: info.portPath, nickname: nil,
                        present: true, firstSeen: now, lastSeen: now))
                outcome.added += 1
                try await record("device.added", "added", device)
            case .update(var device, let returned):
                device.lastSeen = now
                device = try await store.devices.update(device)
                if returned {
                    outcome.added += 1
                    try await record("device.returned", "returned", device)
                } else {
                    outcome.changed += 1
                    try await record("device.changed", "changed", device)
                }
            case .remove(var device):
                device.present = false
                device = try await store.devices.update(device)
                outcome.removed += 1
                try await record("device.removed", "removed", device)
                // A release racing this report may end the lease first; then it is not this report's to end.
                if let active = try await store.leases.active(deviceID: device.id),
                    let event = try await LeaseEnding.end(
                        active, reason: .deviceRemoved, actor: actor, details: ["slave": slave.name, "device": device.product ?? device.vidPid],
                        device: device, store: store, now: now)
                {
                    outcome.leasesEnded += 1
                    outcome.events.append(event)
                }
            }
        }

        if slave.status == .offline {
            var online = slave
            online.status = .online
            _ = try await store.slaves.update(online)
            try await store.audit.append(AuditEvent(at: now, actor: actor, action: "slave.online", subject: "slave:\(slave.name)"))
            outcome.events.append(ChangeEvent(kind: .slave, action: "online", subjectID: slave.id, slaveID: slave.id, at: now))
        }
        return outcome
    }
}
