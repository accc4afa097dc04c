import Foundation
import NcodCore
import NcodStore
import Vapor

/// Logging in and refreshing: the password, the account's status, the client kind's rules, the machine binding;
/// every outcome audited.
enum LoginFlow {
    /// Checks a login and issues an access and refresh token pair, or throws the problem that refuses it.
    static func login(_ body: LoginRequest, request: Request) async throws -> TokenResponse {
        let user: User
        let binding: MachineBinding?
        do {
            (user, binding) = try await admit(body, request: request)
        } catch let problem as Problem {
            request.ncod.metrics.authenticationFailed(reason: problem.code)
            throw problem
        }
        return try await TokenIssuer.issue(
            for: user, client: body.client, bindingID: binding?.id, familyID: UUID(), request: request, store: Store(database: request.db)
        )
    }

    /// Checks a login (throttling, password, status, client kind, machine binding), audits the outcome,
    /// and returns the account with the binding it came through; throws the problem that refuses it.
    static func admit(_ body: LoginRequest, request: Request) async throws -> (User, MachineBinding?) {
        let store = Store(database: request.db)
        let limiter = request.ncod.rateLimiter
        let now = request.ncod.now()
        let username = body.username.trimmingCharacters(in: .whitespaces).lowercased()
        let subject = "user:\(username)"
        let client = ["client": body.client.rawValue]

        switch await limiter.admit(username: username, address: request.sourceAddress, now: now) {
        case .refused(let wait, let first):
            // One row for a run of refusals, and their count when the next attempt is let through: a flood cannot fill the log.
            if first {
                try await request.audit(
                    "auth.login.throttled", subject: subject, actor: username,
                    details: client.merging(["note": "further refusals are counted, not logged one by one"]) { $1 })
            }
            let seconds = Int(wait.rounded(.up))
            throw Problem(
                status: 429, code: "too_many_attempts", title: "Too Many Attempts",
                detail: Message("too many login attempts; try again in \(seconds) s", zh: "登录尝试次数过多，请 \(seconds) 秒后重试")
            )
            .retryAfter(seconds)
        case .allowed(let refusedMeanwhile):
            if refusedMeanwhile > 0 {
                try await request.audit(
                    "auth.login.throttled", subject: subject, actor: username,
                    details: client.merging(["refusedMeanwhile": String(refusedMeanwhile), "summary": "true"]) { $1 })
            }
        }

        let user = try await store.users.find(username: username)
        let passwordMatches = try await request.verifyPassword(body.password, hash: user?.passwordHash ?? AuthController.decoyHash)
        guard let user, passwordMatches else {
            // Already counted as a failure when admitted.
            try await request.audit(
                "auth.login.failed", subject: subject, actor: username,
                details: client.merging(["reason": user == nil ? "unknown user" : "wrong password"]) { $1 }
            )
            throw Problem(
                status: 401, code: "invalid_credentials", title: "Login Failed", detail: Message("wrong username or password", zh: "用户名或密码错误"))
        }
        // The password was right: the limit guards guessing, not the refusals below.
        await limiter.recordSuccess(username: username)
        if let refusal = AccountGate.statusRefusal(user) {
            try await request.audit("auth.login.refused", subject: subject, actor: username, details: client.merging(["reason": refusal.code]) { $1 })
            throw refusal
        }

        var binding: MachineBinding?
        switch body.client {
        case .web:
            break
        case .adminConsole:
            guard user.role == .admin else {
                try await request.audit(
                    "auth.login.refused", subject: subject, actor: username, details: client.merging(["reason": "admin_only"]) { $1 })
                throw Problem(
                    status: 403, code: "admin_only", title: "Forbidden",
                    detail: Message("the admin console is for administrators; use ncod-tui", zh: "管理控制台仅供管理员使用；请使用 ncod-tui")
                )
            }
        case .terminal:
            let computer = try ComputerAdmission.computer(claim: body.computer, legacyMACs: body.macs)
            if let claim = body.computer { try ComputerAdmission.prove(claim, username: username, request: request) }
            guard user.status != .pending else {
                // The computer joins the person's request, so that one approval lets both in.
                try await ComputerAdmission.record(computer, for: user, request: request, store: store, now: now)
                try await request.audit(
                    "auth.login.refused", subject: subject, actor: username, details: client.merging(["reason": "account_pending"]) { $1 })
                throw Problem(
                    status: 403, code: "account_pending", title: "Account Waiting",
                    detail: Message(
                        "your account waits for an administrator's approval; this computer is part of your request",
                        zh: "您的账号正在等待管理员审批；本机已包含在您的申请中"))
            }
            binding = try await ComputerAdmission.admit(computer, for: user, request: request, store: store, now: now)
        }

        var details = client
        details["mac"] = binding?.mac.description
        try await request.audit("auth.login.ok", subject: subject, actor: username, details: details)
        return (user, binding)
    }

    /// Trades a refresh token for a new pair. A token presented twice revokes its whole family.
    static func refresh(_ body: RefreshRequest, request: Request) async throws -> TokenResponse {
        let store = Store(database: request.db)
        let now = request.ncod.now()
        let expired = Problem(
            status: 401, code: "invalid_refresh_token", title: "Unauthorized", detail: "the refresh token is not valid; log in again")
        guard let token = try await store.refreshTokens.find(hash: TokenIssuer.hash(body.refreshToken)) else { throw expired }
        guard token.revokedAt == nil, token.expiresAt > now else { throw expired }
        let user = try await store.users.find(token.userID)
        let spent = token.usedAt == nil ? try await store.refreshTokens.spend(token.id, at: now) : false
        guard spent else {
            try await store.refreshTokens.revokeFamily(token.familyID, at: now)
            try await request.audit(
                "auth.refresh.reused", subject: "user:\(user?.username ?? token.userID.uuidString)", actor: user?.username,
                details: ["client": token.client.rawValue]
            )
            throw Problem(
                status: 401, code: "refresh_token_reused", title: "Unauthorized",
                detail: "this refresh token was already used, so this login has been ended for safety; log in again"
            )
        }
        guard let user else { throw expired }
        if let refusal = AccountGate.statusRefusal(user) { throw refusal }
        if token.client == .terminal {
            guard let bindingID = token.bindingID, try await store.bindings.find(bindingID)?.status == .approved else {
                throw Problem(
                    status: 403, code: "machine_not_bound", title: "Machine Not Registered",
                    detail: "this computer is no longer registered for your account; ask an administrator"
                )
            }
        }
        if token.client == .adminConsole, user.role != .admin {
            throw Problem(status: 403, code: "admin_only", title: "Forbidden", detail: "the admin console is for administrators")
        }
        return try await TokenIssuer.issue(
            for: user, client: token.client, bindingID: token.bindingID, familyID: token.familyID, request: request, store: store
        )
    }
}
