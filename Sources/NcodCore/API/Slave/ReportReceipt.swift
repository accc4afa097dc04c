/// What the master answers to a report: what changed in the inventory because of it.
public struct ReportReceipt: Codable, Hashable, Sendable {
    /// Devices seen for the first time (or back after being unplugged).
    public var added: Int
    /// Devices no longer listed.
    public var removed: Int
    /// Devices whose descriptors changed.
    public var changed: Int
    /// Leases ended because their device disappeared.
    public var leasesEnded: Int
    /// Seconds until the next full report is due.
    public var nextReportInSeconds: Int
    /// The active leases on this slave's devices, for its ClientAuthorization hook when the master cannot be reached.
    public var leases: [KnownLease]
    /// The slave's lease epoch when ``leases`` were read (see ``HeartbeatReceipt``).
    public var leaseEpoch: Int
    /// The ``InventoryDigest`` the master recorded for this report's devices: while they stay the same, the slave may send an
    /// ``UnchangedReport`` naming it instead of the full list (`nil` from a master that does not take them).
    public var inventoryDigest: String?

    /// Creates a receipt.
    public init(
        added: Int, removed: Int, changed: Int, leasesEnded: Int, nextReportInSeconds: Int, leases: [KnownLease] = [], leaseEpoch: Int = 0,
        inventoryDigest: String? = nil
    ) {
        self.added = added
        self.removed = removed
        self.changed = changed
        self.leasesEnded = leasesEnded
        self.nextReportInSeconds = nextReportInSeconds
        self.leases = leases
        self.leaseEpoch = leaseEpoch
        self.inventoryDigest = inventoryDigest
    }
}
