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
        let (location, drop) = try await TestBackend.sqlite.makeEmptyDatabase()
        let configuration = MasterConfiguration(
            host: "127.0.0.1", port: 0, database: location, keysDirectory: TestKeys.directory, corsOrigins: ["https://portal.example.com"]
        )
        let app = try await MasterApplication.make(configuration, keys: try KeyMaterial.load(configuration), logger: TestBackend.quietLogger)
        do {
            try await MasterApplication.migrate(app, location: location)
            func preflight(from origin: String) async throws -> TestingHTTPResponse {
                try await app.testing().performTest(
                    request: TestingHTTPRequest(
                        method: .OPTIONS, url: "/api/v1/auth/login",
                        headers: ["Origin": origin, "Access-Control-Request-Method": "POST"], body: ByteBuffer()
                    )
                )
            }
            let allowed = try await preflight(from: "https://portal.example.com")
            #expect(allowed.headers.first(name: .accessControlAllowOrigin) == "https://portal.example.com")
            let foreign = try await preflight(from: "https://evil.example.net")
            #expect(foreign.headers.first(name: .accessControlAllowOrigin) == nil)
            try await app.asyncShutdown()
            try await drop()
        } catch {
            try? await app.asyncShutdown()
            try? await drop()
            throw error
        }
    }
}
