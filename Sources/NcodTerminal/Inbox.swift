import Foundation

/// Actions posted from tasks to the single thread that owns the terminal.
public final class Inbox<Item: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Item] = []

    /// An empty inbox.
    public init() {}

    /// Adds an item (from any thread).
    public func post(_ item: Item) { lock.withLock { items.append(item) } }

    /// Takes everything posted so far.
    public func drain() -> [Item] {
        lock.withLock {
            defer { items.removeAll() }; return items
        }
    }
}

extension Inbox {
    /// Runs `body` as a task and posts its answer, or what `failure` makes of its error: how a runtime carries out one effect.
    public func answer(_ body: @escaping @Sendable () async throws -> Item, failure: @escaping @Sendable (any Error) -> Item) {
        Task {
            do {
                self.post(try await body())
            } catch {
                self.post(failure(error))
            }
        }
    }

    /// Posts `item()` every `interval` until the returned task is cancelled (a runtime's clock).
    public func every(_ interval: Duration, _ item: @escaping @Sendable () -> Item) -> Task<Void, Never> {
        Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if !Task.isCancelled { self.post(item()) }
            }
        }
    }
}
