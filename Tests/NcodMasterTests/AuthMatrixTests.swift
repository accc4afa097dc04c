import Foundation
import JWTKit
import NcodCore
import NcodTestSupport
import Testing
import VaporTesting

@testable import NcodMaster

/// Who may do what, enforced by the API: every status × role × client kind × endpoint class, plus the token attacks,
/// run on SQLite and on PostgreSQL.
@Suite("Authorization matrix", .serialized)
struct AuthMatrixTests {
    static let mac = "aa:bb:cc:dd:ee:01"

    /// One expectation: a request and the status (and problem code) the API must answer.
    struct Outcome: CustomStringConvertible {
        let name: String
        let status: UInt
        let code: String?
        var description: String { "\(name) → \(status)\(code.map { " \($0)" } ?? "")" }
    }

    /// What the rules in PRODUCT.md say a login must give.
    static func expectedLogin(status: User.Status, role: User.Role, client: ClientKind) -> Outcome {
        let name = "login \(status.rawValue) \(role.rawValue) via \(client.rawValue)"
        switch (status, role, client) {
        case (.rejected, _, _): return Outcome(name: name, status: 403, code: "account_rejected")
        case (.disabled, _, _): return Outcome(name: name, status: 403, code: "account_disabled")
        case (_, .user, .adminConsole): return Outcome(name: name, status: 403, code: "admin_only")
        // The terminal files the computer with the waiting person's request and shows the waiting screen: no token.
        case (.pending, _, .terminal): return Outcome(name: name, status: 403, code: "account_pending")
        default: return Outcome(name: name, status: 200, code: nil)
        }
    }

    /// What the rules say an endpoint class must give to a logged-in account.
    static func expectedAccess(status: User.Status, role: User.Role, client: ClientKind, endpoint: String) -> Outcome {
        let name = "\(status.rawValue) \(role.rawValue) via \(client.rawValue): \(endpoint)"
        if endpoint == "/api/v1/me" { return Outcome(name: name, status: 200, code: nil) }
        if status == .pending { return Outcome(name: name, status: 403, code: "account_pending") }
        if client == .web { return Outcome(name: name, status: 403, code: "client_not_allowed") }
        if endpoint.hasPrefix("/api/v1/admin"), role != .admin { return Outcome(name: name, status: 403, code: "admin_only") }
        return Outcome(name: name, status: 200, code: nil)
    }

    static let endpoints = ["/api/v1/me", "/api/v1/devices", "/api/v1/waits", "/api/v1/admin/users"]

    @Test("status × role × client × endpoint, and every token attack", arguments: MasterHarness.backends)
    func matrix(_ backend: TestBackend) async throws {
        try await MasterHarness.with(backend) { harness in
            var checked = 0
            func check(_ expected: Outcome, _ response: TestingHTTPResponse, sourceLocation: SourceLocation = #_sourceLocation) {
                checked += 1
                #expect(response.status.code == expected.status, "\(expected): \(String(buffer: response.body))", sourceLocation: sourceLocation)
                if let code = expected.code {
                    #expect(harness.problem(response)?.code == code, "\(expected)", sourceLocation: sourceLocation)
                }
            }

            // Every status × role × client kind: the login, then each endpoint class with the token it gave.
            for status in User.Status.allCases {
                for role in User.Role.allCases {
                    let username = "\(status.rawValue)-\(role.rawValue)"
                    try await harness.seedUser(username, status: status, role: role, approvedMAC: Self.mac)
                    for client in ClientKind.allCases {
                        let login = try await harness.send(
                            .POST, "/api/v1/auth/login",
                            json: LoginRequest(
                                username: username, password: MasterHarness.password, client: client, macs: client == .terminal ? [Self.mac] : nil)
                        )
                        let expected = Self.expectedLogin(status: status, role: role, client: client)
                        check(expected, login)
                        guard expected.status == 200, let tokens = try? harness.decode(TokenResponse.self, login) else { continue }
                        #expect(tokens.user.status == status)
                        for endpoint in Self.endpoints {
                            check(
                                Self.expectedAccess(status: status, role: role, client: client, endpoint: endpoint),
                                try await harness.send(.GET, endpoint, token: tokens.accessToken)
                            )
                        }
                    }
                }
            }

            // A token outlives neither its account's status nor its machine binding.
            let changing = try await harness.seedUser("changing", status: .active, approvedMAC: Self.mac)
            let admin = try await harness.login("active-admin", client: .adminConsole)
            let terminal = try await harness.login("changing", client: .terminal, macs: [Self.mac])
            let bindings = try harness.decode(
                [BindingView].self, try await harness.send(.GET, "/api/v1/admin/bindings?status=approved", token: admin.accessToken))
            let bindingID = try #require(bindings.first { $0.userID == changing.id }?.id)
            check(
                Outcome(name: "revoke binding", status: 200, code: nil),
                try await harness.send(
                    .POST, "/api/v1/admin/bindings/\(bindingID)/revoke", token: admin.accessToken, json: ReasonRequest(reason: "laptop stolen"))
            )
            check(
                Outcome(name: "revoked binding: devices", status: 403, code: "machine_not_bound"),
                try await harness.send(.GET, "/api/v1/devices", token: terminal.accessToken))
            check(
                Outcome(name: "revoked binding: me", status: 403, code: "machine_not_bound"),
                try await harness.send(.GET, "/api/v1/me", token: terminal.accessToken))
            let relogin = try await harness.send(
                .POST, "/api/v1/auth/login",
                json: LoginRequest(username: "changing", password: MasterHarness.password, client: .terminal, macs: [Self.mac]))
            check(Outcome(name: "login from revoked machine", status: 403, code: "machine_revoked"), relogin)
            #expect(harness.problem(relogin)?.detail?.contains("not allowed for your account: laptop stolen") == true)
            check(
                Outcome(name: "refresh through revoked binding", status: 403, code: "machine_not_bound"),
                try await harness.send(.POST, "/api/v1/auth/refresh", json: RefreshRequest(refreshToken: terminal.refreshToken))
            )

            let web = try await harness.login("changing", client: .web)
            check(
                Outcome(name: "disable account", status: 200, code: nil),
                try await harness.send(
                    .POST, "/api/v1/admin/users/\(changing.id)/disable", token: admin.accessToken, json: ReasonRequest(reason: "left the company"))
            )
            check(
                Outcome(name: "disabled account: me", status: 403, code: "account_disabled"),
                try await harness.send(.GET, "/api/v1/me", token: web.accessToken))
            check(
                Outcome(name: "disabled account: refresh", status: 401, code: "invalid_refresh_token"),
                try await harness.send(.POST, "/api/v1/auth/refresh", json: RefreshRequest(refreshToken: web.refreshToken))
            )

            // An unknown computer is refused with its own code and leaves a request for an administrator.
            let stranger = "aa:bb:cc:dd:ee:99"
            let unknownMachine = try await harness.send(
                .POST, "/api/v1/auth/login",
                json: LoginRequest(username: "active-user", password: MasterHarness.password, client: .terminal, macs: [stranger])
            )
            check(Outcome(name: "login from unknown machine", status: 403, code: "machine_not_bound"), unknownMachine)
            #expect(
                harness.problem(unknownMachine)?.detail
                    == "this computer (\(stranger)) waits for an administrator's approval; it has been asked")
            let pending = try harness.decode([BindingView].self, try await harness.send(.GET, "/api/v1/admin/bindings", token: admin.accessToken))
            #expect(pending.contains { $0.username == "active-user" && $0.mac.description == stranger && $0.status == .pending })
            check(
                Outcome(name: "terminal login without MACs", status: 422, code: "validation_failed"),
                try await harness.send(
                    .POST, "/api/v1/auth/login",
                    json: LoginRequest(username: "active-user", password: MasterHarness.password, client: .terminal, macs: []))
            )

            // Passwords.
            check(
                Outcome(name: "wrong password", status: 401, code: "invalid_credentials"),
                try await harness.send(
                    .POST, "/api/v1/auth/login", json: LoginRequest(username: "active-user", password: "wrong-password-1", client: .web))
            )
            check(
                Outcome(name: "unknown user", status: 401, code: "invalid_credentials"),
                try await harness.send(
                    .POST, "/api/v1/auth/login", json: LoginRequest(username: "nobody-here", password: "whatever-123", client: .web))
            )

            // Forged and damaged access tokens.
            let good = try await harness.login("active-admin", client: .terminal, macs: [Self.mac])
            let forged = try await Self.forgeries(of: good.accessToken, harness: harness)
            for (name, token) in forged {
                for endpoint in Self.endpoints {
                    check(
                        Outcome(name: "\(name): \(endpoint)", status: 401, code: "invalid_token"),
                        try await harness.send(.GET, endpoint, token: token))
                }
            }
            check(Outcome(name: "no token", status: 401, code: "unauthorized"), try await harness.send(.GET, "/api/v1/me"))

            // Refresh tokens rotate; a reused one ends the whole login.
            let first = try await harness.send(.POST, "/api/v1/auth/refresh", json: RefreshRequest(refreshToken: good.refreshToken))
            check(Outcome(name: "refresh", status: 200, code: nil), first)
            let rotated = try harness.decode(TokenResponse.self, first)
            #expect(rotated.refreshToken != good.refreshToken)
            check(
                Outcome(name: "rotated access token works", status: 200, code: nil),
                try await harness.send(.GET, "/api/v1/admin/users", token: rotated.accessToken))
            check(
                Outcome(name: "refresh token reused", status: 401, code: "refresh_token_reused"),
                try await harness.send(.POST, "/api/v1/auth/refresh", json: RefreshRequest(refreshToken: good.refreshToken))
            )
            check(
                Outcome(name: "its successor after reuse", status: 401, code: "invalid_refresh_token"),
                try await harness.send(.POST, "/api/v1/auth/refresh", json: RefreshRequest(refreshToken: rotated.refreshToken))
            )
            check(
                Outcome(name: "made-up refresh token", status: 401, code: "invalid_refresh_token"),
                try await harness.send(.POST, "/api/v1/auth/refresh", json: RefreshRequest(refreshToken: "not-a-token"))
            )

            let audit = try await harness.store.audit.recent(limit: 1000, action: nil, actor: nil)
            for action in [
                "auth.login.ok", "auth.login.failed", "auth.login.refused", "binding.requested", "binding.revoked", "user.disabled",
                "auth.refresh.reused",
            ] {
                #expect(audit.contains { $0.action == action }, "audit log has no \(action)")
            }
            #expect(checked >= 60, "the matrix must cover at least 60 cases, covered \(checked)")
            print("auth matrix on \(backend): \(checked) cases checked")
        }
    }

    /// Tokens that must all be refused: tampered, expired, signed by another key, `alg: none`, HS256 keyed with the public key.
    static func forgeries(of token: String, harness: MasterHarness) async throws -> [(String, String)] {
        let parts = token.split(separator: ".").map(String.init)
        var payload = Array(parts[1])
        payload[payload.count / 2] = payload[payload.count / 2] == "A" ? "B" : "A"
        let tampered = [parts[0], String(payload), parts[2]].joined(separator: ".")

        let claims = try await harness.app.jwt.keys.verify(token, as: AccessClaims.self)
        var stale = claims
        stale.exp = .init(value: Date().addingTimeInterval(-60))
        let expired = try await harness.app.jwt.keys.sign(stale)

        let foreignKeys = await JWTKeyCollection().add(eddsa: try EdDSA.PrivateKey(curve: .ed25519))
        let foreign = try await foreignKeys.sign(claims)

        let noneHeader = Data(#"{"alg":"none","typ":"JWT"}"#.utf8).base64URL
        let algNone = [noneHeader, parts[1], ""].joined(separator: ".")

        let publicPEM = try String(contentsOfFile: TestKeys.directory + "/jwt-signing.pub", encoding: .utf8)
        let confusedKeys = await JWTKeyCollection().add(hmac: HMACKey(from: publicPEM), digestAlgorithm: .sha256)
        let confused = try await confusedKeys.sign(claims)

        return [
            ("tampered", tampered), ("expired", expired), ("foreign key", foreign), ("alg none", algNone),
            ("HS256 with public key", confused), ("garbage", "not.a.jwt"),
        ]
    }
}

extension Data {
    /// Base64url without padding, as JWTs use.
    var base64URL: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(
            of: "=", with: "")
    }
}
