import NcodCore
import NcodStore
import Vapor

/// What the admin user endpoints share: loading the target, status transitions with their rules and audit.
enum AdminUsers {
    /// The `:id` of the request.
    static func targetID(_ req: Request) throws -> UUID { try req.uuidParameter("id") }

    /// The account named by `:id`, or 404.
    static func load(_ req: Request, store: Store) async throws -> User {
        let id = try targetID(req)
        guard let user = try await store.users.find(id) else { throw StoreError.notFound(entity: "user", key: id.uuidString) }
        return user
    }

    /// The body's reason, required and not blank (422 otherwise).
    static func requiredReason(_ req: Request) throws -> String {
        guard let reason = try optionalReason(req) else { throw Problem.invalidField("reason", "give a reason") }
        return reason
    }

    /// The body's reason when it gives one, trimmed; 422 when it is too long or holds control or direction characters.
    static func optionalReason(_ req: Request) throws -> String? {
        let body = try req.content.decode(ReasonRequest.self, or: ReasonRequest())
        return try checkedReason(body.reason)
    }

    /// `reason` trimmed, `nil` when blank; 422 when it breaks ``AccountRules/reasonProblem(_:)``.
    static func checkedReason(_ reason: String?) throws -> String? {
        guard let reason = reason.map(TextHygiene.canonical), !reason.isEmpty else { return nil }
        if let problem = AccountRules.reasonProblem(reason) { throw Problem.invalidField("reason", problem.english) }
        return reason
    }

    /// Approves a pending or rejected account (the `:id`, or `userID`), moving it to `orgUnitID` when given.
    static func approve(_ req: Request, userID: UUID? = nil, reason: String?, orgUnitID: UUID?) async throws -> UserProfile {
        try await transition(req, userID: userID, to: .active, from: [.pending, .rejected], action: "user.approved", reason: reason) {
            user, store in
            if let orgUnitID {
                guard try await store.orgUnits.find(orgUnitID)?.kind == .department else {
                    throw Problem.invalidField("orgUnitID", "choose a project department")
                }
                user.orgUnitID = orgUnitID
            }
        }
    }

    /// Rejects a pending account (the `:id`, or `userID`).
    static func reject(_ req: Request, userID: UUID? = nil, reason: String) async throws -> UserProfile {
        try await transition(req, userID: userID, to: .rejected, from: [.pending], action: "user.rejected", reason: reason)
    }

    /// Moves the account from one of `from` to `status`, records `reason`, applies `adjust`, audits `action`.
    /// `userID` names the account when it is not the request's `:id`.
    static func transition(
        _ req: Request, userID: UUID? = nil, to status: User.Status, from allowed: Set<User.Status>, action: String, reason: String?,
        adjust: @Sendable (inout User, Store) async throws -> Void = { _, _ in }
    ) async throws -> UserProfile {
        let store = Store(database: req.db)
        var user: User
        if let userID {
            guard let found = try await store.users.find(userID) else { throw StoreError.notFound(entity: "user", key: userID.uuidString) }
            user = found
        } else {
            user = try await load(req, store: store)
        }
        guard allowed.contains(user.status) else {
            let from = allowed.map(\.rawValue).sorted().joined(separator: " or ")
            throw Problem(
                status: 409, code: "invalid_transition", title: "Conflict",
                detail: "'\(user.username)' is \(user.status.rawValue); only \(from) accounts can become \(status.rawValue)"
            )
        }
        try await adjust(&user, store)
        user.status = status
        user.statusReason = reason
        user.updatedAt = req.ncod.now()
        let saved = try await store.users.update(user)
        try await req.audit(action, subject: "user:\(saved.username)", details: ["reason": reason ?? ""])
        await req.publishAccountChange(status.rawValue, userID: saved.id)
        return try await ProfileBuilder.profile(of: saved, store: store)
    }
}

extension ContentContainer {
    /// Decodes the body as `type`, or gives `fallback` when the request has no body.
    func decode<T: Decodable>(_ type: T.Type, or fallback: T) throws -> T {
        guard contentType != nil else { return fallback }
        return try decode(type)
    }
}
