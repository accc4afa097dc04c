import Foundation

/// Slows down what one source address may do in a sliding window (registrations, slave enrolments), and keeps a flood of refused
/// attempts from writing one audit row each: the first refusal of a run is audited, the rest are counted and reported in one row
/// when the address is next let through.
///
/// In memory, per master process, like ``LoginRateLimiter``.
actor AddressThrottle {
    /// How many attempts an address may make in a window.
    struct Rule: Sendable {
        /// Attempts allowed in ``window``.
        var limit: Int
        /// The window, in seconds.
        var window: TimeInterval
    }

    /// The answer to one attempt.
    enum Verdict: Equatable, Sendable {
        /// Go ahead; `refusedMeanwhile` attempts were refused without an audit row of their own since the last one let through.
        case allowed(refusedMeanwhile: Int)
        /// Wait this long; `first` when it is the first refusal of a run (the one to audit).
        case refused(wait: TimeInterval, first: Bool)
    }

    private var attempts: [String: [Date]] = [:]
    private var refusedMeanwhile: [String: Int] = [:]

    /// Counts an attempt of `key` (a purpose and an address) under `rule`.
    func admit(_ key: String, rule: Rule, now: Date) -> Verdict {
        if attempts.count > 50_000 { attempts = attempts.filter { $0.value.contains { now.timeIntervalSince($0) < rule.window } } }
        let recent = (attempts[key] ?? []).filter { now.timeIntervalSince($0) < rule.window }
        if recent.count >= rule.limit, let oldest = recent.first {
            attempts[key] = recent
            let first = refusedMeanwhile[key] == nil
            refusedMeanwhile[key] = first ? 0 : (refusedMeanwhile[key] ?? 0) + 1
            return .refused(wait: rule.window - now.timeIntervalSince(oldest), first: first)
        }
        attempts[key] = recent + [now]
        return .allowed(refusedMeanwhile: refusedMeanwhile.removeValue(forKey: key) ?? 0)
    }
}
