import Foundation
import NIOCore
import NIOEmbedded
import NcodCore
import Synchronization
import Testing
import Vapor

@testable import NcodMaster

/// One stream's writing, on an embedded event loop, with a body writer that records what is written and completes writes only
/// when told (a client reading, or not).
@Suite("Event stream session")
struct EventStreamSessionTests {
    /// A response body that keeps what is written and the promises of writes not yet taken by the client.
    final class Body: BodyStreamWriter, @unchecked Sendable {
        let eventLoop: any EventLoop
        var texts: [String] = []
        var ended = false
        var pending: [EventLoopPromise<Void>] = []
        /// Whether writes complete at once (a client reading) or wait (a client that stopped reading).
        var reading = true

        init(_ loop: any EventLoop) { eventLoop = loop }

        func write(_ result: BodyStreamResult, promise: EventLoopPromise<Void>?) {
            switch result {
            case .buffer(let buffer):
                texts.append(String(buffer: buffer))
                if reading { promise?.succeed() } else if let promise { pending.append(promise) }
            case .end:
                ended = true
                promise?.succeed()
            case .error(let error):
                ended = true
                promise?.fail(error)
            }
        }
    }

    /// Counts a stream's releases of the hub and the guard.
    final class Releases: Sendable {
        private let count = Atomic(0)
        func add() { count.add(1, ordering: .relaxed) }
        var value: Int { count.load(ordering: .relaxed) }
    }

    /// A stream for a member, with a counter of its releases.
    static func stream(admin: Bool = false) -> (EmbeddedEventLoop, EventStreamSession, Body, Releases) {
        let loop = EmbeddedEventLoop()
        let user = User(
            id: UUID(), username: "li.na", displayName: "李娜", contact: "", passwordHash: "x", role: admin ? .admin : .user, status: .active,
            orgUnitID: nil, createdAt: Date(), updatedAt: Date())
        let session = EventStreamSession(
            loop: loop, principal: Principal(user: user, client: .terminal, bindingID: nil), viewer: Viewer(user, units: []),
            inventory: InventoryCache(), frames: EventFrames(), metrics: MasterMetrics(), logger: Logger(label: "test"))
        return (loop, session, Body(loop), Releases())
    }

    /// A device event numbered `id`.
    static func event(_ id: Int64) -> ChangeEvent {
        ChangeEvent(id: id, kind: .device, action: "changed", subjectID: UUID(), deviceID: UUID(), at: Date())
    }

    @Test("what comes before the body begins waits, and is written after the opening id, in order")
    func waitsForTheBody() throws {
        let (loop, session, body, released) = Self.stream()
        session.sink.yield(Self.event(8))
        session.signal(.keepAlive)
        session.sink.yield(Self.event(9))
        session.prepared(position: 7, complete: true) { released.add() }
        loop.run()
        #expect(body.texts.isEmpty, "nothing before the body")
        session.begin(body)
        loop.run()
        #expect(body.texts.count == 3, "the opening and both events; a keep-alive before the body has nothing to keep alive")
        #expect(body.texts.first == "retry: 3000\nid: 7\n\n")
        #expect(body.texts[1].hasPrefix("id: 8\n") && body.texts[2].hasPrefix("id: 9\n"))
        session.signal(.keepAlive)
        loop.run()
        #expect(body.texts.last == ": keep-alive\n\n")
        session.signal(.close("login_ended"))
        loop.run()
        #expect(body.texts.last == "event: closed\ndata: {\"reason\":\"login_ended\"}\n\n")
        #expect(body.ended && released.value == 1, "ended once, the hub and the guard let go")
        session.sink.yield(Self.event(10))
        loop.run()
        #expect(body.texts.count == 5, "nothing after the end")
    }

    @Test("a stream the hub no longer had everything for opens with event: reset")
    func reset() {
        let (loop, session, body, _) = Self.stream()
        session.begin(body)
        session.prepared(position: 120, complete: false) {}
        loop.run()
        #expect(body.texts == ["retry: 3000\nid: 120\n\n" + "event: reset\ndata: {}\n\n"])
    }

    @Test("a client that stops reading is closed once it is 1,000 events behind, not buffered without end; it resumes from its last id")
    func slowClient() {
        let (loop, session, body, released) = Self.stream()
        session.prepared(position: 0, complete: true) { released.add() }
        session.begin(body)
        loop.run()
        body.reading = false
        for id in Int64(1)...1_500 { session.sink.yield(Self.event(id)) }
        loop.run()
        #expect(body.ended, "closed")
        #expect(body.texts.count == 1 + EventStreamSession.backlogLimit, "the opening and 1,000 events, no more")
        #expect(body.pending.count == EventStreamSession.backlogLimit)
        #expect(released.value == 1)
    }

    @Test("a client that keeps reading gets every event, however many")
    func reader() {
        let (loop, session, body, _) = Self.stream()
        session.prepared(position: 0, complete: true) {}
        session.begin(body)
        for id in Int64(1)...3_000 { session.sink.yield(Self.event(id)) }
        loop.run()
        #expect(!body.ended && body.texts.count == 3_001)
    }

    @Test("a client gone (a write fails) ends the stream; a response never begun ends after two keep-alives")
    func gone() {
        let (loop, session, body, released) = Self.stream()
        session.prepared(position: 0, complete: true) { released.add() }
        session.begin(body)
        body.reading = false
        session.sink.yield(Self.event(1))
        loop.run()
        body.pending.removeFirst().fail(ChannelError.ioOnClosedChannel)
        loop.run()
        #expect(body.ended && released.value == 1)

        let (loop2, never, _, released2) = Self.stream()
        never.prepared(position: 0, complete: true) { released2.add() }
        never.signal(.keepAlive)
        loop2.run()
        #expect(released2.value == 0)
        never.signal(.keepAlive)
        loop2.run()
        #expect(released2.value == 1)
    }
}
