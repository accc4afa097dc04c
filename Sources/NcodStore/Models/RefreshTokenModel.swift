import FluentKit
import Foundation
import NcodCore

/// Row of `refresh_tokens`.
final class RefreshTokenModel: Model, @unchecked Sendable {
    static let schema = "refresh_tokens"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "family_id") var familyID: UUID
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "client") var client: String
    @OptionalField(key: "binding_id") var bindingID: UUID?
    @Field(key: "issued_at") var issuedAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}

    init(_ token: RefreshToken) {
        id = token.id
        userID = token.userID
        familyID = token.familyID
        tokenHash = token.tokenHash
        client = token.client.rawValue
        bindingID = token.bindingID
        issuedAt = token.issuedAt
        expiresAt = token.expiresAt
        usedAt = token.usedAt
        revokedAt = token.revokedAt
    }

    func domain() throws -> RefreshToken {
        RefreshToken(
            id: try requireID(), userID: userID, familyID: familyID, tokenHash: tokenHash, client: try decodeEnum(client),
            bindingID: bindingID, issuedAt: issuedAt, expiresAt: expiresAt, usedAt: usedAt, revokedAt: revokedAt
        )
    }
}
