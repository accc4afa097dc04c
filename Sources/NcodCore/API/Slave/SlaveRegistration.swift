#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Body of `POST /api/v1/slaves/register`, sent by the daemon on every start.
public struct SlaveRegistration: Codable, Hashable, Sendable {
    /// The slave's name.
    public var name: String
    /// Host name or address of the box.
    public var host: String
    /// The VirtualHere hub address clients connect to (`host:7575`).
    public var hubAddress: String
    /// `ncod-slaved` version.
    public var agentVersion: String

    /// Creates a registration.
    public init(name: String, host: String, hubAddress: String, agentVersion: String) {
        self.name = name
        self.host = host
        self.hubAddress = hubAddress
        self.agentVersion = agentVersion
    }

    /// How many heartbeat intervals of silence make a slave offline: at 1 % packet loss, five in a row lost is one chance in
    /// ten billion.
    public static let missedHeartbeats = 5

    /// What the master answers.
    public struct Accepted: Codable, Hashable, Sendable {
        /// The slave's id.
        public var slaveID: UUID
        /// The session every report of this run must carry.
        public var session: UUID
        /// Seconds between full reports.
        public var reportIntervalSeconds: Int
        /// Seconds between heartbeats; a slave silent for ``SlaveRegistration/missedHeartbeats`` of them goes offline.
        public var heartbeatIntervalSeconds: Int

        /// Creates an answer.
        public init(slaveID: UUID, session: UUID, reportIntervalSeconds: Int, heartbeatIntervalSeconds: Int = 2) {
            self.slaveID = slaveID
            self.session = session
            self.reportIntervalSeconds = reportIntervalSeconds
            self.heartbeatIntervalSeconds = heartbeatIntervalSeconds
        }
    }
}
