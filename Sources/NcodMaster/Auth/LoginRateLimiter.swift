import Foundation

/// Slows down password guessing: failed logins per username, and all login attempts per source address, in sliding windows.
///
/// In memory, per master process; with several masters each limits on its own (the limits are per master).
actor LoginRateLimiter {
    /// The limits.
    struct Policy: Sendable {
        /// Failed logins allowed per username in ``usernameWindow``.
        var failuresPerUsername = 5
        /// Window for ``failuresPerUsername``.
        var usernameWindow: TimeInterval = 15 * 60
        /// Login attempts allowed per source address in ``addressWindow``.
        var attemptsPerAddress = 30
        /// Window for ``attemptsPerAddress``.
        var addressWindow: TimeInterval = 60
    }

    private let policy: Policy
    private var failures: [String: [Date]] = [:]
    private var attempts: [String: [Date]] = [:]
    /// Refusals not audited one by one since the last attempt let through, per username.
    private var refusedMeanwhile: [String: Int] = [:]

    /// The answer to one login attempt.
    enum Verdict: Equatable, Sendable {
        /// Check the password; `refusedMeanwhile` attempts for this username were refused without an audit row of their own.
        case allowed(refusedMeanwhile: Int)
        /// Wait this long; `first` when it is the first refusal of a run (the one to audit).
        case refused(wait: TimeInterval, first: Bool)
    }

    init(policy: Policy = Policy()) { self.policy = policy }

    /// Counts an attempt from `address` and, until it succeeds, a failure for `username` — before the password is checked, so
    /// that guesses sent at once cannot all pass while the first are still being checked; returns how long to wait when
    /// `username` or `address` is over its limit (the attempt is then not counted as a failure).
    func admit(username: String, address: String, now: Date) -> Verdict {
        if attempts.count + failures.count > 50_000 { prune(now: now) }
        let recentAttempts = (attempts[address] ?? []).filter { now.timeIntervalSince($0) < policy.addressWindow }
        let recentFailures = (failures[username] ?? []).filter { now.timeIntervalSince($0) < policy.usernameWindow }
        attempts[address] = recentAttempts + [now]
        failures[username] = recentFailures
        var wait: TimeInterval?
        if recentFailures.count >= policy.failuresPerUsername, let oldest = recentFailures.first {
            wait = policy.usernameWindow - now.timeIntervalSince(oldest)
        } else if recentAttempts.count >= policy.attemptsPerAddress, let oldest = recentAttempts.first {
            wait = policy.addressWindow - now.timeIntervalSince(oldest)
        }
        if let wait {
            let first = refusedMeanwhile[username] == nil
            refusedMeanwhile[username] = first ? 0 : (refusedMeanwhile[username] ?? 0) + 1
            return .refused(wait: wait, first: first)
        }
        failures[username] = recentFailures + [now]  // a failure until ``recordSuccess(username:)`` says otherwise
        return .allowed(refusedMeanwhile: refusedMeanwhile.removeValue(forKey: username) ?? 0)
    }

    /// Drops the entries whose windows have passed, so that a scan of many usernames or addresses cannot grow memory for ever.
    private func prune(now: Date) {
        attempts = attempts.filter { $0.value.contains { now.timeIntervalSince($0) < policy.addressWindow } }
        failures = failures.filter { $0.value.contains { now.timeIntervalSince($0) < policy.usernameWindow } }
        refusedMeanwhile = refusedMeanwhile.filter { failures[$0.key] != nil }
    }

    /// Forgets the failures of `username` after a successful login (including the attempt ``admit(username:address:now:)`` counted).
    func recordSuccess(username: String) {
        failures[username] = nil
    }
}
