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
