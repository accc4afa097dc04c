import Foundation
import NcodCore
import NcodTestSupport
import NcodVHSim
import Testing
import Vapor

@testable import NcodMaster

/// `GET /openapi.yaml` is the master's contract: it names every route the router has and nothing else, it is valid OpenAPI 3.1,
/// and schemathesis, fuzzing a running site with it, finds no answer the document does not allow and no 5xx.
@Suite("OpenAPI contract", .serialized)
struct OpenAPIContractTests {
    /// The document in the repository, which the master serves from its resources.
    static let documentPath = RepositoryPaths.root + "/Sources/NcodMaster/Resources/OpenAPI/openapi.yaml"

    /// The folder with `schemathesis` and `openapi-spec-validator` (scripts/lib/deps.sh installs them), if there is one.
    static var tools: String? {
        guard let bin = ProcessInfo.processInfo.environment["NCOD_SCHEMATHESIS_BIN"],
            FileManager.default.isExecutableFile(atPath: bin + "/schemathesis")
        else { return nil }
        return bin
    }

    /// Whether the tool tests run: the tools are there, or the suite was told they must be (scripts/test installs them).
    static var toolsWanted: Bool { tools != nil || ProcessInfo.processInfo.environment["NCOD_REQUIRE_SCHEMATHESIS"] == "1" }

    /// `METHOD /path/{param}` for every operation under the document's `paths`.
    ///
    /// Reads the document's own layout (paths indented two spaces, methods four); `valid()` checks the document as a whole.
    static func operations(in document: String) -> Set<String> {
        var operations = Set<String>()
        var inPaths = false
        var path: String?
        for line in document.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.hasPrefix(" ") && !line.isEmpty { inPaths = line == "paths:" }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
            } else if let path, line.hasPrefix("    "), !line.hasPrefix("     ") {
                let key = line.trimmingCharacters(in: .whitespaces).dropLast()
                if ["get", "put", "post", "delete", "patch"].contains(String(key)) { operations.insert(key.uppercased() + " " + path) }
            }
        }
        return operations
    }

    /// `METHOD /path/{param}` of a route.
    static func operation(_ route: Route) -> String {
        let path = route.path.map { component -> String in
            switch component {
            case .constant(let text): text
            case .parameter(let name): "{\(name)}"
            case .anything: "{any}"
            case .catchall: "{path}"
            }
        }
        return route.method.rawValue + " /" + path.joined(separator: "/")
    }

    @Test("the master serves the document, and it names every route of the router and nothing else")
    func everyRouteDocumented() async throws {
        try await MasterHarness.with(.sqlite) { harness in
            let response = try await harness.send(.GET, "/openapi.yaml")
            #expect(response.status == .ok)
            #expect(response.headers.first(name: .contentType)?.hasPrefix("application/yaml") == true)
            let served = String(buffer: response.body)
            #expect(served == (try String(contentsOfFile: Self.documentPath, encoding: .utf8)), "the master serves the repository's document")

            let documented = Self.operations(in: served)
            let routed = Set(harness.app.routes.all.map(Self.operation))
            #expect(routed.subtracting(documented).isEmpty, "routes missing from the document: \(routed.subtracting(documented).sorted())")
            #expect(
                documented.subtracting(routed).isEmpty, "documented, but the router has no such route: \(documented.subtracting(routed).sorted())")
            #expect(documented.count >= 50, "\(documented.count) operations")
        }
    }

    @Test("a method a path does not answer is 405 with the methods it does answer in Allow")
    func methodNotAllowed() async throws {
        try await MasterHarness.with(.sqlite) { harness in
            let (_, admin) = try await harness.signedInAdmin()

            let put = try await harness.send(.PUT, "/api/v1/auth/login")
            #expect(put.status == .methodNotAllowed)
            #expect(put.headers.first(name: .allow) == "POST")
            #expect(harness.problem(put)?.code == "method_not_allowed")

            // A fixed path wins over `:id`, as in the router: PATCH …/enrolment-tokens is not a rename of a slave named so.
            let patch = try await harness.send(.PATCH, "/api/v1/admin/slaves/enrolment-tokens", token: admin, json: SlavePatch(name: "x"))
            #expect(patch.status == .methodNotAllowed)
            #expect(patch.headers.first(name: .allow) == "POST")

            let devices = try await harness.send(.DELETE, "/api/v1/devices")
            #expect(devices.headers.first(name: .allow) == "GET, HEAD")
            #expect(try await harness.send(.GET, "/api/v1/nowhere").status == .notFound)
            #expect(try await harness.send(.GET, "/api/v1/devices/not-an-id", token: admin).status == .badRequest)
        }
    }

    @Test("the document is valid OpenAPI 3.1", .enabled(if: toolsWanted))
    func valid() throws {
        let tools = try #require(Self.tools, "set NCOD_SCHEMATHESIS_BIN (scripts/test installs the tools)")
        let result = ProcessRunner.run(tools + "/openapi-spec-validator", [Self.documentPath])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    @Test(
        "schemathesis finds no answer of a running site that the document does not allow, and no 5xx",
        .enabled(if: toolsWanted), .timeLimit(.minutes(60)))
    func fuzz() async throws {
        let tools = try #require(Self.tools, "set NCOD_SCHEMATHESIS_BIN (scripts/test installs the tools)")
        let examples = ProcessInfo.processInfo.environment["NCOD_FUZZ_EXAMPLES"].flatMap { Int($0) } ?? 15
        let alice = SimulatedSite.Person(username: "alice", name: "Alice", mac: ConnectEndToEndTests.aliceMAC)
        let site = try await SimulatedSite.start(people: [alice], clients: [SimModel.Client(name: "alice", ip: "10.0.0.21")])
        do {
            let url = site.server.url
            let member: TokenResponse = try await WebBrowserTests.call(
                site.http, .POST, url + "/api/v1/auth/login",
                body: LoginRequest(username: "alice", password: SimulatedSite.password, client: .terminal, macs: [alice.mac]))
            let metricsToken = try String(contentsOfFile: TestKeys.directory + "/metrics-token", encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            struct SlaveState: Decodable {
                var slaveID: UUID
                var credential: String
            }
            let slave = try JSONDecoder().decode(SlaveState.self, from: Data(contentsOf: URL(fileURLWithPath: site.work + "/state/slave.json")))

            // Each security scheme of the document gets its credential; the slave operations act as box1 on box1's own id.
            let config = """
                base-url = "\(url)"
                [auth.openapi.memberToken]
                bearer = "\(member.accessToken)"
                [auth.openapi.adminToken]
                bearer = "\(site.admin)"
                [auth.openapi.metricsToken]
                bearer = "\(metricsToken)"
                [[operations]]
                include-tag = "slaves"
                headers = { Authorization = "Slave \(slave.credential)" }
                parameters = { id = "\(slave.slaveID.uuidString)" }
                """
            try config.write(toFile: site.work + "/schemathesis.toml", atomically: true, encoding: .utf8)
            // Its crash cache (for `st replay <id>` of a failure) stays with the other test artifacts.
            let artifacts = RepositoryPaths.root + "/.build/test-artifacts/schemathesis"
            try FileManager.default.createDirectory(atPath: artifacts, withIntermediateDirectories: true)
            let run = try BackgroundProcess(
                tools + "/schemathesis",
                [
                    "--config-file", site.work + "/schemathesis.toml", "--no-color", "run", url + "/openapi.yaml",
                    "--tls-verify", TestKeys.directory + "/ca.pem", "--checks", "all",
                    // Domain rules (name syntax, a known department, a password policy) are stricter than a schema can say.
                    "--exclude-checks", "positive_data_acceptance",
                    // The event stream never ends; EventStreamTests covers it.
                    "--exclude-path", "/api/v1/events",
                    // A slave's link is a stream both ways (newline-delimited JSON, which schemathesis cannot write); SlaveLinkTests
                    // covers it.
                    "--exclude-path", "/api/v1/slaves/{id}/link",
                    "--max-examples", "\(examples)", "--workers", "2", "--request-timeout", "30", "--generation-database", ":memory:",
                    "--report", "junit", "--report-junit-path", artifacts + "/junit.xml",
                ],
                environment: ["HOME": site.work, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"],
                captureStandardOutput: true, currentDirectory: artifacts)
            let status = try await run.waitForExit(timeout: .seconds(3600))
            let output = run.stdoutLines
            let cases = output.first { $0.contains(" generated, ") }?.trimmingCharacters(in: .whitespaces) ?? "no summary"
            let operations = output.first { $0.contains("Tested:") }?.trimmingCharacters(in: .whitespaces) ?? "?"
            let seed = output.first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("Seed:") }?.trimmingCharacters(in: .whitespaces) ?? ""
            print("openapi fuzz (schemathesis, \(examples) examples per operation, operations \(operations)): \(cases); \(seed)")
            #expect(
                status == 0, "schemathesis:\n\(output.suffix(150).joined(separator: "\n"))\n\(run.stderrLines.suffix(20).joined(separator: "\n"))")
            let generated = cases.split(separator: " ").first.flatMap { Int($0) } ?? 0
            #expect(generated >= examples * 40, "schemathesis generated \(generated) cases")
            let faults = site.server.process.stderrLines.filter { $0.contains("\"msg\":\"request failed\"") }
            #expect(faults.isEmpty, "the master logged server faults:\n\(faults.prefix(5).joined(separator: "\n"))")
            try await site.stop()
        } catch {
            await site.abort()
            throw error
        }
    }
}
