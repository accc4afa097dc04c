import Foundation
import NcodCore
import NcodStore
import Vapor

/// Self-registration: every field checked with a message next to it, then a **pending** account.
enum AccountRegistration {
    /// Registration refused, with a message per field in every language (the API answers in English, pages in the reader's).
    struct Rejected: ProblemRepresentable {
        /// Field name → what is wrong with it.
        let fields: [String: Message]

        var problem: Problem {
            Problem(
                status: 422, code: "validation_failed", title: "Invalid Registration",
                detail: Message("some fields need correcting", zh: "部分内容需要修改"), fields: fields
            )
        }
    }

    /// Validates `body` and creates the pending account; throws ``Rejected`` when a field is wrong.
    static func register(_ body: RegisterRequest, request: Request) async throws -> User {
        try await request.throttle(
            "register", rule: request.ncod.registrationRule, audit: "user.register", subject: "user:\(body.username.prefix(64))")
        let store = Store(database: request.db)
        let username = body.username.trimmingCharacters(in: .whitespaces).lowercased()
        var fields: [String: Message] = [:]
        fields["username"] = AccountRules.usernameProblem(username)
        fields["displayName"] = AccountRules.displayNameProblem(body.displayName)
        fields["contact"] = AccountRules.contactProblem(body.contact)
        fields["password"] = PasswordPolicy.standard.problem(with: body.password, username: username)
        let unit = try await store.orgUnits.find(body.orgUnitID)
        if unit?.kind != .department {
            fields["orgUnitID"] = Message("choose your project department from the organisation tree", zh: "请从组织架构中选择您所在的项目部")
        }
        var computer: ComputerAdmission.Computer?
        if let claim = body.computer {
            do {
                computer = try ComputerAdmission.computer(claim: claim, legacyMACs: nil)
            } catch {
                fields["computer"] = Message(
                    "this computer's addresses or key could not be read; start ncod-tui again", zh: "无法读取本机的网络地址或密钥，请重新启动 ncod-tui")
            }
        }
        if fields["username"] == nil, try await store.users.find(username: username) != nil { fields["username"] = taken(username) }
        guard fields.isEmpty else { throw Rejected(fields: fields) }
        let now = request.ncod.now()
        let hash = try await request.hashPassword(body.password)
        let user = User(
            id: UUID(), username: username, displayName: TextHygiene.canonical(body.displayName),
            contact: TextHygiene.canonical(body.contact), passwordHash: hash, role: .user, status: .pending,
            orgUnitID: body.orgUnitID, createdAt: now, updatedAt: now
        )
        do {
            let created = try await store.users.create(user)
            try await request.audit("user.registered", subject: "user:\(username)", actor: username, details: ["orgUnit": unit?.name ?? ""])
            await request.publishAccountChange("registered", userID: created.id)
            // From ncod-tui the computer comes with the person: one request, one approval.
            if let computer { try await ComputerAdmission.record(computer, for: created, request: request, store: store, now: now) }
            return created
        } catch StoreError.duplicate {
            throw Rejected(fields: ["username": taken(username)])
        }
    }

    private static func taken(_ username: String) -> Message {
        Message("the username '\(username)' is taken; choose another", zh: "用户名“\(username)”已被使用，请换一个")
    }
}
