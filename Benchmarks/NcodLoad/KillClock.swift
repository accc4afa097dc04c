import Foundation

/// When each killed slave fell silent, so that an event stream can time how long the master took to call it offline,
/// and which slaves went offline without being killed (false offlines).
actor KillClock {
    private var killed: [UUID: ContinuousClock.Instant] = [:]
    private var seen: Set<UUID> = []
    private var falsely: Set<UUID> = []

    /// Slave `id` stops sending now.
    func kill(_ id: UUID, at instant: ContinuousClock.Instant) { killed[id] = instant }

    /// A stream showed slave `id` going offline at `now`: the time since its kill, the first time a killed slave is seen.
    func offline(_ id: UUID, now: ContinuousClock.Instant) -> Duration? {
        guard let instant = killed[id] else {
            falsely.insert(id)
            return nil
        }
        guard seen.insert(id).inserted else { return nil }
        return now - instant
    }

    /// Killed slaves, those seen offline, and slaves seen offline that were never killed.
    var counts: (killed: Int, seen: Int, falsely: Int) { (killed.count, seen.count, falsely.count) }
}
