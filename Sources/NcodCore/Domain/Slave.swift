#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A Linux box running the VirtualHere USB server and `ncod-slaved`.
public struct Slave: Codable, Hashable, Sendable, Identifiable {
    /// Whether the master hears from the slave.
    public enum Status: String, Codable, Hashable, Sendable, CaseIterable {
        /// Heard from (a report or a heartbeat) within the last five heartbeat intervals.
        case online
        /// Silent for five heartbeat intervals or more, or shut down; its devices are offline too.
        case offline
        /// Switched off by an administrator; its reports are refused.
        case disabled
    }

    /// Stable identifier.
    public var id: UUID
    /// Unique name (by default the box's hostname).
    public var name: String
    /// Host name or address the slave reported.
    public var host: String
    /// The VirtualHere hub address clients use (`host:port`, port 7575 by default).
    public var hubAddress: String
    /// Status.
    public var status: Status
    /// When the last report arrived.
    public var lastReportAt: Date?
    /// Version of `ncod-slaved` on the box.
    public var agentVersion: String
    /// Hash of the slave's credential; never leaves the master.
    public var credentialHash: String
    /// When the slave first registered.
    public var createdAt: Date
    /// The registration session of the daemon's current run; reports must carry it.
    public var session: UUID?
    /// The highest report sequence accepted in ``session``.
    public var lastSequence: Int
    /// Seconds between the daemon's full reports (the master tells it at registration).
    public var reportIntervalSeconds: Int
    /// The box's health from its last report.
    public var health: HostHealth?
    /// Rises whenever a lease on one of the slave's devices is taken or ends; the slave compares it with the one it last saw
    /// to know it must fetch its leases. Written only by ``SlaveRepository/noteLeaseChange(_:)``, never by `update`.
    public var leaseEpoch: Int
    /// The org units whose people (and everyone in the units below them) may see and use its devices; empty for everyone.
    public var visibleTo: [UUID]

    /// Creates a slave value.
    public init(
        id: UUID, name: String, host: String, hubAddress: String, status: Status, lastReportAt: Date?,
        agentVersion: String, credentialHash: String, createdAt: Date, session: UUID? = nil, lastSequence: Int = 0,
        reportIntervalSeconds: Int = 30, health: HostHealth? = nil, leaseEpoch: Int = 0, visibleTo: [UUID] = []
    ) {
        self.id = id
        self.name = name
        self.host = host
        self.hubAddress = hubAddress
        self.status = status
        self.lastReportAt = lastReportAt
        self.agentVersion = agentVersion
        self.credentialHash = credentialHash
        self.createdAt = createdAt
        self.session = session
        self.lastSequence = lastSequence
        self.reportIntervalSeconds = reportIntervalSeconds
        self.health = health
        self.leaseEpoch = leaseEpoch
        self.visibleTo = visibleTo
    }
}
