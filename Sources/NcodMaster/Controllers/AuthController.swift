import Foundation
import NcodCore
import NcodStore
import Vapor

/// `POST /api/v1/auth/register`, `/login`, `/refresh`, `/logout`.
struct AuthController: RouteCollection {
    /// A bcrypt hash of a password nobody knows, verified for unknown usernames so that they take as long as wrong passwords.
    static let decoyHash: String = (try? Bcrypt.hash(UUID().uuidString, cost: 12)) ?? ""
    /// Most MAC addresses one login may present.
    static let maximumMACs = 16

    func boot(routes: any RoutesBuilder) throws {
        let auth = routes.grouped("auth")
        auth.post("register", use: register)
        auth.post("login", use: login)
        auth.post("refresh", use: refresh)
        auth.post("logout", use: logout)
        auth.get("challenge", use: challenge)
        auth.post("standing", use: standing)
    }

    /// A nonce for a computer to sign at login or when asking where its request stands.
    @Sendable
    func challenge(req: Request) async throws -> Response {
        let response = Response(status: .ok)
        try response.content.encode(req.ncod.challenges.issue(now: req.ncod.now()))
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// Where a person and the computer asking stand, for the terminal's waiting screens; the computer proves its key, no password.
    @Sendable
    func standing(req: Request) async throws -> Standing {
        let body = try req.content.decode(StandingRequest.self)
        let username = body.username.trimmingCharacters(in: .whitespaces).lowercased()
        guard ComputerKey.isWellFormed(body.computer.publicKey) else {
            throw Problem.invalidField("computer.publicKey", "send the base64 of the raw 32-byte Ed25519 public key")
        }
        try ComputerAdmission.prove(body.computer, username: username, request: req)
        let store = Store(database: req.db)
        guard let user = try await store.users.find(username: username),
            let standing = try await ComputerAdmission.standing(of: user, publicKey: body.computer.publicKey, store: store)
        else {
            throw Problem(
                status: 404, code: "no_request", title: "Not Found", detail: "this computer has asked for no account of that name; log in again")
        }
        return standing
    }

    @Sendable
    func register(req: Request) async throws -> Response {
        let body = try req.content.decode(RegisterRequest.self)
        let user = try await AccountRegistration.register(body, request: req)
        let response = Response(status: .created)
        try response.content.encode(try await ProfileBuilder.profile(of: user, store: Store(database: req.db)))
        return response
    }

    @Sendable
    func login(req: Request) async throws -> TokenResponse {
        let body = try req.content.decode(LoginRequest.self)
        return try await LoginFlow.login(body, request: req)
    }

    @Sendable
    func refresh(req: Request) async throws -> TokenResponse {
        let body = try req.content.decode(RefreshRequest.self)
        return try await LoginFlow.refresh(body, request: req)
    }

    @Sendable
    func logout(req: Request) async throws -> HTTPStatus {
        let body = try req.content.decode(RefreshRequest.self)
        let store = Store(database: req.db)
        if let token = try await store.refreshTokens.find(hash: TokenIssuer.hash(body.refreshToken)) {
            try await store.refreshTokens.revokeFamily(token.familyID, at: req.ncod.now())
            let user = try await store.users.find(token.userID)
            try await req.audit("auth.logout", subject: "user:\(user?.username ?? token.userID.uuidString)", actor: user?.username)
        }
        return .noContent
    }
}
