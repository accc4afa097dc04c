import Foundation

/// Stores which computers each account may log in from.
public protocol MachineBindingRepository: Sendable {
    /// The binding of this account and address, with its `lastSeen` moved to `at`;
    /// a new ``MachineBinding/Status/pending`` one when there was none.
    func record(userID: UUID, mac: MACAddress, at: Date) async throws -> MachineBinding
    /// The binding of this account and address.
    func find(userID: UUID, mac: MACAddress) async throws -> MachineBinding?
    /// The binding with this identifier.
    func find(_ id: UUID) async throws -> MachineBinding?
    /// The account's bindings, ordered by address.
    func list(userID: UUID) async throws -> [MachineBinding]
    /// Every binding with this status, oldest first.
    func list(status: MachineBinding.Status) async throws -> [MachineBinding]
    /// Changes a binding's status.
    func setStatus(_ id: UUID, to status: MachineBinding.Status) async throws -> MachineBinding
}
