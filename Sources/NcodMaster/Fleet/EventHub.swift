import Foundation
import NcodCore

/// The master's change feed: numbers events, keeps the latest for resumption, and fans them out to subscribers.
///
/// Events are published only after the transaction that made the change has committed, so a subscriber never sees
/// a change that was rolled back. In a fleet of masters on one PostgreSQL database, the ``relay`` carries this master's events
/// to the others, and ``FleetListener`` delivers theirs here; each master numbers the events its clients see itself.
actor EventHub {
    /// How many recent events are kept for clients resuming with `Last-Event-ID`.
    let capacity: Int
    private var recent: [ChangeEvent] = []
    private var lastID: Int64 = 0
    private var subscribers: [UUID: Sink] = [:]

    /// Where a subscriber takes its events: `yield` gets each in order, `finish` says the hub ended every stream.
    struct Sink: Sendable {
        /// Takes one event.
        let yield: @Sendable (ChangeEvent) -> Void
        /// No more events will come.
        let finish: @Sendable () -> Void
    }

    /// Counts what is published (and how long ended leases were held).
    nonisolated let metrics: MasterMetrics
    /// The device list, marked stale by each publication before it is delivered.
    nonisolated let inventory = InventoryCache()
    /// The slaves' open links, told of each lease change delivered here.
    nonisolated let slaveLinks = SlaveLinks()

    /// Sends what is published here to the fleet's other masters; none for a master of its own.
    nonisolated let relay: FleetRelay?

    /// A hub keeping the last `capacity` events, counting them in `metrics`, numbering them after `firstID`.
    ///
    /// A master starts numbering where no other master of its fleet is likely to be (``startingID(at:)``), so that a client
    /// resuming with a `Last-Event-ID` from another master is told to reload rather than given the wrong events.
    init(capacity: Int = 10_000, metrics: MasterMetrics = MasterMetrics(), firstID: Int64 = 0, relay: FleetRelay? = nil) {
        self.capacity = capacity
        self.metrics = metrics
        self.lastID = firstID
        self.relay = relay
    }

    /// Where a hub started at `date` numbers from: its millisecond since 1970 times a thousand.
    static func startingID(at date: Date) -> Int64 { Int64(date.timeIntervalSince1970 * 1000) * 1000 }

    /// Numbers and delivers `events`, in order, and relays them to the fleet's other masters.
    nonisolated func publish(_ events: [ChangeEvent]) async {
        await deliver(events)
        await relay?.send(events)
    }

    /// Numbers and delivers `events`, in order, here only (what another master relayed).
    func deliver(_ events: [ChangeEvent]) {
        inventory.invalidate(events)
        slaveLinks.notify(events)
        for var event in events {
            lastID += 1
            event.id = lastID
            recent.append(event)
            metrics.observe(event)
            for sink in subscribers.values { sink.yield(event) }
        }
        if recent.count > capacity { recent.removeFirst(recent.count - capacity) }
    }

    /// The events after `lastSeen` still kept, then every new one, until the stream is dropped.
    /// `complete` is false when events after `lastSeen` have already been forgotten (the client should reload its state).
    func subscribe(after lastSeen: Int64?) -> (stream: AsyncStream<ChangeEvent>, complete: Bool) {
        let (stream, continuation) = AsyncStream.makeStream(of: ChangeEvent.self, bufferingPolicy: .bufferingNewest(capacity))
        let subscription = subscribe(after: lastSeen, sink: Sink(yield: { continuation.yield($0) }, finish: { continuation.finish() }))
        continuation.onTermination = { [weak self] _ in Task { await self?.unsubscribe(subscription.key) } }
        return (stream, subscription.complete)
    }

    /// The same into `sink` (an event stream's one queue, beside its guard's signals), until ``unsubscribe(_:)`` with the key.
    ///
    /// `position` is the id the stream stands at before the events it is given: `lastSeen` when everything after it is still kept;
    /// else where what is kept begins (or the newest id, when `lastSeen` is none or names no event of this master). A stream tells
    /// its client this position first, so that a client which has seen no event yet still resumes from there after a break
    /// instead of from nothing, which would lose what happened in between.
    func subscribe(after lastSeen: Int64?, sink: Sink) -> (key: UUID, complete: Bool, position: Int64) {
        let oldestKept = recent.first?.id ?? lastID + 1
        var complete = true
        var position = lastID
        if let lastSeen {
            complete = lastSeen >= oldestKept - 1 && lastSeen <= lastID
            position = min(max(lastSeen, oldestKept - 1), lastID)
            for event in recent where event.id > position { sink.yield(event) }
        }
        let key = UUID()
        subscribers[key] = sink
        return (key, complete, position)
    }

    /// Ends every subscriber's stream (graceful shutdown: open event streams must not hold the server up).
    func finishAll() {
        for sink in subscribers.values { sink.finish() }
        subscribers.removeAll()
    }

    /// Forgets the kept events and ends every stream, for when events were missed (the fleet's notification channel dropped).
    /// The clients reconnect with a `Last-Event-ID` that is no longer kept, so they are told to reset and reload.
    func forgetAndDisconnect() {
        recent.removeAll()
        lastID += 1  // what any client has seen is now older than what is kept
        finishAll()
    }

    /// How many clients are listening.
    var subscriberCount: Int { subscribers.count }

    /// The id of the newest event.
    var newestID: Int64 { lastID }

    /// Stops delivering to the subscriber `key`.
    func unsubscribe(_ key: UUID) { subscribers[key] = nil }
}
