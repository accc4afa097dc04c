import Foundation

/// Stores one-time slave enrolment tokens (by hash) and spends each exactly once.
public protocol EnrolmentTokenRepository: Sendable {
    /// Stores a newly issued token.
    func create(_ token: EnrolmentToken) async throws -> EnrolmentToken
    /// Spends the unexpired, unused token with this hash; `nil` when there is none (unknown, used, or expired).
    func spend(hash: String, at: Date) async throws -> EnrolmentToken?
}
