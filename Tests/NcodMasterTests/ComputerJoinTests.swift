import Foundation
import NcodClient
import NcodCore
import NcodMaster
import NcodTestSupport
import Testing
import Vapor
import VaporTesting

/// Issue 17: a person and their computer asked for and approved in one request; a computer proven by its own key.
@Suite("Joining: one request, one approval, a computer's own key")
struct ComputerJoinTests {
    /// A computer with its own key in a temporary folder.
    struct Laptop {
        let identity: ComputerIdentity
        let hostname: String
        let macs: [String]

        init(_ hostname: String, macs: [String]) throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ncod-key-\(UUID().uuidString)").path
            identity = try ComputerIdentity.loadOrCreate(at: folder + "/computer-key")
            self.hostname = hostname
            self.macs = macs
        }

        /// A claim signed over a fresh challenge from `harness`.
        func claim(_ harness: MasterHarness, username: String) async throws -> ComputerClaim {
            let challenge = try harness.decode(LoginChallenge.self, try await harness.send(.GET, "/api/v1/auth/challenge"))
            return try identity.claim(username: username, nonce: challenge.nonce, hostname: hostname, macs: macs)
        }

        /// A terminal login from this computer.
        func login(_ harness: MasterHarness, _ username: String) async throws -> TestingHTTPResponse {
            try await harness.send(
                .POST, "/api/v1/auth/login",
                json: LoginRequest(
                    username: username, password: MasterHarness.password, client: .terminal, computer: try await claim(harness, username: username)))
        }

        /// Where `username` and this computer stand.
        func standing(_ harness: MasterHarness, _ username: String) async throws -> Standing? {
            let response = try await harness.send(
                .POST, "/api/v1/auth/standing", json: StandingRequest(username: username, computer: try await claim(harness, username: username)))
            return response.status == .ok ? try harness.decode(Standing.self, response) : nil
        }
    }

    static func requests(_ harness: MasterHarness, _ admin: String) async throws -> [JoinRequest] {
        try harness.decode([JoinRequest].self, try await harness.send(.GET, "/api/v1/admin/requests", token: admin))
    }

    @Test("a new person registering from ncod-tui is one request with their computer; one approval lets both in", arguments: MasterHarness.backends)
    func registerAndApproveOnce(_ backend: TestBackend) async throws {
        try await MasterHarness.with(backend) { harness in
            let (department, admin) = try await harness.signedInAdmin()
            let laptop = try Laptop("laptop-sq", macs: ["3c:22:fb:00:00:01", "3c:22:fb:00:00:02"])
            let registered = try await harness.send(
                .POST, "/api/v1/auth/register",
                json: RegisterRequest(
                    username: "sun.qi", displayName: "孙琦", password: MasterHarness.password, contact: "sun.qi@example.com",
                    orgUnitID: department.id, computer: laptop.identity.unsignedClaim(hostname: laptop.hostname, macs: laptop.macs)))
            #expect(registered.status == .created)

            // One row: the new person with the computer, its name, both addresses and the key's fingerprint.
            let rows = try await Self.requests(harness, admin)
            #expect(rows.count == 1)
            let row = try #require(rows.first)
            #expect(row.isNewPerson && row.person.displayName == "孙琦")
            #expect(row.computer?.hostname == "laptop-sq" && row.computer?.macs.map(\.description) == laptop.macs)
            #expect(row.computer?.fingerprint == laptop.identity.fingerprint && row.computer?.newKey == false)

            // The person logs in meanwhile: told the account waits, no token; the standing says so without a password.
            let early = try await laptop.login(harness, "sun.qi")
            #expect(early.status == .forbidden && harness.problem(early)?.code == "account_pending")
            let waiting = try #require(try await laptop.standing(harness, "sun.qi"))
            #expect(waiting.account == .pending && waiting.computer == .waiting && !waiting.ready && waiting.hostname == "laptop-sq")
            #expect(try await Self.requests(harness, admin).count == 1, "the login added nothing: still one request")

            let approved = try harness.decode(
                JoinRequest.self, try await harness.send(.POST, "/api/v1/admin/requests/\(row.id)/approve", token: admin, json: JoinDecision()))
            #expect(approved.person.status == .active && approved.computer?.status == .approved)
            #expect(try await Self.requests(harness, admin).isEmpty)
            #expect(try await laptop.standing(harness, "sun.qi")?.ready == true)
            let login = try await laptop.login(harness, "sun.qi")
            #expect(login.status == .ok)
            let tokens = try harness.decode(TokenResponse.self, login)
            #expect(try await harness.send(.GET, "/api/v1/devices", token: tokens.accessToken).status == .ok)

            // Audited: the request, the two approvals.
            let audit = try await harness.store.audit.page(AuditQuery(person: "sun.qi", limit: 50)).events.map(\.action)
            #expect(audit.contains("user.approved") && audit.filter { $0 == "binding.approved" }.count == 2 && audit.contains("binding.requested"))
        }
    }

    @Test("a known person on a new computer, and a person registered on the web, each make one row; a part can be decided alone")
    func knownPersonAndWebRegistration() async throws {
        try await MasterHarness.with(.sqlite) { harness in
            let (department, admin) = try await harness.signedInAdmin()
            try await harness.seedUser("li.na", status: .active, orgUnitID: department.id)
            let laptop = try Laptop("pc-lina", macs: ["3c:22:fb:00:00:11"])
            let refused = try await laptop.login(harness, "li.na")
            #expect(harness.problem(refused)?.code == "machine_not_bound")
            #expect(try await laptop.standing(harness, "li.na")?.computer == .waiting)

            // Registered on the web: a person without a computer, until they log in from ncod-tui.
            let web = try await harness.send(
                .POST, "/api/v1/auth/register",
                json: RegisterRequest(
                    username: "wang.fang", displayName: "王芳", password: MasterHarness.password, contact: "wf@example.com", orgUnitID: department.id))
            #expect(web.status == .created)
            var rows = try await Self.requests(harness, admin)
            #expect(rows.count == 2)
            #expect(rows.contains { $0.person.username == "li.na" && !$0.isNewPerson && $0.computer?.hostname == "pc-lina" })
            #expect(rows.contains { $0.person.username == "wang.fang" && $0.isNewPerson && $0.computer == nil })
            let desk = try Laptop("desk-wf", macs: ["3c:22:fb:00:00:21"])
            #expect(harness.problem(try await desk.login(harness, "wang.fang"))?.code == "account_pending")
            rows = try await Self.requests(harness, admin)
            #expect(rows.count == 2, "wang.fang's computer joined her request")
            let hers = try #require(rows.first { $0.person.username == "wang.fang" })
            #expect(hers.computer?.hostname == "desk-wf")

            // The person alone, then the computer.
            let personOnly = try harness.decode(
                JoinRequest.self,
                try await harness.send(.POST, "/api/v1/admin/requests/\(hers.id)/approve", token: admin, json: JoinDecision(part: .person)))
            #expect(personOnly.person.status == .active && personOnly.computer?.status == .pending)
            let wangFang = try await desk.standing(harness, "wang.fang")
            #expect(wangFang.map { $0.account == .active && $0.computer == .waiting } == true)
            let lina = try #require(rows.first { $0.person.username == "li.na" })
            let rejected = try await harness.send(
                .POST, "/api/v1/admin/requests/\(lina.id)/reject", token: admin, json: JoinDecision(reason: "not a company laptop"))
            #expect(try harness.decode(JoinRequest.self, rejected).computer?.status == .revoked)
            let after = try await laptop.login(harness, "li.na")
            #expect(harness.problem(after)?.code == "machine_revoked" && harness.problem(after)?.detail?.contains("not a company laptop") == true)
            #expect(try await laptop.standing(harness, "li.na")?.computer == .refused)
            #expect(
                harness.problem(try await harness.send(.POST, "/api/v1/admin/requests/\(lina.id)/approve", token: admin, json: JoinDecision()))?
                    .code == "already_decided")
            let missingReason = try await harness.send(.POST, "/api/v1/admin/requests/\(hers.id)/reject", token: admin, json: JoinDecision())
            #expect(missingReason.status == .unprocessableEntity)
        }
    }

    @Test(
        "the right MAC with the wrong key does not log in; the new key waits as its own request; a copied MAC without a key is refused",
        arguments: MasterHarness.backends)
    func wrongKeyRefused(_ backend: TestBackend) async throws {
        try await MasterHarness.with(backend) { harness in
            let (department, admin) = try await harness.signedInAdmin()
            // Approved before keys existed: the first key proven on it becomes the computer's.
            try await harness.seedUser("zhao.lei", status: .active, orgUnitID: department.id, approvedMAC: "3c:22:fb:00:00:31")
            let own = try Laptop("zl-laptop", macs: ["3c:22:fb:00:00:31"])
            #expect(try await own.login(harness, "zhao.lei").status == .ok)
            let zhao = try #require(try await harness.store.users.find(username: "zhao.lei"))
            let binding = try #require(try await harness.store.bindings.list(userID: zhao.id).first)
            #expect(binding.publicKey == own.identity.publicKey)

            let copy = try Laptop("zl-laptop", macs: ["3c:22:fb:00:00:31"])
            let stolen = try await copy.login(harness, "zhao.lei")
            #expect(stolen.status == .forbidden && harness.problem(stolen)?.code == "computer_key_changed")
            let keyless = try await harness.send(
                .POST, "/api/v1/auth/login",
                json: LoginRequest(username: "zhao.lei", password: MasterHarness.password, client: .terminal, macs: ["3c:22:fb:00:00:31"]))
            #expect(keyless.status == .forbidden && harness.problem(keyless)?.code == "computer_key_required")
            #expect(try await own.login(harness, "zhao.lei").status == .ok, "the approved computer still gets in")

            let row = try #require(try await Self.requests(harness, admin).first)
            #expect(row.computer?.newKey == true && row.computer?.fingerprint == copy.identity.fingerprint && row.computer?.status == .approved)
            #expect(try await copy.standing(harness, "zhao.lei")?.computer == .newKeyWaiting)
            _ = try await harness.send(.POST, "/api/v1/admin/requests/\(row.id)/reject", token: admin, json: JoinDecision(reason: "not his"))
            #expect(try await Self.requests(harness, admin).isEmpty)
            #expect(try await own.login(harness, "zhao.lei").status == .ok, "refusing the new key keeps the approved one")
            #expect(harness.problem(try await copy.login(harness, "zhao.lei"))?.code == "computer_key_changed")

            // A reinstalled computer: approving its new key lets it in and shuts the old key out.
            let again = try #require(try await Self.requests(harness, admin).first)
            _ = try await harness.send(.POST, "/api/v1/admin/requests/\(again.id)/approve", token: admin, json: JoinDecision())
            #expect(try await copy.login(harness, "zhao.lei").status == .ok)
            #expect(harness.problem(try await own.login(harness, "zhao.lei"))?.code == "computer_key_changed")
        }
    }

    @Test("a signature over another nonce, a nonce used twice or made up, and another user's name are refused")
    func challengeChecked() async throws {
        try await MasterHarness.with(.sqlite) { harness in
            let (department, _) = try await harness.signedInAdmin()
            try await harness.seedUser("he.li", status: .active, orgUnitID: department.id)
            let laptop = try Laptop("hl", macs: ["3c:22:fb:00:00:41"])
            func login(_ claim: ComputerClaim, as username: String = "he.li") async throws -> Problem? {
                harness.problem(
                    try await harness.send(
                        .POST, "/api/v1/auth/login",
                        json: LoginRequest(username: username, password: MasterHarness.password, client: .terminal, computer: claim)))
            }
            let claim = try await laptop.claim(harness, username: "he.li")
            #expect(try await login(claim)?.code == "machine_not_bound", "the first use is fine")
            #expect(try await login(claim)?.code == "computer_unproven", "the same nonce again")
            var forged = try await laptop.claim(harness, username: "he.li")
            forged.nonce = "9999999999.AAAA.BBBB"
            #expect(try await login(forged)?.code == "computer_unproven")
            let other = try await laptop.claim(harness, username: "boss")
            #expect(try await login(other)?.code == "computer_unproven", "signed for another account")
            var unsigned = try await laptop.claim(harness, username: "he.li")
            unsigned.signature = nil
            #expect(try await login(unsigned)?.code == "computer_unproven")
            let stranger = try Laptop("x", macs: ["3c:22:fb:00:00:42"])
            #expect(try await stranger.standing(harness, "he.li") == nil, "a computer that never asked learns nothing")
        }
    }

    @Test("problem details come in Chinese to a client that asks for Chinese, field messages too; English otherwise")
    func chineseProblems() async throws {
        try await MasterHarness.with(.sqlite) { harness in
            let (department, _) = try await harness.signedInAdmin()
            let wrong = LoginRequest(username: "boss", password: "not-it-at-all", client: .terminal, macs: ["3c:22:fb:00:00:51"])
            let english = try await harness.send(.POST, "/api/v1/auth/login", json: wrong)
            #expect(harness.problem(english)?.detail == "wrong username or password")
            #expect(english.headers.first(name: .vary)?.contains("Accept-Language") == true)
            let chinese = try await harness.send(.POST, "/api/v1/auth/login", json: wrong, headers: ["Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"])
            #expect(harness.problem(chinese)?.detail == "用户名或密码错误" && harness.problem(chinese)?.code == "invalid_credentials")
            let preferEnglish = try await harness.send(.POST, "/api/v1/auth/login", json: wrong, headers: ["Accept-Language": "en;q=1, zh;q=0.5"])
            #expect(harness.problem(preferEnglish)?.detail == "wrong username or password")

            let bad = RegisterRequest(username: "x", displayName: "", password: "short", contact: "nope", orgUnitID: department.id)
            let form = try await harness.send(.POST, "/api/v1/auth/register", json: bad, headers: ["Accept-Language": "zh-CN"])
            let problem = try #require(harness.problem(form))
            #expect(problem.detail == "部分内容需要修改")
            // A refusal without words of its own in Chinese gets its code's sentence.
            let lost = try await harness.send(.GET, "/api/v1/devices", headers: ["Accept-Language": "zh-CN"])
            #expect(harness.problem(lost)?.code == "unauthorized" && harness.problem(lost)?.detail == "请先登录")
            let fields = problem.fields ?? [:]
            #expect(
                fields.count >= 3 && fields.values.allSatisfy { $0.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF } }, "\(fields)"
            )
        }
    }
}
