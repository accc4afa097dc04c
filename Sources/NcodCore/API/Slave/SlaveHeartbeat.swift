#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Body of `POST /api/v1/slaves/{id}/heartbeats`: "still here", sent between full reports so that a slave that dies is
/// noticed within seconds without sending its whole inventory that often.
public struct SlaveHeartbeat: Codable, Hashable, Sendable {
    /// The session of the current registration.
    public var session: UUID
    /// Rises by one per report or heartbeat of the session (one counter for both), so a copy is refused.
    public var sequence: Int
    /// When the daemon sent it.
    public var sentAt: Date

    /// Creates a heartbeat.
    public init(session: UUID, sequence: Int, sentAt: Date) {
        self.session = session
        self.sequence = sequence
        self.sentAt = sentAt
    }
}
