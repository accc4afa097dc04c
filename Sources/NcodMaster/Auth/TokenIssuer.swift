import Crypto
import Foundation
import JWT
import NcodCore
import NcodStore
import Vapor

/// Issues the access token and the one-time refresh token of a login or a refresh.
enum TokenIssuer {
    /// Signs an access token and stores a new refresh token of `familyID`; returns both with the profile.
    static func issue(
        for user: User, client: ClientKind, bindingID: UUID?, familyID: UUID, request: Request, store: Store
    ) async throws -> TokenResponse {
        let context = request.ncod
        let now = context.now()
        let accessToken = try await accessToken(
            for: user, client: client, bindingID: bindingID, login: familyID, lifetime: context.accessTokenLifetime, request: request)
        let refreshToken = randomToken()
        _ = try await store.refreshTokens.create(
            RefreshToken(
                id: UUID(), userID: user.id, familyID: familyID, tokenHash: hash(refreshToken), client: client, bindingID: bindingID,
                issuedAt: now, expiresAt: now.addingTimeInterval(context.refreshTokenLifetime)
            )
        )
        let profile = try await ProfileBuilder.profile(of: user, store: store)
        return TokenResponse(accessToken: accessToken, expiresIn: Int(context.accessTokenLifetime), refreshToken: refreshToken, user: profile)
    }

    /// Signs an access token of the login `login`.
    static func accessToken(
        for user: User, client: ClientKind, bindingID: UUID?, login: UUID, lifetime: TimeInterval, request: Request
    ) async throws -> String {
        let now = request.ncod.now()
        let claims = AccessClaims(
            sub: .init(value: user.id.uuidString), exp: .init(value: now.addingTimeInterval(lifetime)),
            iat: .init(value: now), jti: .init(value: UUID().uuidString), iss: .init(value: AccessClaims.issuer),
            client: client, bindingID: bindingID, login: login
        )
        return try await request.jwt.sign(claims)
    }

    /// The web pages' session: an access token with a longer lifetime and no refresh token handed out. Its login is recorded
    /// as a refresh-token family of one token nobody holds, so that logging out (or a password reset) ends it like any other.
    static func webSession(for user: User, lifetime: TimeInterval, request: Request, store: Store) async throws -> String {
        let now = request.ncod.now()
        let login = UUID()
        _ = try await store.refreshTokens.create(
            RefreshToken(
                id: UUID(), userID: user.id, familyID: login, tokenHash: hash(randomToken()), client: .web, bindingID: nil, issuedAt: now,
                expiresAt: now.addingTimeInterval(lifetime)))
        return try await accessToken(for: user, client: .web, bindingID: nil, login: login, lifetime: lifetime, request: request)
    }

    /// Hex SHA-256 of a refresh token: what the database keeps.
    static func hash(_ token: String) -> String { SecretHash.hex(token) }

    /// 32 random bytes, base64url without padding, never starting with `-`: tokens are pasted into commands such as
    /// `ncod-slaved enrol --token <token>`, where a value starting with `-` would be read as an option (one token in 64 was).
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        while true {
            let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            let token = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
            if !token.hasPrefix("-") { return token }
        }
    }
}
