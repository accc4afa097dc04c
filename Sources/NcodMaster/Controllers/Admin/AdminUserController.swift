import NcodCore
import NcodStore
import Vapor

/// `/api/v1/admin/users`: list, approve, reject, disable, enable, change role or org unit, reset password.
struct AdminUserController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let users = routes.grouped("users")
        users.get(use: list)
        users.get(":id", use: show)
        users.patch(":id", use: update)
        users.post(":id", "approve", use: approve)
        users.post(":id", "reject", use: reject)
        users.post(":id", "disable", use: disable)
        users.post(":id", "enable", use: enable)
        users.post(":id", "reset-password", use: resetPassword)
    }

    @Sendable
    func list(req: Request) async throws -> [UserProfile] {
        let status = try req.query.get(String?.self, at: "status").map { text in
            guard let status = User.Status(rawValue: text) else {
                throw Problem(
                    status: 400, code: "invalid_request", title: "Bad Request", detail: "status must be pending, active, rejected or disabled")
            }
            return status
        }
        let store = Store(database: req.db)
        let units = try await store.orgUnits.all()
        return try await store.users.list(status: status).map { ProfileBuilder.profile(of: $0, units: units) }
    }

    @Sendable
    func show(req: Request) async throws -> UserProfile {
        let store = Store(database: req.db)
        return try await ProfileBuilder.profile(of: try await AdminUsers.load(req, store: store), store: store)
    }

    @Sendable
    func approve(req: Request) async throws -> UserProfile {
        let body = try req.content.decode(ReasonRequest.self, or: ReasonRequest())
        let reason = try AdminUsers.checkedReason(body.reason)
        return try await AdminUsers.approve(req, reason: reason, orgUnitID: body.orgUnitID)
    }

    @Sendable
    func reject(req: Request) async throws -> UserProfile {
        let reason = try AdminUsers.requiredReason(req)
        return try await AdminUsers.reject(req, reason: reason)
    }

    @Sendable
    func disable(req: Request) async throws -> UserProfile {
        let reason = try AdminUsers.requiredReason(req)
        if try AdminUsers.targetID(req) == (try req.principal.user.id) {
            throw Problem(status: 409, code: "invalid_transition", title: "Conflict", detail: "you cannot disable your own account")
        }
        let profile = try await AdminUsers.transition(req, to: .disabled, from: [.active, .pending], action: "user.disabled", reason: reason)
        let now = req.ncod.now()
        let actor = try req.principal.auditName
        try await Store(database: req.db).refreshTokens.revokeAll(userID: profile.id, at: now)
        // What a disabled person held is freed at once, in ncod and (by the slave) in VirtualHere.
        let events = try await Store(database: req.db).transaction { store in
            try await LeaseEnding.endAll(
                try await store.leases.active(userID: profile.id), reason: .accountDisabled, actor: actor, why: reason, store: store, now: now)
                + WaitingList.cancel(userID: profile.id, actor: actor, store: store, now: now)
        }
        await req.ncod.events.publish(events)
        try await WaitingList.allocate(req)  // what they held or had kept for them goes to the next in line
        return profile
    }

    @Sendable
    func enable(req: Request) async throws -> UserProfile {
        return try await AdminUsers.transition(
            req, to: .active, from: [.disabled], action: "user.enabled", reason: try AdminUsers.optionalReason(req))
    }

    @Sendable
    func update(req: Request) async throws -> UserProfile {
        let patch = try req.content.decode(UserPatch.self)
        let patchReason = try AdminUsers.checkedReason(patch.reason)
        let store = Store(database: req.db)
        var user = try await AdminUsers.load(req, store: store)
        var details: [String: String] = ["reason": patchReason ?? ""]
        if let role = patch.role, role != user.role {
            if user.id == (try req.principal.user.id) {
                throw Problem(status: 409, code: "invalid_transition", title: "Conflict", detail: "you cannot change your own role")
            }
            details["role"] = "\(user.role.rawValue) → \(role.rawValue)"
            user.role = role
        }
        if let unitID = patch.orgUnitID, unitID != user.orgUnitID {
            guard let unit = try await store.orgUnits.find(unitID), unit.kind == .department else {
                throw Problem.invalidField("orgUnitID", "choose a project department")
            }
            details["orgUnit"] = unit.name
            user.orgUnitID = unitID
        }
        user.updatedAt = req.ncod.now()
        let moved = patch.orgUnitID != nil && details["orgUnit"] != nil
        let saved = try await store.users.update(user)
        try await req.audit("user.updated", subject: "user:\(saved.username)", details: details)
        await req.publishAccountChange("updated", userID: saved.id)
        // Moved to another unit: what the new unit may not use is no longer theirs.
        if moved {
            try await Restrictions.enforce(request: req, userIDs: [saved.id], why: patchReason ?? "moved to \(details["orgUnit"] ?? "another unit")")
        }
        return try await ProfileBuilder.profile(of: saved, store: store)
    }

    @Sendable
    func resetPassword(req: Request) async throws -> PasswordReset.Result {
        let body = try req.content.decode(PasswordReset.self, or: PasswordReset())
        let reason = try AdminUsers.checkedReason(body.reason)
        let store = Store(database: req.db)
        var user = try await AdminUsers.load(req, store: store)
        let generated = body.newPassword == nil ? TemporaryPassword.make() : nil
        let password = body.newPassword ?? generated ?? ""
        if let problem = PasswordPolicy.standard.problem(with: password, username: user.username) {
            throw Problem.invalidField("newPassword", problem.english)
        }
        user.passwordHash = try await req.hashPassword(password)
        user.updatedAt = req.ncod.now()
        _ = try await store.users.update(user)
        try await store.refreshTokens.revokeAll(userID: user.id, at: req.ncod.now())
        try await req.audit("user.password_reset", subject: "user:\(user.username)", details: ["reason": reason ?? ""])
        return PasswordReset.Result(temporaryPassword: generated)
    }
}
