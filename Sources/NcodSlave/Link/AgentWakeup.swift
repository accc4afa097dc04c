import Synchronization

/// What wakes the slave agent before its next timer: the kernel announcing a USB device coming or going, a VirtualHere hook
/// recording a binding, or the master pushing a lease change down the link. Threads raise reasons; the agent waits for one or for its next deadline, then takes what was raised.
/// Between them the daemon sleeps: no wake-up it does not use.
public final class AgentWakeup: Sendable {
    /// Why the agent was woken.
    public struct Reasons: OptionSet, Sendable {
        /// The raw bits.
        public let rawValue: Int
        /// Reasons from their bits.
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// A USB device came or went (a kernel uevent).
        public static let hotplug = Reasons(rawValue: 1)
        /// The bind ledger changed (a VirtualHere hook wrote or removed an entry).
        public static let ledger = Reasons(rawValue: 2)
        /// The master pushed down the link that a lease on one of this slave's devices was taken or ended.
        public static let leases = Reasons(rawValue: 4)
    }

    private struct State {
        var raised: Reasons = []
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    /// Nothing raised yet.
    public init() {}

    /// Raises `reasons` and wakes the agent if it waits.
    public func raise(_ reasons: Reasons) {
        let waiter = state.withLock { state in
            state.raised.formUnion(reasons)
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// What was raised since the last call; lowers it.
    public func take() -> Reasons {
        state.withLock { state in
            defer { state.raised = [] }
            return state.raised
        }
    }

    /// Returns at `deadline`, when something is raised, or when the task is cancelled, whichever comes first.
    public func wait(until deadline: ContinuousClock.Instant) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(until: deadline, clock: .continuous) }
            group.addTask { await self.raised() }
            await group.next()
            group.cancelAll()
        }
    }

    /// Returns once something is raised (at once if it already is) or the task is cancelled.
    private func raised() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state in
                    if !state.raised.isEmpty || Task.isCancelled { return true }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { state in
                defer { state.waiter = nil }
                return state.waiter
            }?.resume()
        }
    }
}
