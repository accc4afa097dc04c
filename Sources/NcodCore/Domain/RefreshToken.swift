#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A stored refresh token. Only its SHA-256 hash is kept, never the token.
///
/// Tokens are one-time: using one spends it and issues the next of the same ``familyID``.
/// Presenting a spent token again means it was copied, so the whole family is revoked.
public struct RefreshToken: Codable, Hashable, Sendable, Identifiable {
    /// Stable identifier.
    public var id: UUID
    /// The account.
    public var userID: UUID
    /// All tokens descended from one login share this.
    public var familyID: UUID
    /// Hex SHA-256 of the token.
    public var tokenHash: String
    /// The program the login came from.
    public var client: ClientKind
    /// The machine binding of a terminal login.
    public var bindingID: UUID?
    /// When it was issued.
    public var issuedAt: Date
    /// When it stops being accepted.
    public var expiresAt: Date
    /// When it was traded for a new pair.
    public var usedAt: Date?
    /// When it was revoked (logout, reuse, password reset, disabling).
    public var revokedAt: Date?

    /// Creates a token record.
    public init(
        id: UUID, userID: UUID, familyID: UUID, tokenHash: String, client: ClientKind, bindingID: UUID?, issuedAt: Date,
        expiresAt: Date, usedAt: Date? = nil, revokedAt: Date? = nil
    ) {
        self.id = id
        self.userID = userID
        self.familyID = familyID
        self.tokenHash = tokenHash
        self.client = client
        self.bindingID = bindingID
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.usedAt = usedAt
        self.revokedAt = revokedAt
    }
}
