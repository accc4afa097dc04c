import Foundation
import NcodCore
import NcodStore
import NcodTestSupport
import VaporTesting

@testable import NcodMaster

/// An in-process master on a fresh database of one backend, with keys from keys/generate.sh, for API tests.
struct MasterHarness {
    let app: Application
    let store: Store

    /// Every backend available here (PostgreSQL when NCOD_TEST_POSTGRES_URL is set).
    static var backends: [TestBackend] { TestBackend.allCases.filter(\.isAvailable) }

    /// The password every seeded account has.
    static let password = "correct-horse-42"
    /// Its bcrypt hash at cost 12, made once per process.
    static let passwordHash: String = try! Bcrypt.hash(password, cost: 12)

    /// Runs `body` against a migrated master on `backend`, then shuts it down and drops the database.
    /// `configure` adjusts the configuration first (CORS origins, …). With `database`, the master uses that one (shared with
    /// other masters) and leaves it in place.
    static func with(
        _ backend: TestBackend, database: DatabaseLocation? = nil, configure: (inout MasterConfiguration) -> Void = { _ in },
        _ body: (MasterHarness) async throws -> Void
    ) async throws {
        let (location, drop): (DatabaseLocation, @Sendable () async throws -> Void) =
            if let database { (database, {}) } else { try await backend.makeEmptyDatabase() }
        var configuration = MasterConfiguration(host: "127.0.0.1", port: 0, database: location, keysDirectory: TestKeys.directory)
        // The tests make many accounts and slaves from one address; the throttling tests set the limits they test.
        configuration.registerLimit = 100_000
        configuration.enrolLimit = 100_000
        configure(&configuration)
        let app = try await MasterApplication.make(configuration, keys: try KeyMaterial.load(configuration), logger: TestBackend.quietLogger)
        do {
            try await MasterApplication.migrate(app, location: location)
            app.ncod.rateLimiter = LoginRateLimiter(policy: .init(failuresPerUsername: 1000, attemptsPerAddress: 100_000))
            try await body(MasterHarness(app: app, store: Store(database: app.db)))
        } catch {
            try? await app.asyncShutdown()
            try? await drop()
            throw error
        }
        // Shut down once (a second shutdown is an assertion that ends the whole test process).
        try await app.asyncShutdown()
        try await drop()
    }

    /// Sends a request; `json` becomes the body (or `body` is sent as it is).
    func send(
        _ method: HTTPMethod, _ path: String, token: String? = nil, json: (any Encodable & Sendable)? = nil, headers extra: HTTPHeaders = [:],
        body text: String? = nil
    ) async throws -> TestingHTTPResponse {
        var headers = extra
        if let token { headers.bearerAuthorization = .init(token: token) }
        var body = ByteBuffer(string: text ?? "")
        if let json {
            headers.contentType = .json
            body = ByteBuffer(data: try NcodJSON.encoder().encode(json))
        }
        return try await app.testing().performTest(request: TestingHTTPRequest(method: method, url: URI(string: path), headers: headers, body: body))
    }

    /// Logs in and returns the tokens, or fails the test with the problem.
    func login(_ username: String, client: ClientKind, macs: [String]? = nil, password: String = MasterHarness.password) async throws -> TokenResponse
    {
        let response = try await send(
            .POST, "/api/v1/auth/login", json: LoginRequest(username: username, password: password, client: client, macs: macs))
        guard response.status == .ok else { throw HarnessError.refused(response.status.code, String(buffer: response.body)) }
        return try decode(TokenResponse.self, response)
    }

    /// Decodes a response body with the API's conventions.
    func decode<T: Decodable>(_ type: T.Type, _ response: TestingHTTPResponse) throws -> T {
        try NcodJSON.decoder().decode(type, from: Data(buffer: response.body))
    }

    /// The problem in a response body.
    func problem(_ response: TestingHTTPResponse) -> Problem? { try? decode(Problem.self, response) }

    /// A department to register people into, with its company and organisation.
    func seedOrgTree() async throws -> OrgUnit {
        let now = Date()
        let organisation = try await store.orgUnits.create(OrgUnit(id: UUID(), parentID: nil, kind: .organisation, name: "华东集团", createdAt: now))
        let company = try await store.orgUnits.create(
            OrgUnit(id: UUID(), parentID: organisation.id, kind: .company, name: "上海自动化有限公司", createdAt: now))
        return try await store.orgUnits.create(OrgUnit(id: UUID(), parentID: company.id, kind: .department, name: "地铁项目部", createdAt: now))
    }

    /// An administrator `boss` in a fresh organisation tree, logged in at the admin console: the department and the access token.
    func signedInAdmin() async throws -> (department: OrgUnit, token: String) {
        let department = try await seedOrgTree()
        try await seedUser("boss", status: .active, role: .admin, orgUnitID: department.id)
        return (department, try await login("boss", client: .adminConsole).accessToken)
    }

    /// An account with the shared password, and (optionally) an approved binding for `mac`.
    @discardableResult
    func seedUser(_ username: String, status: User.Status, role: User.Role = .user, orgUnitID: UUID? = nil, approvedMAC: String? = nil) async throws
        -> User
    {
        let now = Date()
        let user = try await store.users.create(
            User(
                id: UUID(), username: username, displayName: "用户 \(username)", contact: "\(username)@example.com", passwordHash: Self.passwordHash,
                role: role, status: status, orgUnitID: orgUnitID, createdAt: now, updatedAt: now
            )
        )
        if let approvedMAC, let mac = MACAddress(approvedMAC) {
            let binding = try await store.bindings.record(userID: user.id, mac: mac, at: now)
            _ = try await store.bindings.setStatus(binding.id, to: .approved)
        }
        return user
    }
}

/// Why the harness could not do what a test asked.
enum HarnessError: Error, CustomStringConvertible {
    case refused(UInt, String)

    var description: String {
        switch self {
        case .refused(let status, let body): "refused with \(status): \(body)"
        }
    }
}
