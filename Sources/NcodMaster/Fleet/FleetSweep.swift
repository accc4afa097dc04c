import Foundation
import NcodCore
import NcodStore

/// Marks slaves offline that have been silent (no report, no heartbeat) for ``SlaveRegistration/missedHeartbeats`` heartbeat
/// intervals, ending the leases on their devices.
enum FleetSweep {
    /// How long a slave may be silent before it is offline, for heartbeats every `heartbeatSeconds`.
    static func silenceLimit(heartbeatSeconds: Int) -> TimeInterval {
        TimeInterval(heartbeatSeconds * SlaveRegistration.missedHeartbeats)
    }

    /// Sweeps once at `now`, taking offline the slaves silent for longer than `silenceLimit`, publishing the changes to
    /// `events`; returns the slaves that went offline.
    @discardableResult
    static func run(store: Store, now: Date, silenceLimit: TimeInterval, events: EventHub? = nil) async throws -> [Slave] {
        var wentOffline: [Slave] = []
        for slave in try await store.slaves.silent(since: now.addingTimeInterval(-silenceLimit)) {
            let silent = slave.lastReportAt.map { Int(now.timeIntervalSince($0)) } ?? -1
            // Read again inside the transaction: a report or heartbeat since the query keeps the slave online.
            let result = try await store.transaction { store -> (Slave, [ChangeEvent])? in
                guard let current = try await store.slaves.find(slave.id), current.status == .online,
                    (current.lastReportAt ?? .distantPast) < now.addingTimeInterval(-silenceLimit)
                else { return nil }
                return try await markOffline(
                    current, store: store, now: now, action: "slave.offline", actor: "system", details: ["silentSeconds": String(silent)])
            }
            guard let (offline, changes) = result else { continue }
            await events?.publish(changes)
            wentOffline.append(offline)
        }
        return wentOffline
    }

    /// Sets `slave` offline (or `status`), clears its session, ends the active leases on its devices (`slave_offline`, or
    /// `leaseReason` when an administrator disabled or removed it), audits it; returns the saved slave and the events to publish
    /// once the transaction commits.
    static func markOffline(
        _ slave: Slave, store: Store, now: Date, action: String, actor: String, status: Slave.Status = .offline,
        leaseReason: Lease.EndReason = .slaveOffline, why: String? = nil, details: [String: String] = [:]
    ) async throws -> (Slave, [ChangeEvent]) {
        var updated = slave
        updated.status = status
        updated.session = nil
        let saved = try await store.slaves.update(updated)
        let devices = Dictionary(uniqueKeysWithValues: try await store.devices.list(slaveID: slave.id).map { ($0.id, $0) })
        var events: [ChangeEvent] = []
        for active in try await store.leases.active(slaveID: slave.id) {
            // A release racing the sweep may end the lease first; then it is not the sweep's to end.
            if let event = try await LeaseEnding.end(
                active, reason: leaseReason, actor: actor, why: why, device: devices[active.deviceID], store: store, now: now)
            {
                events.append(event)
            }
        }
        var all = details
        all["leasesEnded"] = String(events.count)
        try await store.audit.append(AuditEvent(at: now, actor: actor, action: action, subject: "slave:\(slave.name)", details: all))
        let verb = action.split(separator: ".").last.map(String.init) ?? status.rawValue
        events.append(ChangeEvent(kind: .slave, action: verb, subjectID: slave.id, slaveID: slave.id, at: now, details: ["status": status.rawValue]))
        return (saved, events)
    }
}
