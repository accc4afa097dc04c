import Logging
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A warning that may come again and again (a collector failing at every scan, a master that stays unreachable) is logged the
/// first time, then at most once a minute, saying how many times it happened meanwhile: "collector failed (12 more in the last
/// 60 s)". A journal stays readable and `journalctl -p warning` still finds each kind.
public final class RepeatedWarning: Sendable {
    private let interval: TimeInterval
    private let clock: @Sendable () -> Date
    private let last = Mutex<[String: (at: Date, suppressed: Int)]>([:])

    /// Logs each kind at most once per `interval` seconds (default 60).
    public init(interval: TimeInterval = 60, clock: @escaping @Sendable () -> Date = Date.init) {
        self.interval = interval
        self.clock = clock
    }

    /// Logs `message` on `logger` unless the same `key` was logged less than the interval ago; returns whether it was logged.
    @discardableResult
    public func warning(_ logger: Logger, _ message: String, key: String? = nil, metadata: Logger.Metadata = [:]) -> Bool {
        let key = key ?? message
        let now = clock()
        let suppressed: Int? = last.withLock { last in
            if let seen = last[key], now.timeIntervalSince(seen.at) < interval {
                last[key] = (seen.at, seen.suppressed + 1)
                return nil
            }
            let count = last[key]?.suppressed ?? 0
            last[key] = (now, 0)
            return count
        }
        guard let suppressed else { return false }
        var metadata = metadata
        if suppressed > 0 { metadata["repeated"] = "\(suppressed)" }
        let text = suppressed > 0 ? "\(message) (\(suppressed) more in the last \(Int(interval)) s)" : message
        logger.warning("\(text)", metadata: metadata)
        return true
    }
}
