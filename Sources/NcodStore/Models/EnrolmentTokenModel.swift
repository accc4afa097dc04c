import FluentKit
import Foundation
import NcodCore

/// Row of `enrolment_tokens`.
final class EnrolmentTokenModel: Model, @unchecked Sendable {
    static let schema = "enrolment_tokens"

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @OptionalField(key: "slave_name") var slaveName: String?
    @Field(key: "created_by") var createdBy: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}

    init(_ token: EnrolmentToken) {
        id = token.id
        tokenHash = token.tokenHash
        slaveName = token.slaveName
        createdBy = token.createdBy
        createdAt = token.createdAt
        expiresAt = token.expiresAt
        usedAt = token.usedAt
    }

    func domain() throws -> EnrolmentToken {
        EnrolmentToken(
            id: try requireID(), tokenHash: tokenHash, slaveName: slaveName, createdBy: createdBy, createdAt: createdAt, expiresAt: expiresAt,
            usedAt: usedAt
        )
    }
}
