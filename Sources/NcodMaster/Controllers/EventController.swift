import Foundation
import NcodCore
import NcodStore
import Vapor

/// `GET /api/v1/events`: Server-Sent Events of device, lease and slave changes, for active members.
///
/// Each event is `id: <n>`, `event: <kind>.<action>`, `data: <ChangeEvent JSON>`. A client resumes with `Last-Event-ID`
/// (or `?lastEventId=`); when the events it missed are no longer kept it first gets `event: reset` and should reload.
/// Scoping: administrators see everything; others see other people's lease events without who holds them, and no
/// unleased-bind alerts. A comment line every 15 s keeps proxies from closing a quiet stream. Every ``recheckSeconds`` the caller's
/// right is checked again; when the token has expired, the account is no longer active, its login ended, its computer revoked
/// or its role changed, the stream ends with `event: closed` (`data: {"reason": "<code>"}`).
struct EventController: RouteCollection {
    /// Seconds between keep-alive comments.
    static let keepAliveSeconds = 15
    /// Seconds between checks of the caller's right to the stream.
    static let recheckSeconds = 2

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
        response.body = .init(managedAsyncStream: { writer in
            metrics.eventStreams(1)
            defer { metrics.eventStreams(-1) }
            let output = SerialWriter(writer: writer)
            try await output.send("retry: 3000\n\n")
            if !complete { try await output.send("event: reset\ndata: {}\n\n") }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await event in events {
                        guard let visible = Self.scoped(event, for: principal),
                            await inventory.visible(deviceID: event.deviceID, slaveID: event.slaveID, to: viewer)
                        else { continue }
                        try await output.send(Self.frame(visible))
                    }
                }
                group.addTask {
                    while true {
                        try await Task.sleep(for: .seconds(Self.keepAliveSeconds))
                        try await output.send(": keep-alive\n\n")
                    }
                }
                group.addTask {
                    while true {
                        try await Task.sleep(for: .seconds(Self.recheckSeconds))
                        if let reason = await Self.closing(principal, now: Date(), request: req, store: store) {
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
            logger.debug("event stream closed", metadata: ["user": "\(principal.user.username)"])
        })
        return response
    }

    /// Why `principal`'s stream must end now (`token_expired`, `role_changed`, or the refusal's code: `account_disabled`,
    /// `login_ended`, `machine_not_bound`…), or `nil` while it may go on. A database that cannot be asked ends nothing.
    static func closing(_ principal: Principal, now: Date, request: Request, store: Store) async -> String? {
        if now >= principal.expiresAt { return "token_expired" }
        do {
            let current = try await Authentication.check(
                userID: principal.user.id, client: principal.client, bindingID: principal.bindingID, login: principal.login,
                expiresAt: principal.expiresAt, request: request, store: store)
            if let refusal = AccessLevel.member.refusal(for: current) { return refusal.code }
            return current.user.role == principal.user.role ? nil : "role_changed"
        } catch let problem as Problem {
            return problem.code
        } catch {
            return nil
        }
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
