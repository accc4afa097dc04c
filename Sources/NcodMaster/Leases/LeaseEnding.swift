import Foundation
import NcodCore
import NcodStore
import Vapor

/// The one place a lease ends, whatever the reason (released, expired, forced, device removed, slave offline, disabled or
/// removed, account disabled, computer revoked).
///
/// Ending a lease is always the same four steps: the conditional UPDATE that lets exactly one of several racing enders win,
/// one audit record (`lease.ended` with the reason, the actor, the holder and the administrator's words), the slave's lease
/// epoch raised (its next heartbeat answer tells it to fetch its leases and free the device in VirtualHere), and one
/// `lease.ended` event for the stream, published by the caller once its transaction has committed.
enum LeaseEnding {
    /// Longest administrator's reason kept with the event the holder is shown.
    static let maxWhyLength = 500

    /// Ends `lease` inside `store` (a transaction or not) and returns the event to publish once that commits; `nil` when
    /// another ender got there first (or, for `expired`, a renewal did). `device` spares reading it when the caller has it.
    static func end(
        _ lease: Lease, reason: Lease.EndReason, actor: String, why: String? = nil, details: [String: String] = [:], device: Device? = nil,
        store: Store, now: Date
    ) async throws -> ChangeEvent? {
        guard let ended = try await store.leases.endIfActive(lease.id, reason: reason, at: now) else { return nil }
        let known: Device? = if let device { device } else { try await store.devices.find(lease.deviceID) }
        let holder = try await store.users.find(lease.userID)
        let heldSeconds = String(format: "%.0f", max(0, now.timeIntervalSince(lease.startedAt)))
        var all = details
        all["lease"] = lease.id.uuidString
        all["reason"] = reason.rawValue
        all["heldSeconds"] = heldSeconds
        if let why, !why.isEmpty { all["why"] = why }
        try await store.audit.append(
            AuditEvent(
                at: now, actor: actor, action: "lease.ended", subject: "device:\(known?.vhAddress ?? lease.deviceID.uuidString)", details: all,
                holder: holder?.username))
        if let slaveID = known?.slaveID { try await store.slaves.noteLeaseChange(slaveID) }
        var eventDetails = ["reason": reason.rawValue, "userID": lease.userID.uuidString, "heldSeconds": heldSeconds]
        if let address = known?.vhAddress { eventDetails["vhAddress"] = address }
        if let why, !why.isEmpty { eventDetails["why"] = String(why.prefix(maxWhyLength)) }
        return ChangeEvent(
            kind: .lease, action: "ended", subjectID: ended.id, slaveID: known?.slaveID, deviceID: lease.deviceID, at: now, details: eventDetails)
    }

    /// Ends each of `leases` that is still active; returns the events to publish once `store`'s transaction commits.
    static func endAll(
        _ leases: [Lease], reason: Lease.EndReason, actor: String, why: String? = nil, details: [String: String] = [:], store: Store, now: Date
    ) async throws -> [ChangeEvent] {
        var events: [ChangeEvent] = []
        for lease in leases {
            if let event = try await end(lease, reason: reason, actor: actor, why: why, details: details, store: store, now: now) {
                events.append(event)
            }
        }
        return events
    }

    /// Ends `lease` for a request and publishes it; 404 when it had already ended (a report, the sweeper or an administrator
    /// ended it a moment ago).
    static func end(_ lease: Lease, reason: Lease.EndReason, actor: String, why: String? = nil, request: Request) async throws {
        let event = try await Store(database: request.db).transaction { store in
            try await end(
                lease, reason: reason, actor: actor, why: why, details: ["ip": request.sourceAddress], store: store, now: request.ncod.now())
        }
        guard let event else {
            throw Problem(status: 404, code: "not_found", title: "Not Found", detail: "lease \(lease.id) has already ended")
        }
        await request.ncod.events.publish([event])
        // The first in line hears of their turn now, not at the next sweep.
        try await WaitingList.allocate(request)
    }

    /// Ends every lease whose expiry has passed: the holder stopped renewing (a crashed or killed client), or the lease reached
    /// its end (a timed hold's, or the maximum hold); returns how many.
    @discardableResult
    static func expire(store: Store, now: Date, events: EventHub) async throws -> Int {
        var count = 0
        for lease in try await store.leases.expired(before: now) {
            // Released, ended or renewed meanwhile: not the sweep's to end.
            let event = try await store.transaction { store in
                try await end(lease, reason: lease.lapseReason(at: now), actor: "system", store: store, now: now)
            }
            guard let event else { continue }
            await events.publish([event])
            count += 1
        }
        return count
    }
}
