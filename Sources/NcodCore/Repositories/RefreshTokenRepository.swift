#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Stores refresh tokens (by hash) and spends them exactly once.
public protocol RefreshTokenRepository: Sendable {
    /// Stores a newly issued token.
    func create(_ token: RefreshToken) async throws -> RefreshToken
    /// The token with this hash, spent or not.
    func find(hash: String) async throws -> RefreshToken?
    /// Marks the token spent; `false` when it already was spent or revoked (a second caller racing loses).
    func spend(_ id: UUID, at: Date) async throws -> Bool
    /// Revokes every token of a family; returns how many were still live.
    @discardableResult func revokeFamily(_ familyID: UUID, at: Date) async throws -> Int
    /// Whether the login `familyID` is still live: one of its tokens is not revoked.
    func isLive(familyID: UUID) async throws -> Bool
    /// Which of `familyIDs` still have a token not revoked (the logins still going on), in one read.
    func liveFamilies(_ familyIDs: Set<UUID>) async throws -> Set<UUID>
    /// Revokes every token of an account; returns how many were still live.
    @discardableResult func revokeAll(userID: UUID, at: Date) async throws -> Int
}
