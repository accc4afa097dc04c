import Foundation
import NcodCore
import NcodStore
import Vapor

/// `GET /api/v1/events`: Server-Sent Events of device, lease and slave changes, for active members.
///
/// Each event is `id: <n>`, `event: <kind>.<action>`, `data: <ChangeEvent JSON>`. A client resumes with `Last-Event-ID`
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
        let (events, complete) = await req.ncod.events.subscribe(after: lastSeen)
        let response = Response(status: .ok)
        response.headers.replaceOrAdd(name: .contentType, value: "text/event-stream; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        response.headers.replaceOrAdd(name: "X-Accel-Buffering", value: "no")
        let logger = req.logger
        let metrics = req.ncod.metrics
        let store = Store(database: req.application.db)
        let viewer = try await req.viewer()
        let inventory = req.ncod.events.inventory
        let (watchID, signals) = await req.ncod.streamGuard.watch(principal, store: store)
        let streamGuard = req.ncod.streamGuard
        let frames = req.ncod.eventFrames
        response.body = .init(managedAsyncStream: { writer in
            metrics.eventStreams(1)
            defer { metrics.eventStreams(-1) }
            let output = SerialWriter(writer: writer)
            do {
                try await output.send("retry: 3000\n\n")
                if !complete { try await output.send("event: reset\ndata: {}\n\n") }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await event in events {
                            guard let visible = Self.scoped(event, for: principal),
                                await inventory.visible(deviceID: event.deviceID, slaveID: event.slaveID, to: viewer)
                            else { continue }
                            // `scoped` only ever takes the holder out, so fewer details means the anonymous shape.
                            try await output.send(frames.frame(visible, anonymous: visible.details.count != event.details.count))
                        }
                    }
                    group.addTask {
                        for await signal in signals {
                            switch signal {
                            case .keepAlive:
                                try await output.send(": keep-alive\n\n")
                            case .close(let reason):
                                try await output.send("event: closed\ndata: {\"reason\":\"\(reason)\"}\n\n")
                                logger.info(
                                    "event stream closed: the caller's right ended",
                                    metadata: ["user": "\(principal.user.username)", "reason": "\(reason)"])
                                return
                            }
                        }
                    }
                    _ = try await group.next()
                    group.cancelAll()
                }
            } catch {
                await streamGuard.unwatch(watchID)
                throw error
            }
            await streamGuard.unwatch(watchID)
            logger.debug("event stream closed", metadata: ["user": "\(principal.user.username)"])
        })
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

/// Serialises writes to a streaming body from several tasks, whole frames at a time.
private actor SerialWriter {
    let writer: any AsyncBodyStreamWriter

    init(writer: any AsyncBodyStreamWriter) { self.writer = writer }

    func send(_ text: String) async throws {
        try await writer.writeBuffer(ByteBuffer(string: text))
    }
}
