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
/// A stream is an ``EventStreamSession`` on its connection's event loop, not a task; a client that falls 1,000 events behind is
/// closed and resumes with its `Last-Event-ID`.
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
        let hub = req.ncod.events
        let streamGuard = req.ncod.streamGuard
        let session = EventStreamSession(
            loop: req.eventLoop, principal: principal, viewer: try await req.viewer(), inventory: hub.inventory, frames: req.ncod.eventFrames,
            metrics: req.ncod.metrics, logger: req.logger)
        let (subscription, complete, position) = await hub.subscribe(after: lastSeen, sink: session.sink)
        let watchID = await streamGuard.watch(principal, store: Store(database: req.application.db), signal: session.signal)
        session.prepared(position: position, complete: complete) {
            Task {
                await hub.unsubscribe(subscription)
                await streamGuard.unwatch(watchID)
            }
        }
        response.body = .init(stream: { writer in session.begin(writer) })
        return response
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
