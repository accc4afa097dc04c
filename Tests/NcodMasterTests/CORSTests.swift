import Foundation
import NcodCore
import NcodTestSupport
import Testing
import VaporTesting

@testable import NcodMaster

/// Browsers may call the API only from the configured origins.
@Suite("CORS")
struct CORSTests {
    @Test("a configured origin is admitted, any other is not")
    func origins() async throws {
        try await MasterHarness.with(.sqlite, configure: { $0.corsOrigins = ["https://portal.example.com"] }) { harness in
            func preflight(from origin: String) async throws -> TestingHTTPResponse {
                try await harness.send(.OPTIONS, "/api/v1/auth/login", headers: ["Origin": origin, "Access-Control-Request-Method": "POST"])
            }
            let allowed = try await preflight(from: "https://portal.example.com")
            #expect(allowed.headers.first(name: .accessControlAllowOrigin) == "https://portal.example.com")
            #expect(allowed.headers[.vary].contains { $0.contains("Origin") }, "an answer naming an origin varies by origin")
            let answer = try await harness.send(.GET, "/api/v1/org-units", headers: ["Origin": "https://portal.example.com"])
            #expect(answer.headers.first(name: .accessControlAllowOrigin) == "https://portal.example.com")
            #expect(answer.headers[.vary].contains { $0.contains("Origin") })
            let foreign = try await preflight(from: "https://evil.example.net")
            #expect(foreign.headers.first(name: .accessControlAllowOrigin) == nil)
        }
    }
}
