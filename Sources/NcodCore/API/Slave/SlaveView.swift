#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A slave as the admin API lists it: never its credential.
public struct SlaveView: Codable, Hashable, Sendable, Identifiable {
    /// Stable identifier.
    public var id: UUID
    /// Name.
    public var name: String
    /// Host.
    public var host: String
    /// VirtualHere hub address.
    public var hubAddress: String
    /// Status.
    public var status: Slave.Status
    /// When the last report arrived.
    public var lastReportAt: Date?
    /// `ncod-slaved` version.
    public var agentVersion: String
    /// Devices present now.
    public var deviceCount: Int
    /// The box's health from its last report.
    public var health: HostHealth?
    /// `enforcing`, `detecting` or `unguarded` (see ``HostHealth/enforcement``).
    public var enforcement: String
    /// The org units whose people may see and use its devices; empty for everyone.
    public var visibleTo: [UUID]

    /// Creates a view of `slave` with its present device count.
    public init(_ slave: Slave, deviceCount: Int) {
        self.id = slave.id
        self.name = slave.name
        self.host = slave.host
        self.hubAddress = slave.hubAddress
        self.status = slave.status
        self.lastReportAt = slave.lastReportAt
        self.agentVersion = slave.agentVersion
        self.deviceCount = deviceCount
        self.health = slave.health
        self.visibleTo = slave.visibleTo
        self.enforcement = slave.health?.enforcement ?? "unguarded"
    }
}
