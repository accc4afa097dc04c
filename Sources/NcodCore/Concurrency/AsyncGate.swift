/// At most `limit` holders at once; the others wait their turn, first come first served (a counting semaphore for async code).
///
/// One SQLite transaction at a time in the master (`Store`), one heavy end-to-end test at a time in the suite, and the reports in
/// flight in the load harness all queue through it.
public actor AsyncGate {
    private let limit: Int
    private var holders = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// A gate that lets `limit` (at least 1) through at once.
    public init(limit: Int = 1) { self.limit = max(1, limit) }

    /// Waits for a place.
    public func enter() async {
        guard holders >= limit else {
            holders += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Hands the place to the next waiter, or frees it.
    public func leave() {
        if waiting.isEmpty { holders -= 1 } else { waiting.removeFirst().resume() }
    }

    /// Runs `body` holding a place, and leaves however it ends.
    public nonisolated func withTurn<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await enter()
        do {
            let result = try await body()
            await leave()
            return result
        } catch {
            await leave()
            throw error
        }
    }
}
