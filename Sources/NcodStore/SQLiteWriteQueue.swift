/// Lets one SQLite transaction run at a time in this process; the others wait their turn here.
///
/// SQLite has a single writer. A transaction that has read and then must wait for another writer is refused at once with
/// "database is locked" rather than waiting, to avoid a deadlock. With the master's one SQLite connection per event loop, busy
/// moments (reports unplugging devices while people take leases) made such refusals frequent enough to exhaust
/// ``Store/contentionRetries``. Queuing the transactions leaves only the rare race with a single statement to the retry.
actor SQLiteWriteQueue {
    /// The one queue of the process (an embedded master has one SQLite database).
    static let shared = SQLiteWriteQueue()

    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Waits for the turn.
    func enter() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Gives the turn to the next transaction.
    func leave() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
}
