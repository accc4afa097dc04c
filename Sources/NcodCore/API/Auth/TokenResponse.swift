/// What a successful login or refresh returns.
public struct TokenResponse: Codable, Hashable, Sendable {
    /// Short-lived EdDSA JWT for `Authorization: Bearer …`.
    public var accessToken: String
    /// Always `Bearer`.
    public var tokenType: String
    /// Seconds until the access token expires.
    public var expiresIn: Int
    /// One-time token for `POST /api/v1/auth/refresh`; rotated on every use.
    public var refreshToken: String
    /// The account the tokens belong to.
    public var user: UserProfile

    /// Creates a response.
    public init(accessToken: String, expiresIn: Int, refreshToken: String, user: UserProfile) {
        self.accessToken = accessToken
        self.tokenType = "Bearer"
        self.expiresIn = expiresIn
        self.refreshToken = refreshToken
        self.user = user
    }
}
