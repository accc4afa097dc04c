import Foundation
import NcodClient
import NcodCore
import NcodTestSupport
import Testing
import Vapor
import VaporTesting

@testable import NcodMaster

/// The device list answers only what changed: an entity tag, 304 while it holds, and a gzip copy made once per change.
@Suite("Device list: ETag, 304 and gzip")
struct DeviceListCachingTests {
    @Test(
        "304 while nothing changed; a change, or the caller's own lease, makes a new tag; gzip unpacks to the same list",
        arguments: MasterHarness.backends)
    func conditionalAndCompressed(_ backend: TestBackend) async throws {
        try await MasterHarness.with(backend) { harness in
            let (_, devices) = try await LeaseAPITests.world(harness)
            let (_, ada) = try await LeaseAPITests.member(harness, "ada")
            let (_, bob) = try await LeaseAPITests.member(harness, "bobby")

            let first = try await harness.send(.GET, "/api/v1/devices", token: ada)
            #expect(first.status == .ok)
            let tag = try #require(first.headers.first(name: .eTag))
            #expect(first.headers.first(name: .cacheControl) == "private, no-cache")
            let again = try await harness.send(.GET, "/api/v1/devices", token: ada, headers: ["If-None-Match": tag])
            #expect(again.status == .notModified && again.body.readableBytes == 0 && again.headers.first(name: .eTag) == tag)

            // Compressed: a different tag (another representation), the same list inside; and 304 for it too.
            let zipped = try await harness.send(.GET, "/api/v1/devices", token: ada, headers: ["Accept-Encoding": "br, gzip;q=0.9"])
            #expect(zipped.headers.first(name: .contentEncoding) == "gzip")
            let zipTag = try #require(zipped.headers.first(name: .eTag))
            #expect(zipTag != tag)
            #expect(try Self.gunzip(zipped.body) == Array(buffer: first.body))
            #expect(zipped.body.readableBytes < first.body.readableBytes)
            let zippedAgain = try await harness.send(
                .GET, "/api/v1/devices", token: ada, headers: ["Accept-Encoding": "gzip", "If-None-Match": "\"other\", \(zipTag)"])
            #expect(zippedAgain.status == .notModified)

            // Bob takes a device: Ada's tag no longer holds, and Bob's list (his own lease in it) has a tag of its own.
            let taken = try await harness.send(.POST, "/api/v1/devices/\(devices[0].id)/lease", token: bob)
            #expect(taken.status == .created)
            let changed = try await harness.send(.GET, "/api/v1/devices", token: ada, headers: ["If-None-Match": tag])
            #expect(changed.status == .ok)
            let newTag = try #require(changed.headers.first(name: .eTag))
            #expect(newTag != tag)
            let held = try harness.decode([DeviceView].self, changed).first { $0.id == devices[0].id }
            #expect(held?.heldBy != nil && held?.heldByMe == false)
            let bobs = try await harness.send(.GET, "/api/v1/devices", token: bob, headers: ["If-None-Match": newTag])
            #expect(bobs.status == .ok, "Bob's list says the lease is his: Ada's tag must not stand for it")
            #expect(try harness.decode([DeviceView].self, bobs).first { $0.id == devices[0].id }?.heldByMe == true)
        }
    }

    @Test("a list longer than the pieces it is sent in arrives whole, with its length, plain and compressed")
    func longListArrivesWhole() async throws {
        try await MasterHarness.with(.sqlite) { harness in
            for box in ["box1", "box2", "box3"] {
                var agent = try await FleetAPITests.Agent.enrol(harness, name: box)
                _ = try await agent.register(name: box)
                _ = try await agent.report(FleetAPITests.devices(box, (1...10).flatMap { hub in (1...10).map { "1-\(hub).\($0)" } }))
            }
            let (_, ada) = try await LeaseAPITests.member(harness, "ada")
            let plain = try await harness.send(.GET, "/api/v1/devices", token: ada)
            #expect(plain.status == .ok)
            #expect(plain.body.readableBytes > 2 * Response.Body.pacedPiece, "300 devices should take several pieces")
            #expect(plain.headers.first(name: .contentLength) == String(plain.body.readableBytes))
            let listed = try harness.decode([DeviceView].self, plain)
            #expect(listed.count == 300 && Set(listed.map(\.id)).count == 300)
            #expect(listed.map(\.slaveName) == listed.map(\.slaveName).sorted(), "the pieces came out of order")

            let zipped = try await harness.send(.GET, "/api/v1/devices", token: ada, headers: ["Accept-Encoding": "gzip"])
            #expect(zipped.headers.first(name: .contentLength) == String(zipped.body.readableBytes))
            #expect(try Self.gunzip(zipped.body) == Array(buffer: plain.body))
        }
    }

    @Test(
        "the terminal programs' client keeps the list: asked again unchanged it is a 304 and the kept copy; a change comes in full; ncod-admin's too"
    )
    func clientKeepsTheList() async throws {
        let site = try await SimulatedSite.start(
            people: [
                SimulatedSite.Person(username: "alice", name: "Alice Zhang", mac: "02:00:00:00:00:a1"),
                SimulatedSite.Person(username: "bob", name: "王磊", mac: "02:00:00:00:00:b1"),
            ],
            clients: [])
        let alice = MasterAPIClient(baseURL: site.server.url, caFile: TestKeys.directory + "/ca.pem")
        let bob = MasterAPIClient(baseURL: site.server.url, caFile: TestKeys.directory + "/ca.pem")
        do {
            try await alice.login(LoginRequest(username: "alice", password: SimulatedSite.password, client: .terminal, macs: ["02:00:00:00:00:a1"]))
            try await bob.login(LoginRequest(username: "bob", password: SimulatedSite.password, client: .terminal, macs: ["02:00:00:00:00:b1"]))
            var list: [DeviceView] = []
            for _ in 0..<100 where list.isEmpty {
                list = try await alice.devices()
                if list.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(!list.isEmpty, "the simulated slave's devices never showed up")
            let reused = await alice.deviceListReuses
            #expect(try await alice.devices() == list)
            #expect(await alice.deviceListReuses == reused + 1, "the unchanged list came again instead of a 304")

            _ = try await bob.takeLease(deviceID: list[0].id)
            let changed = try await alice.devices()
            #expect(await alice.deviceListReuses == reused + 1)
            #expect(changed.first { $0.id == list[0].id }?.heldBy == "王磊")

            // ncod-admin's list of every device is kept the same way.
            let admin = MasterAPIClient(baseURL: site.server.url, caFile: TestKeys.directory + "/ca.pem")
            try await admin.login(LoginRequest(username: "root", password: FleetEndToEndTests.adminPassword, client: .adminConsole))
            let all = try await admin.allDevices()
            #expect(all.count >= list.count)
            #expect(try await admin.allDevices() == all)
            #expect(await admin.deviceListReuses == 1, "the administrator's unchanged list came again instead of a 304")
            await admin.shutdown()
            await alice.shutdown()
            await bob.shutdown()
            try await site.stop()
        } catch {
            await alice.shutdown()
            await bob.shutdown()
            await site.abort()
            throw error
        }
    }

    /// The bytes a gzip body stands for (the system's gzip, as a client would use).
    static func gunzip(_ body: ByteBuffer) throws -> [UInt8] {
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("ncod-list-\(UUID().uuidString).gz").path
        defer { try? FileManager.default.removeItem(atPath: input) }
        try Data(buffer: body).write(to: URL(fileURLWithPath: input))
        let result = ProcessRunner.run("/bin/gzip", ["-dc", input])
        #expect(result.status == 0, "\(result.stderr)")
        return Array(result.stdout.utf8)
    }
}
