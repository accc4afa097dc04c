#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Answer of `GET /api/v1/auth/challenge`: a nonce for a computer to sign (``ComputerKey``), good once, until `expiresAt`.
public struct LoginChallenge: Codable, Hashable, Sendable {
    /// The nonce to sign.
    public var nonce: String
    /// When it stops being accepted.
    public var expiresAt: Date

    /// Creates a challenge.
    public init(nonce: String, expiresAt: Date) {
        self.nonce = nonce
        self.expiresAt = expiresAt
    }
}
