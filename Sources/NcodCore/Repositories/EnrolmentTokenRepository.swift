#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Stores one-time slave enrolment tokens (by hash) and spends each exactly once.
public protocol EnrolmentTokenRepository: Sendable {
    /// Stores a newly issued token.
    func create(_ token: EnrolmentToken) async throws -> EnrolmentToken
    /// Spends the unexpired, unused token with this hash if it may enrol `name` (issued for that name, or for any); `nil` when
    /// there is none (unknown, used, expired, or issued for another name, which stays usable).
    func spend(hash: String, for name: String, at: Date) async throws -> EnrolmentToken?
}
