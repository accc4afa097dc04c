#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A one-time token an administrator issues so that one new slave can enrol without the site-wide enrolment secret.
public struct EnrolmentToken: Codable, Hashable, Sendable, Identifiable {
    /// Stable identifier.
    public var id: UUID
    /// Hex SHA-256 of the token (the token itself is shown once, to the administrator).
    public var tokenHash: String
    /// The name the slave is expected to enrol under, if the administrator said.
    public var slaveName: String?
    /// Who issued it.
    public var createdBy: String
    /// When it was issued.
    public var createdAt: Date
    /// When it stops being accepted.
    public var expiresAt: Date
    /// When a slave used it.
    public var usedAt: Date?

    /// Creates a token record.
    public init(id: UUID, tokenHash: String, slaveName: String?, createdBy: String, createdAt: Date, expiresAt: Date, usedAt: Date? = nil) {
        self.id = id
        self.tokenHash = tokenHash
        self.slaveName = slaveName
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.usedAt = usedAt
    }
}
