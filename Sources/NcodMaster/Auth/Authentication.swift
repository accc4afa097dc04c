import JWT
import NcodCore
import NcodStore
import Vapor

/// Reads the bearer token, verifies it, and loads the account fresh from the database, so that disabling an account
/// or revoking a machine binding takes effect on the very next request, not when the token expires.
/// Then refuses the caller unless it meets `level`.
struct Authentication: AsyncMiddleware {
    let level: AccessLevel

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let principal = try await Self.authenticate(request)
        if let refusal = level.refusal(for: principal) { throw refusal }
        request.setPrincipal(principal)
        return try await next.respond(to: request)
    }

    /// The caller of `request`, or the problem that refuses it.
    static func authenticate(_ request: Request) async throws -> Principal {
        let cookie = request.method == .GET || request.method == .HEAD ? request.cookies[WebSession.cookieName]?.string : nil
        guard let token = request.headers.bearerAuthorization?.token ?? cookie else {
            throw Problem(
                status: 401, code: "unauthorized", title: "Unauthorized",
                detail: "log in first, then send the access token as 'Authorization: Bearer <token>'"
            )
        }
        let claims: AccessClaims
        do {
            claims = try await request.jwt.verify(token, as: AccessClaims.self)
        } catch {
            request.ncod.metrics.authenticationFailed(reason: "invalid_token")
            throw Problem(
                status: 401, code: "invalid_token", title: "Unauthorized", detail: "the access token is invalid or has expired; log in again")
        }
        guard let userID = claims.userID else {
            throw Problem(status: 401, code: "invalid_token", title: "Unauthorized", detail: "the access token names no account")
        }
        return try await check(
            userID: userID, client: claims.client, bindingID: claims.bindingID, login: claims.login, expiresAt: claims.exp.value, request: request,
            store: Store(database: request.db))
    }

    /// The caller as it stands now: the account read fresh, its status, its login, its computer and its role checked again
    /// (``verdict(userID:client:bindingID:login:expiresAt:user:loginLive:binding:)``); throws the problem that refuses it.
    static func check(
        userID: UUID, client: ClientKind, bindingID: UUID?, login: UUID, expiresAt: Date, request: Request, store: Store
    ) async throws -> Principal {
        // Three reads at once, each on a connection of its own: a request waits for the slowest, not for the three in turn
        // (every authenticated request starts here; under a fleet's load each wait is a queue).
        async let account = store.users.find(userID)
        async let live = store.refreshTokens.isLive(familyID: login)
        async let computer = binding(client == .terminal ? bindingID : nil, store: store)
        let (user, loginLive, binding) = try await (account, live, computer)
        do {
            return try verdict(
                userID: userID, client: client, bindingID: bindingID, login: login, expiresAt: expiresAt, user: user, loginLive: loginLive,
                binding: binding)
        } catch let problem as Problem {
            if problem.code == "login_ended" { request.ncod.metrics.authenticationFailed(reason: "login_ended") }
            throw problem
        }
    }

    /// The computer binding `id` names (`nil` for none).
    private static func binding(_ id: UUID?, store: Store) async throws -> MachineBinding? {
        guard let id else { return nil }
        return try await store.bindings.find(id)
    }

    /// The rules a caller must meet, on what was read of it: the account (`nil` when gone), whether its login is still going on,
    /// and the computer binding of a terminal login. One request reads them for itself (``check(userID:client:bindingID:login:expiresAt:request:store:)``);
    /// ``EventStreamGuard`` reads them for every open stream at once.
    static func verdict(
        userID: UUID, client: ClientKind, bindingID: UUID?, login: UUID, expiresAt: Date, user: User?, loginLive: Bool, binding: MachineBinding?
    ) throws -> Principal {
        guard let user else {
            throw Problem(status: 401, code: "invalid_token", title: "Unauthorized", detail: "the access token names no account")
        }
        if let refusal = AccountGate.statusRefusal(user) { throw refusal }
        // Logged out, refresh token reused, password reset: the login is over, and its tokens with it.
        guard loginLive else {
            throw Problem(status: 401, code: "login_ended", title: "Unauthorized", detail: "this login has ended; log in again")
        }
        if client == .terminal {
            guard bindingID != nil, let binding, binding.id == bindingID, binding.userID == user.id, binding.status == .approved else {
                throw Problem(
                    status: 403, code: "machine_not_bound", title: "Machine Not Registered",
                    detail: "this computer is no longer registered for your account; ask an administrator"
                )
            }
        }
        if client == .adminConsole, user.role != .admin {
            throw Problem(status: 403, code: "admin_only", title: "Forbidden", detail: "the admin console is for administrators")
        }
        return Principal(user: user, client: client, bindingID: bindingID, login: login, expiresAt: expiresAt)
    }
}
