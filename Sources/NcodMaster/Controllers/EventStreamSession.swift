import Foundation
import NcodCore
import Vapor

/// One open event stream, written out on its connection's event loop as the hub's events and the guard's signals come, with no
/// task of its own: a stream that waits costs its connection and this object, not a suspended task and its stack
/// (BENCHMARKS.md, 2026-11-29).
///
/// Everything here runs on `loop`: the hub and the guard hand their items over with `execute`, so they are written in the
/// order they came. Nothing is written before the response's body has begun and the stream knows where it stands (its opening
/// `id:`); what comes before waits. A client that falls ``backlogLimit`` frames behind is closed rather than buffered without
/// end, and resumes from the last id it read, as after any broken connection.
final class EventStreamSession: @unchecked Sendable {
    /// Frames handed to the connection and not yet written to the socket, beyond which the client is too slow to keep.
    static let backlogLimit = 1_000

    /// What the hub and the guard hand over.
    private enum Item {
        case event(ChangeEvent)
        case signal(EventStreamGuard.Signal)
    }

    private let loop: any EventLoop
    private let principal: Principal
    private let viewer: Viewer
    private let inventory: InventoryCache
    private let frames: EventFrames
    private let metrics: MasterMetrics
    private let logger: Logger
    /// The stream's first frame, once the hub said where it stands.
    private var opening: String?
    /// Lets go of the hub and the guard; called once, when the stream ends.
    private var release: (@Sendable () -> Void)?
    private var writer: (any BodyStreamWriter)?
    /// What came before the body began.
    private var waiting: [Item] = []
    /// Keep-alives heard while the body had not begun: a response not begun after two of them never will be.
    private var idleBeats = 0
    private var backlog = 0
    private var ended = false

    /// A stream for `principal`, looking as `viewer`, on `loop` (the connection's).
    init(
        loop: any EventLoop, principal: Principal, viewer: Viewer, inventory: InventoryCache, frames: EventFrames, metrics: MasterMetrics,
        logger: Logger
    ) {
        self.loop = loop
        self.principal = principal
        self.viewer = viewer
        self.inventory = inventory
        self.frames = frames
        self.metrics = metrics
        self.logger = logger
    }

    /// What the hub delivers to.
    var sink: EventHub.Sink {
        EventHub.Sink(
            yield: { event in self.loop.execute { self.take(.event(event)) } },
            finish: { self.loop.execute { self.end() } })
    }

    /// What the guard signals to.
    var signal: @Sendable (EventStreamGuard.Signal) -> Void {
        { signal in self.loop.execute { self.take(.signal(signal)) } }
    }

    /// Where the stream stands (`position`, and whether the hub still had everything after `Last-Event-ID`), and how to let go
    /// of the hub and the guard when it ends.
    func prepared(position: Int64, complete: Bool, release: @escaping @Sendable () -> Void) {
        loop.execute {
            guard !self.ended else { return release() }
            self.release = release
            self.opening = "retry: 3000\nid: \(position)\n\n" + (complete ? "" : "event: reset\ndata: {}\n\n")
            self.flush()
        }
    }

    /// The response's body has begun (Vapor calls this on the connection's event loop).
    func begin(_ writer: any BodyStreamWriter) {
        loop.preconditionInEventLoop()
        guard !ended else {
            writer.write(.end, promise: nil)
            return
        }
        self.writer = writer
        metrics.eventStreams(1)
        flush()
    }

    /// Writes the opening and what waited, once both the body and the opening are there.
    private func flush() {
        guard let opening, writer != nil else { return }
        // Where the stream stands, even before its first event: a client that breaks off before any event resumes from here.
        write(opening)
        let waited = waiting
        waiting = []
        for item in waited where !ended { deliver(item) }
    }

    private func take(_ item: Item) {
        guard !ended else { return }
        guard opening != nil, writer != nil else {
            if case .signal(.keepAlive) = item {
                idleBeats += 1
                if idleBeats >= 2 { end() }  // the response was never sent: its connection went before it began
                return
            }
            waiting.append(item)
            if waiting.count > Self.backlogLimit { end() }
            return
        }
        deliver(item)
    }

    private func deliver(_ item: Item) {
        switch item {
        case .event(let event):
            guard let visible = EventController.scoped(event, for: principal),
                inventory.visible(deviceID: event.deviceID, slaveID: event.slaveID, to: viewer)
            else { return }
            // `scoped` only ever takes the holder out, so fewer details means the anonymous shape.
            write(frames.frame(visible, anonymous: visible.details.count != event.details.count))
        case .signal(.keepAlive):
            write(": keep-alive\n\n")
        case .signal(.close(let reason)):
            write("event: closed\ndata: {\"reason\":\"\(reason)\"}\n\n")
            logger.info(
                "event stream closed: the caller's right ended", metadata: ["user": "\(principal.user.username)", "reason": "\(reason)"])
            end()
        }
    }

    private func write(_ text: String) {
        guard let writer, !ended else { return }
        guard backlog < Self.backlogLimit else {
            logger.notice(
                "event stream closed: the client fell \(Self.backlogLimit) events behind; it resumes from the last it read",
                metadata: ["user": "\(principal.user.username)"])
            return end()
        }
        backlog += 1
        writer.write(.buffer(ByteBuffer(string: text))).whenComplete { result in
            self.backlog -= 1
            if case .failure = result { self.end() }  // the client went
        }
    }

    /// Ends the stream once: the body's end (when it began), the hub and the guard let go.
    private func end() {
        guard !ended else { return }
        ended = true
        waiting = []
        if let writer {
            writer.write(.end, promise: nil)
            metrics.eventStreams(-1)
            logger.debug("event stream closed", metadata: ["user": "\(principal.user.username)"])
        }
        release?()
        release = nil
    }
}
