import FluentKit
import Foundation
import NcodCore

/// Row of `users`.
final class UserModel: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    @Field(key: "username") var username: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "contact") var contact: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "role") var role: String
    @Field(key: "status") var status: String
    @OptionalField(key: "status_reason") var statusReason: String?
    @OptionalField(key: "org_unit_id") var orgUnitID: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(_ user: User) {
        id = user.id
        apply(user)
        createdAt = user.createdAt
    }

    /// Copies every mutable field from the domain value.
    func apply(_ user: User) {
        username = user.username.lowercased()
        displayName = user.displayName
        contact = user.contact
        passwordHash = user.passwordHash
        role = user.role.rawValue
        status = user.status.rawValue
        statusReason = user.statusReason
        orgUnitID = user.orgUnitID
        updatedAt = user.updatedAt
    }

    func domain() throws -> User {
        User(
            id: try requireID(), username: username, displayName: displayName, contact: contact, passwordHash: passwordHash,
            role: try decodeEnum(role), status: try decodeEnum(status), statusReason: statusReason, orgUnitID: orgUnitID,
            createdAt: createdAt, updatedAt: updatedAt
        )
    }
}
