import AsyncHTTPClient
import Foundation
import NcodClient
import NcodCore
import NcodTestSupport
import Synchronization
import Testing
import VaporTesting

@testable import NcodMaster

/// `GET /api/v1/events` on the real server over TLS.
@Suite("Event stream", .serialized)
struct EventStreamTests {
    /// A value several tasks read and change.
    final class Shared<Value: Sendable>: Sendable {
        private let lock: Mutex<Value>
        init(_ value: Value) { lock = Mutex(value) }
        var value: Value { lock.withLock { $0 } }
        func change(_ body: (inout Value) -> Void) { lock.withLock { body(&$0) } }
    }

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

    /// A real master on a new SQLite database with the administrator `root`, and a client trusting its CA, given to `body`, which
    /// shuts both down itself; on a failure they are shut down here.
    static func withRootServer(_ body: (MasterProcess, HTTPClient) async throws -> Void) async throws {
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
                try await body(server, client)
            } catch {
                try? await client.shutdown()
                _ = try? await server.stop()
                throw error
            }
        }
    }

    @Test("a change reaches a subscriber within 1 s, and a reconnect resumes after Last-Event-ID")
    func deliveryAndResumption() async throws {
        try await Self.withRootServer { server, client in
            let token = try await WebBrowserTests.login(client, server.url, "root", FleetEndToEndTests.adminPassword)
            let (reader, task) = try await Self.open(client, server.url, token: token)
            // Before any event, the stream says where it stands: the id a client that breaks off now resumes from.
            let deadline = ContinuousClock.now + .seconds(5)
            while reader.frames.withLock({ $0.isEmpty }) && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
            let opening = try #require(reader.frames.withLock { $0.first }, "the stream said nothing")
            #expect(opening.id != nil && opening.data.isEmpty && opening.event == "message", "\(opening)")

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
            // Resuming from the opening's id replays everything since the first stream opened.
            let (fromOpening, fromOpeningTask) = try await Self.open(client, server.url, token: token, lastEventID: opening.id)
            #expect(try await fromOpening.wait(for: "device.added") != nil)
            #expect(fromOpening.frames.withLock { $0.contains { $0.event == "slave.registered" } }, "the first event after the opening")
            #expect(fromOpening.frames.withLock { $0.first?.id } == opening.id, "a complete resumption stands where it was asked to")
            fromOpeningTask.cancel()

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
        }
    }

    @Test("on the real server, an open stream ends with event: closed within 5 s of its login ending")
    func closesOnLogout() async throws {
        try await Self.withRootServer { server, client in
            let tokens: TokenResponse = try await WebBrowserTests.call(
                client, .POST, server.url + "/api/v1/auth/login",
                body: LoginRequest(username: "root", password: FleetEndToEndTests.adminPassword, client: .adminConsole))
            let (reader, task) = try await Self.open(client, server.url, token: tokens.accessToken)
            let loggedOut = ContinuousClock.now
            struct Empty: Decodable {}
            let _: Empty? = try? await WebBrowserTests.call(
                client, .POST, server.url + "/api/v1/auth/logout", body: RefreshRequest(refreshToken: tokens.refreshToken))
            let closed = try #require(try await reader.wait(for: "closed", timeout: .seconds(6)), "the stream went on after the logout")
            #expect(ContinuousClock.now - loggedOut < .seconds(5))
            #expect(closed.data.contains("login_ended"))
            _ = await task.result  // the stream itself ended
            try await client.shutdown()
            #expect(try await server.stop() == 0)
        }
    }

    @Test(
        "a client whose stream the master closed before it saw any event still gets what happened before it reconnected (the journey of a demoted ncod-tui user whose lease was then forced)"
    )
    func resumesFromTheOpening() async throws {
        try await Self.withRootServer { server, client in
            func login() async throws -> TokenResponse {
                try await WebBrowserTests.call(
                    client, .POST, server.url + "/api/v1/auth/login",
                    body: LoginRequest(username: "root", password: FleetEndToEndTests.adminPassword, client: .adminConsole))
            }
            let first = try await login()
            let second = try await login()
            let current = Shared(first.accessToken)
            let events = EventStreamClient(baseURL: server.url, caFile: TestKeys.directory + "/ca.pem", token: { current.value })
            let heard = Shared<[EventStreamClient.Update]>([])
            let following = Task { for await update in events.updates() { heard.change { $0.append(update) } } }
            func wait(_ what: String, _ found: @escaping ([EventStreamClient.Update]) -> Bool) async throws {
                let deadline = ContinuousClock.now + .seconds(8)
                while !found(heard.value) {
                    guard ContinuousClock.now < deadline else {
                        Issue.record("waited for \(what); heard \(heard.value)")
                        return
                    }
                    try await Task.sleep(for: .milliseconds(5))
                }
            }
            try await wait("the stream") { $0.contains(.connected) }
            // The login ends: the master closes the stream; the client tries again a second later with the other login's token.
            current.change { $0 = second.accessToken }
            struct Empty: Decodable {}
            let _: Empty? = try? await WebBrowserTests.call(
                client, .POST, server.url + "/api/v1/auth/logout", body: RefreshRequest(refreshToken: first.refreshToken))
            try await wait("the closing") { $0.contains(.closed("login_ended")) }
            // Meanwhile, before the client is back, something happens.
            let secret = try String(contentsOfFile: TestKeys.directory + "/enrolment-secret", encoding: .utf8)
            let enrolled: EnrolResponse = try await WebBrowserTests.call(
                client, .POST, server.url + "/api/v1/slaves/enrol", body: EnrolRequest(name: "box9", enrolmentSecret: secret))
            try await wait("the event from the gap") {
                $0.contains { if case .event(let event) = $0 { event.slaveID == enrolled.slaveID } else { false } }
            }
            #expect(heard.value.filter { $0 == .connected }.count == 2, "it reconnected once")
            #expect(!heard.value.contains(.reset), "nothing was forgotten, so nothing to reload from scratch")
            following.cancel()
            try await client.shutdown()
            #expect(try await server.stop() == 0)
        }
    }

    @Test("an open stream's right is checked again: expiry, a disabled account, an ended login, a revoked computer, a changed role")
    func rightRechecked() async throws {
        try await MasterHarness.with(.sqlite) { harness in
            try await harness.seedUser("boss", status: .active, role: .admin)
            let admin = try await harness.login("boss", client: .adminConsole).accessToken
            func principal(_ token: String) async throws -> Principal {
                let request = Request(application: harness.app, on: harness.app.eventLoopGroup.next())
                request.headers.bearerAuthorization = BearerAuthorization(token: token)
                return try await Authentication.authenticate(request)
            }
            func closing(_ principal: Principal, now: Date = Date()) async -> String? {
                let id = UUID()
                return await EventStreamGuard.closings([id: principal], now: now, store: harness.store)[id]
            }
            let member = try await harness.seedUser("li.na", status: .active, approvedMAC: "02:00:00:00:00:61")
            let terminal = try await harness.login("li.na", client: .terminal, macs: ["02:00:00:00:00:61"])
            let watcher = try await principal(terminal.accessToken)
            #expect(await closing(watcher) == nil, "a valid caller keeps the stream")
            #expect(await closing(watcher, now: watcher.expiresAt.addingTimeInterval(1)) == "token_expired")

            let bindingID = try #require(watcher.bindingID)
            let binding = try #require(try await harness.store.bindings.find(bindingID))
            _ = try await harness.send(.POST, "/api/v1/admin/bindings/\(binding.id)/revoke", token: admin, json: ReasonRequest(reason: "lost"))
            #expect(await closing(watcher) == "machine_not_bound")

            _ = member
            try await harness.seedUser("wang", status: .active, approvedMAC: "02:00:00:00:00:62")
            let kept = try await harness.login("wang", client: .terminal, macs: ["02:00:00:00:00:62"])
            let ended = try await harness.login("wang", client: .terminal, macs: ["02:00:00:00:00:62"])
            let stream = try await principal(kept.accessToken)
            let endedStream = try await principal(ended.accessToken)
            _ = try await harness.send(.POST, "/api/v1/auth/logout", json: RefreshRequest(refreshToken: ended.refreshToken))
            #expect(await closing(stream) == nil, "another login's logout leaves this one")
            #expect(await closing(endedStream) == "login_ended")
            let wangID = try #require(try await harness.store.users.find(username: "wang")).id
            _ = try await harness.send(.POST, "/api/v1/admin/users/\(wangID)/disable", token: admin, json: ReasonRequest(reason: "left"))
            #expect(await closing(stream) == "account_disabled")

            try await harness.seedUser("deputy", status: .active, role: .admin, approvedMAC: "02:00:00:00:00:63")
            let deputy = try await principal(try await harness.login("deputy", client: .terminal, macs: ["02:00:00:00:00:63"]).accessToken)
            #expect(await closing(deputy) == nil)
            let deputyID = try #require(try await harness.store.users.find(username: "deputy")).id
            _ = try await harness.send(.PATCH, "/api/v1/admin/users/\(deputyID)", token: admin, json: UserPatch(role: .user))
            #expect(await closing(deputy) == "role_changed", "an administrator demoted to user must not keep the administrators' events")

            // What the guard does every 2 s: all open streams checked together, each with its own answer.
            let everyone = [watcher, stream, endedStream, deputy, try await principal(admin)]
            let ids = everyone.map { _ in UUID() }
            let together = await EventStreamGuard.closings(Dictionary(uniqueKeysWithValues: zip(ids, everyone)), now: Date(), store: harness.store)
            #expect(ids.map { together[$0] } == ["machine_not_bound", "account_disabled", "account_disabled", "role_changed", nil])
        }
    }

    @Test(
        "screens hear of a lost connection once, of its return once, and reload after every (re)connection, reset or closing by the master")
    func news() {
        var lost = false
        let event = ChangeEvent(id: 7, kind: .device, action: "added", subjectID: UUID(), at: Date())
        let updates: [EventStreamClient.Update] = [
            .connected, .event(event), .disconnected("refused"), .disconnected("refused"), .connected, .reset, .closed("account_disabled"),
        ]
        let news = updates.map { EventStreamClient.news(from: $0, lost: &lost) }
        #expect(news == [[.reload], [.event(event)], [.connectionLost], [], [.connectionBack, .reload], [.reload], [.reload]])
        #expect(!lost, "a stream the master closed on purpose is not a lost connection")
        var lastID: String?
        #expect(EventStreamClient.parse("event: closed\ndata: {\"reason\":\"login_ended\"}", lastID: &lastID) == .closed("login_ended"))
    }

    @Test("each event is made into a frame once for every stream, in the shape each may see: the holder's own, or without whose it is")
    func sharedFrames() throws {
        let frames = EventFrames(capacity: 4)
        let holder = UUID()
        let lease = ChangeEvent(
            id: 41, kind: .lease, action: "taken", subjectID: UUID(), deviceID: UUID(), at: Date(), details: ["userID": holder.uuidString])
        let li = User(
            id: UUID(), username: "li.na", displayName: "李娜", contact: "", passwordHash: "x", role: .user, status: .active, orgUnitID: nil,
            createdAt: Date(), updatedAt: Date())
        let other = Principal(user: li, client: .terminal, bindingID: nil)
        let seen = try #require(EventController.scoped(lease, for: other))
        let anonymous = frames.frame(seen, anonymous: seen.details.count != lease.details.count)
        #expect(anonymous.hasPrefix("id: 41\nevent: lease.taken\n") && !anonymous.contains(holder.uuidString))
        let whole = frames.frame(lease, anonymous: false)
        #expect(whole.contains(holder.uuidString) && whole == EventController.frame(lease))
        // Made once: a later stream asking for the same event and shape gets the same frame.
        var changed = lease
        changed.details["note"] = "not in the first frame"
        #expect(frames.frame(changed, anonymous: false) == whole)
        // Only the newest events are kept: an old one is made again, from what is asked.
        for id in Int64(42)...60 {
            _ = frames.frame(ChangeEvent(id: id, kind: .device, action: "changed", subjectID: UUID(), at: Date()), anonymous: false)
        }
        #expect(frames.frame(changed, anonymous: false).contains("not in the first frame"))
    }
}
