import Foundation
import NcodCore
import NcodTestSupport
import Testing
import VaporTesting

@testable import NcodMaster

/// Registration, approval and the other administrator actions, through the HTTP API.
@Suite("Accounts API", .serialized)
struct AccountAPITests {
    @Test("registration creates a pending account that sees only itself, with every field checked", arguments: MasterHarness.backends)
    func registration(_ backend: TestBackend) async throws {
        try await MasterHarness.with(backend) { harness in
            let department = try await harness.seedOrgTree()
            let tree = try harness.decode([OrgUnitNode].self, try await harness.send(.GET, "/api/v1/org-units"))
            #expect(tree.first?.name == "华东集团")
            #expect(tree.first?.children.first?.children.first?.id == department.id)

            let bad = try await harness.send(
                .POST, "/api/v1/auth/register",
                json: RegisterRequest(username: "1x", displayName: " ", password: "short", contact: "not a contact", orgUnitID: tree[0].id)
            )
            #expect(bad.status == .unprocessableEntity)
            let fields = try #require(harness.problem(bad)?.fields)
            #expect(Set(fields.keys) == ["username", "displayName", "password", "contact", "orgUnitID"])
            #expect(fields["orgUnitID"] == "choose your project department from the organisation tree")

            let created = try await harness.send(
                .POST, "/api/v1/auth/register",
                json: RegisterRequest(
                    username: "Zhang.Wei", displayName: "张伟", password: "长城 password 1", contact: "+86 138 0013 8000", orgUnitID: department.id)
            )
            #expect(created.status == .created)
            let profile = try harness.decode(UserProfile.self, created)
            #expect(profile.username == "zhang.wei")
            #expect(profile.status == .pending)
            #expect(profile.orgUnitPath.map(\.name) == ["华东集团", "上海自动化有限公司", "地铁项目部"])
            #expect(!String(buffer: created.body).contains("$2b$"), "a profile never carries the password hash")
            let stored = try #require(try await harness.store.users.find(username: "zhang.wei"))
            #expect(stored.passwordHash.hasPrefix("$2b$12$"), "bcrypt with cost 12")

            let twice = try await harness.send(
                .POST, "/api/v1/auth/register",
                json: RegisterRequest(
                    username: "ZHANG.WEI", displayName: "张伟", password: "another pass 2", contact: "zw@example.com", orgUnitID: department.id)
            )
            #expect(harness.problem(twice)?.fields?["username"] == "the username 'zhang.wei' is taken; choose another")

            let web = try await harness.login("zhang.wei", client: .web, password: "长城 password 1")
            #expect(web.user.status == .pending)
            let me = try harness.decode(UserProfile.self, try await harness.send(.GET, "/api/v1/me", token: web.accessToken))
            #expect(me.displayName == "张伟")
            let audit = try await harness.store.audit.recent(limit: 10, action: "user.registered", actor: nil)
            #expect(audit.first?.subject == "user:zhang.wei")
        }
    }

    @Test(
        "names, contacts and reasons: no control, zero-width or direction characters, lengths counted in scalars, trimmed once",
        arguments: MasterHarness.backends)
    func textHygiene(_ backend: TestBackend) async throws {
        try await MasterHarness.with(backend) { harness in
            let department = try await harness.seedOrgTree()
            func register(_ name: String, contact: String = "ok@example.com") async throws -> [String: String]? {
                harness.problem(
                    try await harness.send(
                        .POST, "/api/v1/auth/register",
                        json: RegisterRequest(
                            username: "u\(UUID().uuidString.prefix(6).lowercased())", displayName: name, password: "a fine pass 1", contact: contact,
                            orgUnitID: department.id)))?.fields
            }
            #expect(try await register("\u{200B}")?["displayName"] != nil, "a name of only a zero-width space")
            #expect(try await register("Zhang\u{202E}gnahZ")?["displayName"] != nil, "a bidi override")
            #expect(try await register("a" + String(repeating: "\u{0301}", count: 100_000))?["displayName"] != nil, "one letter, 100,000 marks")
            #expect(try await register("张伟", contact: "zw\u{1B}]0;pwned\u{07}@example.com")?["contact"] != nil, "an OSC sequence")
            #expect(try await register("张伟", contact: "zw@exam\u{7F}ple.com")?["contact"] != nil, "DEL")
            #expect(try await register("张伟", contact: "zw@exam\u{85}ple.com")?["contact"] != nil, "C1")
            #expect(try await register("  张伟  ") == nil, "spaces around are trimmed, once")
            let stored = try await harness.store.users.list(status: .pending).map(\.displayName)
            #expect(stored == ["张伟"])

            // Reasons an administrator gives are shown to people later: capped, and clean.
            try await harness.seedUser("boss", status: .active, role: .admin)
            let admin = try await harness.login("boss", client: .adminConsole).accessToken
            let target = try await harness.seedUser("victim", status: .active)
            let long = try await harness.send(
                .POST, "/api/v1/admin/users/\(target.id)/disable", token: admin, json: ReasonRequest(reason: String(repeating: "x", count: 100_000)))
            #expect(harness.problem(long)?.fields?["reason"] == "the reason must have at most 500 characters")
            let escape = try await harness.send(
                .POST, "/api/v1/admin/users/\(target.id)/disable", token: admin, json: ReasonRequest(reason: "bye\u{1B}[2J"))
            #expect(escape.status == .unprocessableEntity)
            #expect(try await harness.store.users.find(target.id)?.status == .active, "nothing changed")
        }
    }

    @Test("hostile names are stored and returned verbatim", arguments: MasterHarness.backends)
    func hostileNames(_ backend: TestBackend) async throws {
        try await MasterHarness.with(backend) { harness in
            let department = try await harness.seedOrgTree()
            let names = ["<script>alert('x')</script>", "Robert'); DROP TABLE users;--", "\"><img src=x onerror=alert(1)>"]
            for (index, name) in names.enumerated() {
                let response = try await harness.send(
                    .POST, "/api/v1/auth/register",
                    json: RegisterRequest(
                        username: "hostile\(index)", displayName: name, password: "hostile pass \(index)", contact: "h\(index)@example.com",
                        orgUnitID: department.id)
                )
                #expect(response.status == .created)
                #expect(try harness.decode(UserProfile.self, response).displayName == name)
            }
            try await harness.seedUser("boss", status: .active, role: .admin, approvedMAC: "aa:bb:cc:dd:ee:01")
            let admin = try await harness.login("boss", client: .adminConsole)
            let listed = try harness.decode(
                [UserProfile].self, try await harness.send(.GET, "/api/v1/admin/users?status=pending", token: admin.accessToken))
            #expect(listed.map(\.displayName).sorted() == names.sorted())
            #expect(try await harness.store.users.list(status: nil).count == 4, "the users table survived")
        }
    }

    @Test("administrators approve, reject, disable, re-enable, move and reset, each audited with actor and reason", arguments: MasterHarness.backends)
    func adminActions(_ backend: TestBackend) async throws {
        try await MasterHarness.with(backend) { harness in
            let department = try await harness.seedOrgTree()
            try await harness.seedUser("boss", status: .active, role: .admin)
            let alice = try await harness.seedUser("alice", status: .pending, orgUnitID: department.id)
            let bob = try await harness.seedUser("bob", status: .pending, orgUnitID: department.id)
            let admin = try await harness.login("boss", client: .adminConsole)
            let token = admin.accessToken

            let approved = try await harness.send(
                .POST, "/api/v1/admin/users/\(alice.id)/approve", token: token, json: ReasonRequest(reason: "employee"))
            #expect(try harness.decode(UserProfile.self, approved).status == .active)
            let noReason = try await harness.send(.POST, "/api/v1/admin/users/\(bob.id)/reject", token: token, json: ReasonRequest())
            #expect(harness.problem(noReason)?.fields?["reason"] == "give a reason")
            let rejected = try await harness.send(.POST, "/api/v1/admin/users/\(bob.id)/reject", token: token, json: ReasonRequest(reason: "不是员工"))
            #expect(try harness.decode(UserProfile.self, rejected).statusReason == "不是员工")
            let bobLogin = try await harness.send(
                .POST, "/api/v1/auth/login", json: LoginRequest(username: "bob", password: MasterHarness.password, client: .web))
            #expect(harness.problem(bobLogin)?.detail == "your registration was rejected: 不是员工; ask an administrator")

            let wrongTransition = try await harness.send(
                .POST, "/api/v1/admin/users/\(alice.id)/reject", token: token, json: ReasonRequest(reason: "x"))
            #expect(wrongTransition.status == .conflict)
            #expect(harness.problem(wrongTransition)?.detail == "'alice' is active; only pending accounts can become rejected")

            let disabled = try await harness.send(
                .POST, "/api/v1/admin/users/\(alice.id)/disable", token: token, json: ReasonRequest(reason: "on leave"))
            #expect(try harness.decode(UserProfile.self, disabled).status == .disabled)
            let enabled = try await harness.send(.POST, "/api/v1/admin/users/\(alice.id)/enable", token: token)
            #expect(try harness.decode(UserProfile.self, enabled).status == .active)
            let selfDisable = try await harness.send(
                .POST, "/api/v1/admin/users/\(admin.user.id)/disable", token: token, json: ReasonRequest(reason: "oops"))
            #expect(selfDisable.status == .conflict)

            let promoted = try await harness.send(
                .PATCH, "/api/v1/admin/users/\(alice.id)", token: token, json: UserPatch(role: .admin, reason: "team lead"))
            #expect(try harness.decode(UserProfile.self, promoted).role == .admin)

            let reset = try await harness.send(
                .POST, "/api/v1/admin/users/\(alice.id)/reset-password", token: token, json: PasswordReset(reason: "forgot it"))
            let temporary = try #require(try harness.decode(PasswordReset.Result.self, reset).temporaryPassword)
            #expect(temporary.count == 16)
            _ = try await harness.login("alice", client: .web, password: temporary)
            let oldPassword = try await harness.send(
                .POST, "/api/v1/auth/login", json: LoginRequest(username: "alice", password: MasterHarness.password, client: .web))
            #expect(oldPassword.status == .unauthorized)

            let events = try await harness.store.audit.recent(limit: 100, action: nil, actor: "boss")
            let byAction = Dictionary(events.map { ($0.action, $0) }, uniquingKeysWith: { first, _ in first })
            #expect(byAction["user.approved"]?.details["reason"] == "employee")
            #expect(byAction["user.rejected"]?.details["reason"] == "不是员工")
            #expect(byAction["user.disabled"]?.subject == "user:alice")
            #expect(byAction["user.updated"]?.details["role"] == "user → admin")
            #expect(byAction["user.password_reset"]?.details["reason"] == "forgot it")
            #expect(byAction["user.enabled"] != nil)
        }
    }

    @Test("the organisation tree is kept by administrators, refusing to delete a unit that has people", arguments: MasterHarness.backends)
    func orgTree(_ backend: TestBackend) async throws {
        try await MasterHarness.with(backend) { harness in
            try await harness.seedUser("boss", status: .active, role: .admin)
            let token = try await harness.login("boss", client: .adminConsole).accessToken
            func create(_ name: String, _ kind: OrgUnit.Kind, under parent: UUID?) async throws -> OrgUnit {
                let response = try await harness.send(
                    .POST, "/api/v1/admin/org-units", token: token, json: OrgUnitChange(name: name, kind: kind, parentID: parent))
                #expect(response.status == .created, "\(String(buffer: response.body))")
                return try harness.decode(OrgUnit.self, response)
            }
            let group = try await create("华南集团", .organisation, under: nil)
            let shenzhen = try await create("深圳公司", .company, under: group.id)
            let guangzhou = try await create("广州公司", .company, under: group.id)
            let port = try await create("港口项目部", .department, under: shenzhen.id)

            let misplaced = try await harness.send(
                .POST, "/api/v1/admin/org-units", token: token, json: OrgUnitChange(name: "错", kind: .department, parentID: group.id))
            #expect(misplaced.status == .unprocessableEntity)

            let renamed = try await harness.send(
                .PATCH, "/api/v1/admin/org-units/\(port.id)", token: token, json: OrgUnitChange(name: "南沙港项目部", parentID: guangzhou.id))
            let moved = try harness.decode(OrgUnit.self, renamed)
            #expect(moved.name == "南沙港项目部")
            #expect(moved.parentID == guangzhou.id)

            try await harness.seedUser("worker", status: .active, orgUnitID: port.id)
            let refused = try await harness.send(.DELETE, "/api/v1/admin/org-units/\(port.id)", token: token)
            #expect(refused.status == .conflict)
            #expect(harness.problem(refused)?.detail == "'南沙港项目部' still has 1 member(s)")
            #expect(try await harness.send(.DELETE, "/api/v1/admin/org-units/\(shenzhen.id)", token: token).status == .noContent)
            let actions = Set(try await harness.store.audit.recent(limit: 50, action: nil, actor: "boss").map(\.action))
            #expect(actions.isSuperset(of: ["org_unit.created", "org_unit.renamed", "org_unit.moved", "org_unit.deleted"]))
        }
    }

    @Test("repeated failed logins are throttled with Retry-After and audited")
    func throttling() async throws {
        try await MasterHarness.with(.sqlite) { harness in
            harness.app.ncod.rateLimiter = LoginRateLimiter()
            try await harness.seedUser("target", status: .active)
            for _ in 0..<5 {
                let wrong = try await harness.send(
                    .POST, "/api/v1/auth/login", json: LoginRequest(username: "target", password: "guess-guess-1", client: .web))
                #expect(wrong.status == .unauthorized)
            }
            let blocked = try await harness.send(
                .POST, "/api/v1/auth/login", json: LoginRequest(username: "target", password: MasterHarness.password, client: .web))
            #expect(blocked.status == .tooManyRequests)
            #expect(harness.problem(blocked)?.code == "too_many_attempts")
            #expect(Int(blocked.headers.first(name: "Retry-After") ?? "") ?? 0 > 0)
            #expect(try await harness.store.audit.recent(limit: 10, action: "auth.login.failed", actor: "target").count == 5)
            #expect(try await harness.store.audit.recent(limit: 10, action: "auth.login.throttled", actor: "target").count == 1)
        }
    }

    @Test("guesses sent all at once are counted before the password is checked: 25 at once, at most 5 checked")
    func concurrentGuesses() async throws {
        try await MasterHarness.with(.sqlite) { harness in
            harness.app.ncod.rateLimiter = LoginRateLimiter()
            try await harness.seedUser("target", status: .active)
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for _ in 0..<25 {
                    group.addTask {
                        try await harness.send(
                            .POST, "/api/v1/auth/login", json: LoginRequest(username: "target", password: "guess-guess-1", client: .web)
                        ).status.code
                    }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 401 }.count == 5, "\(statuses)")
            #expect(statuses.filter { $0 == 429 }.count == 20)
            #expect(try await harness.store.audit.recent(limit: 50, action: "auth.login.failed", actor: "target").count == 5)
            #expect(
                try await harness.store.audit.recent(limit: 50, action: "auth.login.throttled", actor: "target").count == 1,
                "20 refusals, one audit row")
        }
    }

    @Test("an access token dies with its login: logout, a reused refresh token, a password reset, a web logout")
    func tokensDieWithTheirLogin() async throws {
        try await MasterHarness.with(.sqlite) { harness in
            try await harness.seedUser("boss", status: .active, role: .admin)
            try await harness.seedUser("li.na", status: .active)
            func me(_ token: String) async throws -> (UInt, String?) {
                let response = try await harness.send(.GET, "/api/v1/me", token: token)
                return (response.status.code, harness.problem(response)?.code)
            }
            // Logout ends the login: its access token is refused at once, not in 15 minutes.
            let first = try await harness.login("li.na", client: .web)
            #expect(try await me(first.accessToken).0 == 200)
            #expect(try await harness.send(.POST, "/api/v1/auth/logout", json: RefreshRequest(refreshToken: first.refreshToken)).status == .noContent)
            #expect(try await me(first.accessToken) == (401, "login_ended"))

            // A refresh token used twice ends the whole login: the newest access token too.
            let second = try await harness.login("li.na", client: .web)
            let renewed = try harness.decode(
                TokenResponse.self, try await harness.send(.POST, "/api/v1/auth/refresh", json: RefreshRequest(refreshToken: second.refreshToken)))
            #expect(try await me(renewed.accessToken).0 == 200)
            let reused = try await harness.send(.POST, "/api/v1/auth/refresh", json: RefreshRequest(refreshToken: second.refreshToken))
            #expect(harness.problem(reused)?.code == "refresh_token_reused")
            #expect(try await me(renewed.accessToken) == (401, "login_ended"))
            #expect(try await me(second.accessToken) == (401, "login_ended"))

            // An administrator's password reset ends every login of the account.
            let third = try await harness.login("li.na", client: .web)
            let admin = try await harness.login("boss", client: .adminConsole).accessToken
            let target = try #require(try await harness.store.users.find(username: "li.na"))
            #expect(
                try await harness.send(.POST, "/api/v1/admin/users/\(target.id)/reset-password", token: admin, json: PasswordReset()).status == .ok)
            #expect(try await me(third.accessToken) == (401, "login_ended"))

            // The web session: after /logout, a copy of the session cookie opens neither /me nor the API.
            let csrf = try await WebPageTests.csrfToken(harness)
            try await harness.seedUser("wang.fang", status: .active)
            let login = try await harness.send(
                .POST, "/login", headers: ["Content-Type": "application/x-www-form-urlencoded", "Cookie": "ncod_csrf=\(csrf)"],
                body: "username=wang.fang&password=\(MasterHarness.password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&csrf=\(csrf)")
            let session = try #require(login.headers.setCookie?["ncod_session"]?.string, "\(String(buffer: login.body))")
            #expect(try await harness.send(.GET, "/me", headers: ["Cookie": "ncod_session=\(session)"]).status == .ok)
            let out = try await harness.send(
                .POST, "/logout", headers: ["Content-Type": "application/x-www-form-urlencoded", "Cookie": "ncod_session=\(session); ncod_csrf=\(csrf)"],
                body: "csrf=\(csrf)")
            #expect(out.status == .seeOther || out.status == .found)
            #expect(try await harness.send(.GET, "/me", headers: ["Cookie": "ncod_session=\(session)"]).status != .ok)
            #expect(try await me(session) == (401, "login_ended"))
        }
    }

    @Test("registrations and enrolments are throttled per address; a flood of refusals writes two audit rows, not one each")
    func addressThrottle() async throws {
        try await MasterHarness.with(.sqlite, configure: { $0.registerLimit = 3; $0.enrolLimit = 2 }) { harness in
            let department = try await harness.seedOrgTree()
            func register(_ index: Int) async throws -> TestingHTTPResponse {
                try await harness.send(
                    .POST, "/api/v1/auth/register",
                    json: RegisterRequest(
                        username: "flood\(index)", displayName: "Flood \(index)", password: "flood pass \(index)", contact: "f\(index)@example.com",
                        orgUnitID: department.id))
            }
            for index in 0..<3 { #expect(try await register(index).status == .created) }
            var refused: [TestingHTTPResponse] = []
            for index in 3..<40 { refused.append(try await register(index)) }
            #expect(refused.allSatisfy { $0.status == .tooManyRequests && Int($0.headers.first(name: "Retry-After") ?? "") ?? 0 > 0 })
            #expect(try await harness.store.users.list(status: .pending).count == 3, "no bcrypt, no account for a refused registration")
            #expect(try await harness.store.audit.recent(limit: 100, action: "user.register.throttled", actor: nil).count == 1, "one row for 37")

            for _ in 0..<2 {
                _ = try await harness.send(.POST, "/api/v1/slaves/enrol", json: EnrolRequest(name: "guess", enrolmentSecret: "guess-guess-guess"))
            }
            let throttled = try await harness.send(
                .POST, "/api/v1/slaves/enrol", json: EnrolRequest(name: "box1", enrolmentSecret: FleetAPITests.enrolmentSecret))
            #expect(throttled.status == .tooManyRequests, "even the right secret waits once the address is over its limit")
        }
    }

    @Test("bad input gets a problem document, never a crash")
    func badInput() async throws {
        try await MasterHarness.with(.sqlite) { harness in
            var headers = HTTPHeaders()
            headers.contentType = .json
            let malformed = try await harness.app.testing().performTest(
                request: TestingHTTPRequest(method: .POST, url: "/api/v1/auth/login", headers: headers, body: ByteBuffer(string: #"{"username": "#))
            )
            #expect(malformed.status == .badRequest)
            #expect(malformed.headers.contentType?.description == Problem.mediaType)
            #expect(harness.problem(malformed)?.code == "invalid_request")

            let badID = try await harness.send(.GET, "/api/v1/admin/users/not-a-uuid", token: nil)
            #expect(badID.status == .unauthorized, "authentication is checked before anything else")
        }
    }
}
