import Foundation
import NcodCore
import NcodStore
import Vapor

/// `GET /api/v1/events`: Server-Sent Events of device, lease and slave changes, for active members.
///
/// Each event is `id: <n>`, `event: <kind>.<action>`, `data: <ChangeEvent JSON>`; the stream opens with `retry:` and the `id:` it
/// stands at, so that a client which saw no event yet has one to resume from. A client resumes with `Last-Event-ID`
/// (or `?lastEventId=`); when the events it missed are no longer kept it first gets `event: reset` and should reload.
/// Scoping: administrators see everything; others see other people's lease events without who holds them, and no
/// unleased-bind alerts. A comment line every 14 s keeps proxies from closing a quiet stream. Every 2 s the caller's right is
/// checked again, for all open streams at once (``EventStreamGuard``); when the token has expired, the account is no longer active,
/// its login ended, its computer revoked or its role changed, the stream ends with `event: closed` (`data: {"reason": "<code>"}`).
struct EventController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("events", use: stream)
    }

    /// The last event id the client saw, from `Last-Event-ID` or `?lastEventId=`; a 400 problem when it is not a number.
    static func lastSeen(_ req: Request) throws -> Int64? {
        guard let text = req.headers.first(name: "Last-Event-ID") ?? (try? req.query.get(String.self, at: "lastEventId")) else { return nil }
        guard let id = Int64(text.trimmingCharacters(in: .whitespaces)), id >= 0 else {
            throw Problem(
                status: 400, code: "invalid_request", title: "Bad Request", detail: "the last event id must be a whole number, not '\(text)'")
        }
        return id
    }

    @Sendable
    func stream(req: Request) async throws -> Response {
        let principal = try req.principal
        let lastSeen = try Self.lastSeen(req)
        let response = Response(status: .ok)
        response.headers.replaceOrAdd(name: .contentType, value: "text/event-stream; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        response.headers.replaceOrAdd(name: "X-Accel-Buffering", value: "no")
        let logger = req.logger
        let metrics = req.ncod.metrics
        let store = Store(database: req.application.db)
        let viewer = try await req.viewer()
        let hub = req.ncod.events
        let inventory = hub.inventory
        let streamGuard = req.ncod.streamGuard
        let frames = req.ncod.eventFrames
        // One queue and one task a stream: the hub's events and the guard's signals go into the same stream, which the body
        // writes out in order (a task group of two cost about 16 KB of task stack a stream; BENCHMARKS.md).
        let (items, queue) = AsyncStream.makeStream(of: Item.self, bufferingPolicy: .bufferingNewest(hub.capacity))
        let (subscription, complete, position) = await hub.subscribe(
            after: lastSeen, sink: EventHub.Sink(yield: { queue.yield(.event($0)) }, finish: { queue.finish() }))
        let watchID = await streamGuard.watch(principal, store: store) { queue.yield(.signal($0)) }
        queue.onTermination = { _ in
            Task {
                await hub.unsubscribe(subscription)
                await streamGuard.unwatch(watchID)
            }
        }
        response.body = .init(managedAsyncStream: { writer in
            metrics.eventStreams(1)
            defer {
                metrics.eventStreams(-1)
                queue.finish()
            }
            // Where the stream stands, even before its first event: a client that breaks off before any event resumes from here.
            try await writer.writeBuffer(ByteBuffer(string: "retry: 3000\nid: \(position)\n\n"))
            if !complete { try await writer.writeBuffer(ByteBuffer(string: "event: reset\ndata: {}\n\n")) }
            for await item in items {
                switch item {
                case .event(let event):
                    guard let visible = Self.scoped(event, for: principal),
                        await inventory.visible(deviceID: event.deviceID, slaveID: event.slaveID, to: viewer)
                    else { continue }
                    // `scoped` only ever takes the holder out, so fewer details means the anonymous shape.
                    let frame = frames.frame(visible, anonymous: visible.details.count != event.details.count)
                    try await writer.writeBuffer(ByteBuffer(string: frame))
                case .signal(.keepAlive):
                    try await writer.writeBuffer(ByteBuffer(string: ": keep-alive\n\n"))
                case .signal(.close(let reason)):
                    try await writer.writeBuffer(ByteBuffer(string: "event: closed\ndata: {\"reason\":\"\(reason)\"}\n\n"))
                    logger.info(
                        "event stream closed: the caller's right ended",
                        metadata: ["user": "\(principal.user.username)", "reason": "\(reason)"])
                    return
                }
            }
            logger.debug("event stream closed", metadata: ["user": "\(principal.user.username)"])
        })
        return response
    }

    /// What a stream's one queue carries: the hub's events and the guard's signals, in the order they came.
    private enum Item: Sendable {
        case event(ChangeEvent)
        case signal(EventStreamGuard.Signal)
    }

    /// What `principal` may see of `event`, or `nil` when nothing.
    static func scoped(_ event: ChangeEvent, for principal: Principal) -> ChangeEvent? {
        if principal.user.role == .admin { return event }
        if event.action == "unleased_bind" || event.kind == .account { return nil }
        // Whose lease or place in line it is stays between them and the administrators.
        guard event.kind == .lease || event.kind == .wait, event.details["userID"] != principal.user.id.uuidString else { return event }
        var anonymous = event
        anonymous.details["userID"] = nil
        return anonymous
    }

    /// One SSE frame.
    static func frame(_ event: ChangeEvent) -> String {
        let data = (try? NcodJSON.encoder().encode(event)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return "id: \(event.id)\nevent: \(event.kind.rawValue).\(event.action)\ndata: \(data)\n\n"
    }
}
