import Foundation
import NcodCore
import NcodTestSupport
import Testing
import VaporTesting

@testable import NcodMaster

/// Hostile input at every route the master has (read from its router, so a new route is covered the day it is added):
/// malformed and deeply nested JSON, invalid UTF-8, oversized bodies, the wrong content type, and SQL and script payloads in every
/// free-text field and query parameter. Nothing may answer 5xx, and the database must still be whole afterwards.
@Suite("Input hardening", .serialized)
struct InputHardeningTests {
    /// Strings that break naive SQL, HTML, shells, JSON and terminals.
    static let payloads = [
        "' OR '1'='1' --", "\"; DROP TABLE users; --", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "${jndi:ldap://x/a}",
        "../../../../etc/passwd", "%00%ff", "\u{0}\u{1B}[2J", String(repeating: "長", count: 5_000), "Robert'); DELETE FROM leases;--",
    ]

    /// Every free-text field name the API reads.
    static let fields = [
        "username", "displayName", "password", "contact", "reason", "name", "nickname", "slaveName", "newPassword", "refreshToken", "token",
        "enrolmentSecret", "hubAddress", "host", "agentVersion", "kind", "role", "client", "mac", "macs", "orgUnitID", "parentID",
    ]

    static func bodies() -> [(label: String, contentType: String, bytes: [UInt8])] {
        var bodies: [(String, String, [UInt8])] = [
            ("malformed JSON", "application/json", Array(#"{"username": "a", "password": "#.utf8)),
            ("deep nesting", "application/json", Array((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8)),
            ("invalid UTF-8", "application/json", [0x7B, 0x22, 0x75, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0xFF, 0xFE, 0x22, 0x7D]),
            ("oversized", "application/json", Array(("{\"reason\":\"" + String(repeating: "x", count: 400_000) + "\"}").utf8)),
            ("wrong content type", "text/plain", Array("username=a&password=b".utf8)),
            ("JSON array", "application/json", Array("[1,2,3]".utf8)),
            ("JSON null", "application/json", Array("null".utf8)),
            ("huge number", "application/json", Array(#"{"hours": 1e999999, "limit": -99999999999999999999}"#.utf8)),
        ]
        for payload in payloads {
            let object = Dictionary(uniqueKeysWithValues: fields.map { ($0, payload) })
            let json = try! JSONSerialization.data(withJSONObject: object)
            bodies.append(("payload \(payload.prefix(12))", "application/json", Array(json)))
        }
        return bodies
    }

    @Test("no route answers 5xx to hostile bodies or query strings, signed in or not", arguments: MasterHarness.backends)
    func everyRoute(_ backend: TestBackend) async throws {
        try await MasterHarness.with(backend) { harness in
            let (_, admin) = try await harness.signedInAdmin()
            let routes = harness.app.routes.all.filter { route in
                !(route.method == .GET && route.path.map(\.description).joined(separator: "/") == "api/v1/events")  // a stream never ends
            }
            #expect(routes.count >= 40, "the router lists every route (\(routes.count))")
            var sent = 0
            var failures: [String] = []
            let query = Self.payloads.prefix(4).map { $0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "" }
            for route in routes {
                let path =
                    "/"
                    + route.path.map { component -> String in
                        switch component {
                        case .constant(let text): text
                        case .parameter: UUID().uuidString
                        default: "x"
                        }
                    }.joined(separator: "/")
                var variants: [(String, String, [UInt8])] = Self.bodies()
                if route.method == .GET || route.method == .DELETE { variants = [("no body", "", [])] }
                let queries = [""] + query.map { "?person=\($0)&action=\($0)&since=\($0)&limit=\($0)&status=\($0)&all=\($0)&force=\($0)&lang=\($0)" }
                for token in [nil, admin] {
                    for suffix in queries {
                        for (label, contentType, bytes) in variants {
                            var headers = HTTPHeaders()
                            if let token { headers.bearerAuthorization = .init(token: token) }
                            if !contentType.isEmpty { headers.replaceOrAdd(name: .contentType, value: contentType) }
                            let response = try await harness.app.testing().performTest(
                                request: TestingHTTPRequest(
                                    method: route.method, url: URI(string: path + suffix), headers: headers, body: ByteBuffer(bytes: bytes)))
                            sent += 1
                            if response.status.code >= 500 {
                                failures.append(
                                    "\(route.method) \(path)\(suffix.prefix(30)) [\(label)] → \(response.status.code) \(String(buffer: response.body).prefix(200))"
                                )
                            }
                        }
                    }
                }
            }
            print("input hardening on \(backend): \(sent) requests to \(routes.count) routes, \(failures.count) answered 5xx")
            #expect(failures.isEmpty, "\(failures.prefix(10).joined(separator: "\n"))")
            // Still whole: the admin can still log in and the tables answer.
            #expect(try await harness.send(.GET, "/api/v1/admin/users", token: admin).status == .ok)
            #expect(try await harness.store.users.find(username: "boss") != nil)
        }
    }

    @Test("a NUL character anywhere in a body or query string is a 400, on both backends", arguments: MasterHarness.backends)
    func nulCharacters(_ backend: TestBackend) async throws {
        try await MasterHarness.with(backend) { harness in
            let (department, admin) = try await harness.signedInAdmin()
            var json = HTTPHeaders()
            json.contentType = .json
            let login = try await harness.send(
                .POST, "/api/v1/auth/login", headers: json, body: #"{"username":"bo\u0000ss","password":"x","client":"terminal"}"#)
            #expect(login.status == .badRequest)
            #expect(harness.problem(login)?.detail?.contains("NUL") == true)
            let unit = try await harness.send(
                .POST, "/api/v1/admin/org-units", token: admin, headers: json,
                body: #"{"name":"Test\u0000Unit","kind":"department","parentID":"\#(department.parentID!.uuidString)"}"#)
            #expect(unit.status == .badRequest)
            let audit = try await harness.send(.GET, "/api/v1/admin/audit?person=bo%00ss", token: admin)
            #expect(audit.status == .badRequest)
            #expect(harness.problem(audit)?.detail?.contains("query string") == true)

            // A backslash written as text is not a NUL: `\\u0000` in JSON is the six characters \u0000, and is kept.
            let literal = try await harness.send(
                .POST, "/api/v1/admin/org-units", token: admin, headers: json,
                body: #"{"name":"Lab \\u0000","kind":"department","parentID":"\#(department.parentID!.uuidString)"}"#)
            #expect(literal.status == .created, "\(String(buffer: literal.body))")
            #expect(try harness.decode(OrgUnit.self, literal).name == #"Lab \u0000"#)
        }
    }

    @Test("the NUL scanners tell an escaped NUL from text that only looks like one")
    func nulScanners() {
        #expect(NULRefusingDecoder.jsonHoldsNUL(Data(#"{"a":"x\u0000"}"#.utf8)))
        #expect(NULRefusingDecoder.jsonHoldsNUL(Data(#"{"\u0000":1}"#.utf8)))
        #expect(!NULRefusingDecoder.jsonHoldsNUL(Data(#"{"a":"x\\u0000"}"#.utf8)))
        #expect(NULRefusingDecoder.jsonHoldsNUL(Data(#"{"a":"\"\\\u0000"}"#.utf8)))
        #expect(NULRefusingDecoder.jsonHoldsNUL(Data(#"{"a":"\u00001"}"#.utf8)))
        #expect(!NULRefusingDecoder.jsonHoldsNUL(Data(#"{"a":"\u0001"}"#.utf8)))
        #expect(!NULRefusingDecoder.jsonHoldsNUL(Data(#"{"a":"u0000"}"#.utf8)))
        #expect(NULRefusingDecoder.formHoldsNUL(Data("a=1&b=x%00y".utf8)))
        #expect(!NULRefusingDecoder.formHoldsNUL(Data("a=%2500&b=%0A".utf8)))
    }
}
