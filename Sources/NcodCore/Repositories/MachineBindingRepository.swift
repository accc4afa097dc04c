#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Stores which computers each account may log in from.
public protocol MachineBindingRepository: Sendable {
    /// The binding of this account and address, with its `lastSeen` moved to `at`;
    /// a new ``MachineBinding/Status/pending`` one when there was none.
    ///
    /// A new binding keeps `hostname` and `publicKey`; an existing one takes the host name, and while pending the key too (the latest
    /// request counts). An approved binding's key never changes here: a different one is the administrator's to approve.
    func record(userID: UUID, mac: MACAddress, at: Date, hostname: String?, publicKey: String?) async throws -> MachineBinding
    /// The binding of this account and address.
    func find(userID: UUID, mac: MACAddress) async throws -> MachineBinding?
    /// The binding with this identifier.
    func find(_ id: UUID) async throws -> MachineBinding?
    /// The bindings with these identifiers (those that exist), in one read.
    func find(ids: Set<UUID>) async throws -> [MachineBinding]
    /// The account's bindings, ordered by address.
    func list(userID: UUID) async throws -> [MachineBinding]
    /// Every binding with this status, oldest first.
    func list(status: MachineBinding.Status) async throws -> [MachineBinding]
    /// Every binding an administrator has to decide on: pending ones, and approved ones presenting a new key; oldest first.
    func listWaiting() async throws -> [MachineBinding]
    /// Changes a binding's status.
    func setStatus(_ id: UUID, to status: MachineBinding.Status) async throws -> MachineBinding
    /// Writes a binding's status, keys, host name and reason.
    func update(_ binding: MachineBinding) async throws -> MachineBinding
}

extension MachineBindingRepository {
    /// ``record(userID:mac:at:hostname:publicKey:)`` for a client without a key.
    public func record(userID: UUID, mac: MACAddress, at: Date) async throws -> MachineBinding {
        try await record(userID: userID, mac: mac, at: at, hostname: nil, publicKey: nil)
    }
}
