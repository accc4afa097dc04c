#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A full report in short, sent as a line of the slave's link (`POST /api/v1/slaves/{id}/link`) when the slave's devices are
/// those of the last full report the master accepted from it: that report's ``InventoryDigest`` and the box's health now.
///
/// The master writes it with the link's heartbeats (liveness, sequence and health in one batched write) when the digest is
/// still the one it recorded and the slave is online; otherwise it sends a `report` frame (``SlaveLinkFrame/Kind/report``)
/// and the slave sends its full report at once. The line always carries the nested `health`, so the heartbeat's fast reading
/// (``HeartbeatLine/parse(_:)``) never mistakes it for a heartbeat.
public struct UnchangedReport: Codable, Hashable, Sendable {
    /// The session of the current registration.
    public var session: UUID
    /// The session's next sequence (one counter for reports and heartbeats).
    public var sequence: Int
    /// When the daemon sent it.
    public var sentAt: Date
    /// The digest of the devices, as the last accepted full report's receipt named it.
    public var inventoryDigest: String
    /// The box's health now.
    public var health: HostHealth

    /// Creates an unchanged report.
    public init(session: UUID, sequence: Int, sentAt: Date, inventoryDigest: String, health: HostHealth) {
        self.session = session
        self.sequence = sequence
        self.sentAt = sentAt
        self.inventoryDigest = inventoryDigest
        self.health = health
    }
}
