#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Body of `POST /api/v1/slaves/{id}/reports`: the full inventory and the box's health.
///
/// `session` comes from the registration that started this run of the daemon, and `sequence` counts up within it;
/// the master refuses a report whose sequence it has already seen, so a captured report cannot be replayed.
public struct SlaveReport: Codable, Hashable, Sendable {
    /// The registration session this report belongs to.
    public var session: UUID?
    /// 1, 2, 3, … within the session.
    public var sequence: Int
    /// When the daemon made it.
    public var sentAt: Date
    /// The devices, hubs left out.
    public var devices: [USBDeviceInfo]
    /// How each collector fared.
    public var collectors: [CollectorStatus]
    /// The box's health.
    public var health: HostHealth

    /// Creates a report.
    public init(session: UUID?, sequence: Int, sentAt: Date, inventory: InventorySnapshot, health: HostHealth) {
        self.session = session
        self.sequence = sequence
        self.sentAt = sentAt
        self.devices = inventory.devices
        self.collectors = inventory.collectors
        self.health = health
    }
}
