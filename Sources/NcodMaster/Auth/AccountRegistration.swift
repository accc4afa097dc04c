import Foundation
import NcodCore
import NcodStore
import Vapor

/// Self-registration: every field checked with a message next to it, then a **pending** account.
enum AccountRegistration {
    /// Validates `body` and creates the pending account; a 422 problem with per-field messages when something is wrong.
    static func register(_ body: RegisterRequest, request: Request) async throws -> User {
        let store = Store(database: request.db)
        let username = body.username.trimmingCharacters(in: .whitespaces).lowercased()
        var fields: [String: String] = [:]
        fields["username"] = AccountRules.usernameProblem(username)
        fields["displayName"] = AccountRules.displayNameProblem(body.displayName)
        fields["contact"] = AccountRules.contactProblem(body.contact)
        fields["password"] = PasswordPolicy.standard.problem(with: body.password, username: username)
        let unit = try await store.orgUnits.find(body.orgUnitID)
        if unit?.kind != .department { fields["orgUnitID"] = "choose your project department from the organisation tree" }
        if fields["username"] == nil, try await store.users.find(username: username) != nil {
            fields["username"] = "the username '\(username)' is taken; choose another"
        }
        guard fields.isEmpty else {
            throw Problem(
                status: 422, code: "validation_failed", title: "Invalid Registration",
                detail: "some fields need correcting", fields: fields
            )
        }
        let now = request.ncod.now()
        let hash = try await request.hashPassword(body.password)
        let user = User(
            id: UUID(), username: username, displayName: body.displayName.trimmingCharacters(in: .whitespaces),
            contact: body.contact.trimmingCharacters(in: .whitespaces), passwordHash: hash, role: .user, status: .pending,
            orgUnitID: body.orgUnitID, createdAt: now, updatedAt: now
        )
        do {
            let created = try await store.users.create(user)
            try await request.audit("user.registered", subject: "user:\(username)", actor: username, details: ["orgUnit": unit?.name ?? ""])
            return created
        } catch StoreError.duplicate {
            throw Problem(
                status: 422, code: "validation_failed", title: "Invalid Registration", detail: "some fields need correcting",
                fields: ["username": "the username '\(username)' is taken; choose another"]
            )
        }
    }
}
