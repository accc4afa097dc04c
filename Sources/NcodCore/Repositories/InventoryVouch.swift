#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// An ``UnchangedReport`` as the master writes it (``SlaveRepository/confirmInventories(_:)``): the slave, the digest it says
/// its devices still have, and its health.
public struct InventoryVouch: Sendable, Hashable {
    /// The slave (whose beat in the same write was accepted).
    public var slaveID: UUID
    /// The digest of the last full report, as the slave names it.
    public var digest: String
    /// The box's health now.
    public var health: HostHealth

    /// A vouch of `slaveID`.
    public init(slaveID: UUID, digest: String, health: HostHealth) {
        self.slaveID = slaveID
        self.digest = digest
        self.health = health
    }
}
