import Foundation
import NcodCore

/// The master's change feed: numbers events, keeps the latest for resumption, and fans them out to subscribers.
///
/// Events are published only after the transaction that made the change has committed, so a subscriber never sees
/// a change that was rolled back.
actor EventHub {
    /// How many recent events are kept for clients resuming with `Last-Event-ID`.
    let capacity: Int
    private var recent: [ChangeEvent] = []
    private var lastID: Int64 = 0
    private var subscribers: [UUID: AsyncStream<ChangeEvent>.Continuation] = [:]

    /// Counts what is published (and how long ended leases were held).
    nonisolated let metrics: MasterMetrics

    /// A hub keeping the last `capacity` events, counting them in `metrics`.
    init(capacity: Int = 10_000, metrics: MasterMetrics = MasterMetrics()) {
        self.capacity = capacity
        self.metrics = metrics
    }

    /// Numbers and delivers `events`, in order.
    func publish(_ events: [ChangeEvent]) {
        for var event in events {
            lastID += 1
            event.id = lastID
            recent.append(event)
            metrics.observe(event)
            for continuation in subscribers.values { continuation.yield(event) }
        }
        if recent.count > capacity { recent.removeFirst(recent.count - capacity) }
    }

    /// The events after `lastSeen` still kept, then every new one, until the stream is dropped.
    /// `complete` is false when events after `lastSeen` have already been forgotten (the client should reload its state).
    func subscribe(after lastSeen: Int64?) -> (stream: AsyncStream<ChangeEvent>, complete: Bool) {
        let (stream, continuation) = AsyncStream.makeStream(of: ChangeEvent.self, bufferingPolicy: .bufferingNewest(capacity))
        var complete = true
        if let lastSeen {
            complete = lastSeen >= (recent.first?.id ?? lastID + 1) - 1
            for event in recent where event.id > lastSeen { continuation.yield(event) }
        }
        let key = UUID()
        subscribers[key] = continuation
        continuation.onTermination = { [weak self] _ in Task { await self?.unsubscribe(key) } }
        return (stream, complete)
    }

    /// Ends every subscriber's stream (graceful shutdown: open event streams must not hold the server up).
    func finishAll() {
        for continuation in subscribers.values { continuation.finish() }
        subscribers.removeAll()
    }

    /// How many clients are listening.
    var subscriberCount: Int { subscribers.count }

    /// The id of the newest event.
    var newestID: Int64 { lastID }

    private func unsubscribe(_ key: UUID) { subscribers[key] = nil }
}
