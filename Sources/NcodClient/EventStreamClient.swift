import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL
import NcodCore

/// Follows `GET /api/v1/events`: parses the Server-Sent Events into ``ChangeEvent``s, and reconnects with backoff,
/// resuming after the last event seen, whenever the stream breaks.
public struct EventStreamClient: Sendable {
    /// What the stream tells its reader.
    public enum Update: Sendable, Equatable {
        /// A change.
        case event(ChangeEvent)
        /// The stream is (re)connected; after a gap the caller should reload its state.
        case connected
        /// The stream broke; reconnecting.
        case disconnected(String)
        /// Events were missed and are gone: reload everything.
        case reset
        /// The master ended the stream, or refused to open it, because the caller's right changed (`token_expired`,
        /// `account_disabled`, `login_ended`, `machine_not_bound`, `role_changed`…). Not a lost connection: the reader's own next
        /// request (which renews an expired token) finds out where it stands.
        case closed(String)
    }

    /// What a screen makes of the stream.
    public enum News: Sendable, Equatable {
        /// The master stopped answering (said once, not at every retry).
        case connectionLost
        /// The master answers again.
        case connectionBack
        /// Reload what is on screen: the stream (re)connected, or events were missed.
        case reload
        /// A change.
        case event(ChangeEvent)
    }

    let baseURL: String
    let caFile: String
    let token: @Sendable () async -> String?

    /// A client for `baseURL`, trusting `caFile`, authenticating with whatever `token` returns at each (re)connection.
    public init(baseURL: String, caFile: String, token: @escaping @Sendable () async -> String?) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.caFile = caFile
        self.token = token
    }

    /// The updates, until the returned stream is dropped.
    public func updates() -> AsyncStream<Update> {
        let (stream, continuation) = AsyncStream.makeStream(of: Update.self)
        let task = Task {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .file(caFile)
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
            var lastID: String?
            var delay = 1.0
            while !Task.isCancelled {
                do {
                    var request = HTTPClientRequest(url: baseURL + "/api/v1/events")
                    request.headers.add(name: "Accept", value: "text/event-stream")
                    if let token = await token() { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
                    if let lastID { request.headers.add(name: "Last-Event-ID", value: lastID) }
                    let response = try await client.execute(request, timeout: .hours(24))
                    if response.status == .unauthorized || response.status == .forbidden {
                        let body = try? await response.body.collect(upTo: 64 << 10)
                        let problem = body.flatMap { try? NcodJSON.decoder().decode(Problem.self, from: Data($0.readableBytesView)) }
                        continuation.yield(.closed(problem?.code ?? "unauthorized"))
                        try await Task.sleep(for: .milliseconds(Int(delay * 1000)))
                        delay = min(30, delay * 2)
                        continue
                    }
                    guard response.status == .ok else { throw APIError.unreachable("event stream answered \(response.status.code)") }
                    continuation.yield(.connected)
                    delay = 1
                    var splitter = SSEFrame.Splitter()
                    var closed = false
                    for try await chunk in response.body {
                        for block in splitter.feed(String(buffer: chunk)) {
                            guard let update = Self.parse(block, lastID: &lastID) else { continue }
                            if case .closed = update { closed = true }
                            continuation.yield(update)
                        }
                    }
                    guard closed else { throw APIError.unreachable("the event stream ended") }
                    // Closed on purpose: try again shortly, with whatever token the reader has by then.
                    try await Task.sleep(for: .seconds(1))
                } catch is CancellationError {
                    break
                } catch {
                    continuation.yield(.disconnected("\(error)"))
                    try? await Task.sleep(for: .milliseconds(Int(delay * 1000)))
                    delay = min(30, delay * 2)
                }
            }
            try? await client.shutdown()
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// ``updates()`` as news: a lost connection is told once and its return once; every connection and reset asks for a reload.
    public func news() -> AsyncStream<News> {
        let (stream, continuation) = AsyncStream.makeStream(of: News.self)
        let updates = updates()
        let task = Task {
            var lost = false
            for await update in updates {
                for item in Self.news(from: update, lost: &lost) { continuation.yield(item) }
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// What `update` means to a screen, given whether the connection was already `lost` (updated).
    public static func news(from update: Update, lost: inout Bool) -> [News] {
        switch update {
        case .connected, .reset:
            defer { lost = false }
            return lost ? [.connectionBack, .reload] : [.reload]
        case .disconnected:
            defer { lost = true }
            return lost ? [] : [.connectionLost]
        case .event(let event):
            return [.event(event)]
        case .closed:
            return [.reload]
        }
    }

    /// One SSE block (lines up to a blank line) as an update; comments, `retry:` and an `id:` alone give none. Every `id:` moves
    /// `lastID`, as in a browser's EventSource: the stream's opening names where it stands before any event.
    public static func parse(_ block: String, lastID: inout String?) -> Update? {
        guard let frame = SSEFrame(block: block) else { return nil }
        if let id = frame.id { lastID = id }
        if frame.event == "reset" { return .reset }
        if frame.event == "closed" {
            struct Closed: Decodable { var reason: String? }
            return .closed((try? JSONDecoder().decode(Closed.self, from: Data(frame.data.utf8)))?.reason ?? "closed")
        }
        guard !frame.data.isEmpty, let event = try? NcodJSON.decoder().decode(ChangeEvent.self, from: Data(frame.data.utf8)) else { return nil }
        return .event(event)
    }
}
