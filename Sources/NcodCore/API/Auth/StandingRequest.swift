#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Body of `POST /api/v1/auth/standing`: a waiting computer asks where its request stands, proving its key instead of a password.
public struct StandingRequest: Codable, Hashable, Sendable {
    /// The account the computer asked for.
    public var username: String
    /// The computer, with a signed challenge.
    public var computer: ComputerClaim

    /// Creates a request.
    public init(username: String, computer: ComputerClaim) {
        self.username = username
        self.computer = computer
    }
}
