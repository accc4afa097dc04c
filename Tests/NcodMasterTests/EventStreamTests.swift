import AsyncHTTPClient
import Foundation
import NcodClient
import NcodCore
import NcodTestSupport
import Synchronization
import Testing
import VaporTesting

/// `GET /api/v1/events` on the real server over TLS.
@Suite("Event stream", .serialized)
struct EventStreamTests {
    /// Reads SSE frames from a streaming response into a list others can wait on.
    final class FrameReader: Sendable {
        let frames = Mutex<[SSEFrame]>([])

        func consume(_ response: HTTPClientResponse) async throws {
            var splitter = SSEFrame.Splitter()
            for try await chunk in response.body {
                for block in splitter.feed(String(buffer: chunk)) {
                    if let frame = SSEFrame(block: block) { frames.withLock { $0.append(frame) } }
                }
            }
        }

        func wait(for event: String, timeout: Duration = .seconds(5)) async throws -> SSEFrame? {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                if let frame = frames.withLock({ $0.first { $0.event == event } }) { return frame }
                try await Task.sleep(for: .milliseconds(10))
            }
            return nil
        }
    }

    static func open(_ client: HTTPClient, _ url: String, token: String, lastEventID: String? = nil) async throws -> (
        FrameReader, Task<Void, any Error>
    ) {
        var request = HTTPClientRequest(url: url + "/api/v1/events")
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Accept", value: "text/event-stream")
        if let lastEventID { request.headers.add(name: "Last-Event-ID", value: lastEventID) }
        let response = try await client.execute(request, timeout: .seconds(60))
        #expect(response.status == .ok)
        #expect(response.headers.first(name: "content-type")?.hasPrefix("text/event-stream") == true)
        let reader = FrameReader()
        let task = Task { try await reader.consume(response) }
        return (reader, task)
    }

    @Test("a change reaches a subscriber within 1 s, and a reconnect resumes after Last-Event-ID")
    func deliveryAndResumption() async throws {
        try await HeavyTests.exclusive {
            let (location, drop) = try await TestBackend.sqlite.makeEmptyDatabase()
            defer { Task { try? await drop() } }
            #expect(
                MasterCLI.run(
                    ["create-admin", "--database-url", "\(location)", "--username", "root", "--log-level", "warning"],
                    input: FleetEndToEndTests.adminPassword + "\n"
                ).status == 0)
            let server = try await MasterProcess.start(databaseURL: "\(location)")
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: MasterProcess.clientTLS()))
            do {
                let token = try await WebBrowserTests.login(client, server.url, "root", FleetEndToEndTests.adminPassword)
                let (reader, task) = try await Self.open(client, server.url, token: token)

                let secret = try String(contentsOfFile: TestKeys.directory + "/enrolment-secret", encoding: .utf8)
                let enrolled: EnrolResponse = try await WebBrowserTests.call(
                    client, .POST, server.url + "/api/v1/slaves/enrol", body: EnrolRequest(name: "box1", enrolmentSecret: secret))
                func slaveCall<T: Decodable>(_ path: String, _ body: some Encodable) async throws -> T {
                    var request = HTTPClientRequest(url: server.url + path)
                    request.method = .POST
                    request.headers.add(name: "Authorization", value: "Slave \(enrolled.credential)")
                    request.headers.add(name: "Content-Type", value: "application/json")
                    request.body = .bytes(ByteBuffer(data: try NcodJSON.encoder().encode(body)))
                    let response = try await client.execute(request, timeout: .seconds(10))
                    return try NcodJSON.decoder().decode(T.self, from: try await response.body.collect(upTo: 1 << 20))
                }
                let accepted: SlaveRegistration.Accepted = try await slaveCall(
                    "/api/v1/slaves/register", SlaveRegistration(name: "box1", host: "box1.lan", hubAddress: "box1.lan:7575", agentVersion: "0.1.0"))
                let registered = try #require(try await reader.wait(for: "slave.registered"), "no slave.registered event")

                let sent = ContinuousClock.now
                let report = SlaveReport(
                    session: accepted.session, sequence: 1, sentAt: Date(),
                    inventory: InventorySnapshot(devices: FleetAPITests.devices("box1", ["1-1.4"]), collectors: []),
                    health: FleetAPITests.Agent.health)
                let _: ReportReceipt = try await slaveCall("/api/v1/slaves/\(enrolled.slaveID)/reports", report)
                let added = try #require(try await reader.wait(for: "device.added"), "no device.added event")
                let latency = ContinuousClock.now - sent
                #expect(latency < .seconds(1), "the event took \(latency)")
                let event = try NcodJSON.decoder().decode(ChangeEvent.self, from: Data(added.data.utf8))
                #expect(event.details["vhAddress"] == "box1.114" && event.slaveID == enrolled.slaveID)
                print("event stream latency: \(latency)")
                task.cancel()

                // Reconnecting after the registration event replays what came after it.
                let (resumed, resumedTask) = try await Self.open(client, server.url, token: token, lastEventID: registered.id)
                let replayed = try #require(try await resumed.wait(for: "device.added"), "the missed event was not replayed")
                #expect(replayed.id == added.id)
                #expect(resumed.frames.withLock { $0.contains { $0.event == "slave.registered" } } == false, "nothing at or before Last-Event-ID")
                resumedTask.cancel()

                var unauthenticated = HTTPClientRequest(url: server.url + "/api/v1/events")
                unauthenticated.headers.add(name: "Accept", value: "text/event-stream")
                #expect(try await client.execute(unauthenticated, timeout: .seconds(5)).status == .unauthorized)

                // SIGTERM with a subscriber still connected: its stream ends and the master stops promptly.
                let (_, lingering) = try await Self.open(client, server.url, token: token)
                let stopping = ContinuousClock.now
                #expect(try await server.stop() == 0)
                #expect(ContinuousClock.now - stopping < .seconds(5), "an open event stream held up the shutdown")
                _ = await lingering.result
                try await client.shutdown()
            } catch {
                try? await client.shutdown()
                _ = try? await server.stop()
                throw error
            }
        }
    }

    @Test("screens hear of a lost connection once, of its return once, and reload after every (re)connection or reset")
    func news() {
        var lost = false
        let event = ChangeEvent(id: 7, kind: .device, action: "added", subjectID: UUID(), at: Date())
        let updates: [EventStreamClient.Update] = [.connected, .event(event), .disconnected("refused"), .disconnected("refused"), .connected, .reset]
        let news = updates.map { EventStreamClient.news(from: $0, lost: &lost) }
        #expect(news == [[.reload], [.event(event)], [.connectionLost], [], [.connectionBack, .reload], [.reload]])
        #expect(!lost)
    }
}
