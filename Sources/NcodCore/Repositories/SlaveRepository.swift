#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Stores the fleet of slave boxes.
public protocol SlaveRepository: Sendable {
    /// Adds a slave; names are unique.
    func create(_ slave: Slave) async throws -> Slave
    /// The slave with this identifier.
    func find(_ id: UUID) async throws -> Slave?
    /// The slave with this name.
    func find(name: String) async throws -> Slave?
    /// Every slave, ordered by name.
    func all() async throws -> [Slave]
    /// Online slaves whose last report or heartbeat came before `cutoff` (or never came), ordered by name.
    func silent(since cutoff: Date) async throws -> [Slave]
    /// Writes every mutable field of the slave back.
    func update(_ slave: Slave) async throws -> Slave
    /// Records `claim`'s sequence as the last report of its session, with its time, the host's health when given and the
    /// report's ``InventoryDigest`` (which ``confirmInventories(_:)`` compares), in one
    /// conditional write that also checks the credential hash and that the slave is not disabled, and returns the slave as it
    /// now is; `nil` when any of that fails (the caller finds out which through ``find(_:)``): a wrong credential, a disabled
    /// slave, a session not the slave's current one, or a sequence not higher than the last accepted (a replayed or
    /// out-of-date report).
    func claimReport(_ claim: SlaveClaim, at time: Date, health: HostHealth?, digest: String?) async throws -> Slave?
    /// Records many heartbeats in one conditional write: each beat whose credential hash, session and status still hold and
    /// whose sequence is higher than the last accepted stamps `time`; returns the lease epoch of each slave stamped. A beat
    /// missing from the answer was refused (its caller finds out why through ``find(_:)``).
    ///
    /// With `late` true, a beat whose sequence is not higher than the last accepted still stamps `time` and the last sequence
    /// stays the higher of the two: beats on a slave's link are written after they arrive, maybe after a report with a higher
    /// sequence, and the link itself (one authenticated TLS connection) is what keeps them from being replayed.
    func claimHeartbeats(_ beats: [SlaveClaim], at time: Date, late: Bool) async throws -> [UUID: Int]
    /// Writes the health of every vouch whose slave is online and whose digest is the one its last claimed report recorded, in
    /// one conditional write; returns the slaves written. A slave missing from the answer must send a full report (its devices
    /// changed since, or it is offline and only a full report brings it back). The vouches' beats are claimed separately
    /// (``claimHeartbeats(_:at:late:)``), before.
    func confirmInventories(_ vouches: [InventoryVouch]) async throws -> Set<UUID>
    /// Raises the slave's ``Slave/leaseEpoch`` by one: a lease on one of its devices was taken or ended.
    func noteLeaseChange(_ id: UUID) async throws
    /// Removes a slave with its devices; refuses while one of its devices has an active lease.
    func delete(_ id: UUID) async throws
}
