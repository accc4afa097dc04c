#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Stores device leases. At most one active lease per device, enforced by the database itself.
public protocol LeaseRepository: Sendable {
    /// Records a new active lease; throws ``StoreError/deviceBusy(activeLease:)`` when the device already has one,
    /// even when two callers race.
    func acquire(_ lease: Lease) async throws -> Lease
    /// The lease with this identifier.
    func find(_ id: UUID) async throws -> Lease?
    /// The device's active lease.
    func active(deviceID: UUID) async throws -> Lease?
    /// Every active lease, oldest first.
    func allActive() async throws -> [Lease]
    /// The active leases of one user, oldest first.
    func active(userID: UUID) async throws -> [Lease]
    /// The active leases on one slave's devices, in one query (each report answers with them).
    func active(slaveID: UUID) async throws -> [Lease]
    /// Active leases whose expiry is before `date`.
    func expired(before date: Date) async throws -> [Lease]
    /// Every lease, ended or not, held at some moment between `from` and `to` (usage reports), oldest first.
    func overlapping(from: Date, to: Date) async throws -> [Lease]
    /// Moves an active lease's expiry; refuses an ended lease (``StoreError/invalid(_:)``).
    func renew(_ id: UUID, until expiresAt: Date) async throws -> Lease
    /// Moves an active lease's end to `endsAt` (and its expiry with it: to `endsAt` for a timed hold, never past it otherwise),
    /// marks it timed or not and its extension used or not; refuses an ended lease (``StoreError/invalid(_:)``).
    func hold(_ id: UUID, until endsAt: Date, timed: Bool, extended: Bool, expiresAt: Date) async throws -> Lease
    /// Ends an active lease with a reason; refuses an ended lease (``StoreError/invalid(_:)``).
    func end(_ id: UUID, reason: Lease.EndReason, at: Date) async throws -> Lease
    /// Ends the lease if it is still active and returns it; `nil` when it had already ended. Of callers racing to end the
    /// same lease (a release and a report that unplugged the device), exactly one gets it. With reason `expired` or `hold_over`,
    /// only a lease still past its expiry at `at` ends (a renewal just before wins).
    func endIfActive(_ id: UUID, reason: Lease.EndReason, at: Date) async throws -> Lease?
}
