#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Stores accounts.
public protocol UserRepository: Sendable {
    /// Adds an account; the username is stored lower-cased and must be unique (``StoreError/duplicate(entity:field:value:)``).
    func create(_ user: User) async throws -> User
    /// The account with this identifier.
    func find(_ id: UUID) async throws -> User?
    /// The account with this username, compared case-insensitively.
    func find(username: String) async throws -> User?
    /// The accounts with these identifiers, in one query; unknown ones are left out.
    func find(ids: Set<UUID>) async throws -> [User]
    /// Accounts, optionally only those with one status, ordered by username.
    func list(status: User.Status?) async throws -> [User]
    /// Writes every mutable field of the account back.
    func update(_ user: User) async throws -> User
}
