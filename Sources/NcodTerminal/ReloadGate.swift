import Foundation

/// One reload at a time: news arriving while a reload runs asks for exactly one more afterwards, however much arrives.
public final class ReloadGate: @unchecked Sendable {
    private let lock = NSLock()
    private var loading = false
    private var again = false

    /// An idle gate.
    public init() {}

    /// Whether the caller should start a reload now (false: one runs; it will be repeated once when it ends).
    public func begin() -> Bool {
        lock.withLock {
            if loading {
                again = true
                return false
            }
            loading = true
            return true
        }
    }

    /// Marks the reload finished; true when news came meanwhile and the caller should reload once more.
    public func finish() -> Bool {
        lock.withLock {
            loading = false
            defer { again = false }
            return again
        }
    }
}
