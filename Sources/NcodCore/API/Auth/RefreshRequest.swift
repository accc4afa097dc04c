/// Body of `POST /api/v1/auth/refresh`: trades a refresh token for a new pair (the old one is then spent).
public struct RefreshRequest: Codable, Hashable, Sendable {
    /// The refresh token from the last login or refresh.
    public var refreshToken: String

    /// Creates a request.
    public init(refreshToken: String) { self.refreshToken = refreshToken }
}
