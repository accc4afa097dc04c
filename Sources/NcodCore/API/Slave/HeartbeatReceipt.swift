/// What the master answers to a heartbeat: the slave's lease epoch. When it is higher than the one the daemon last saw (epochs
/// only rise; a lower one is a master that has not yet written the newest), a lease on one of its devices was taken or ended,
/// and the daemon sends a full report at once to learn which (and frees in VirtualHere whatever is no longer leased).
public struct HeartbeatReceipt: Codable, Hashable, Sendable {
    /// The slave's ``Slave/leaseEpoch`` as the heartbeat found it.
    public var leaseEpoch: Int

    /// Creates a receipt.
    public init(leaseEpoch: Int) { self.leaseEpoch = leaseEpoch }
}
