import FluentKit
import Foundation
import Logging
import NIOConcurrencyHelpers
import NcodCore
import NcodStore

/// The slaves' open links on this master (``SlaveLinkController``) and the beats they carry.
///
/// A beat on a link touches memory only: it is answered at once with the slave's last known lease epoch, and the beats of every
/// link are written to the database together once every ``flushInterval`` (one conditional write for all of them, which checks
/// each slave's credential, session and status as the heartbeat request's write does). The database stays the record of
/// liveness, at most a flush interval behind, so the offline sweep and the fleet's other masters see the beats as before. A
/// beat that write refuses (the slave disabled, removed or registered anew) ends the slave's links with the problem.
///
/// An ``UnchangedReport`` on a link is a beat that also vouches for the slave's devices: the same turn writes the health of
/// every such report whose digest is still the one recorded and whose slave is online (a second conditional write, for all of
/// them), and asks the others for a full report (``Push/reportWanted``). So an unchanged report costs what a beat costs.
///
/// A link that carries no beat for its silence limit (``SlaveLinkWire/silentIntervals`` heartbeat intervals, a minute) is ended: its slave box vanished
/// without closing the connection (power lost, cable pulled), and the wire would otherwise stay registered until TCP gives up,
/// which, on a connection the master never writes to, is never.
///
/// The ``EventHub`` hands every delivered event here, this master's and those relayed from the fleet's other masters, so that
/// a lease taken or ended on one of a slave's devices is pushed down its link at once, wherever it was taken.
final class SlaveLinks: Sendable {
    /// What a link is told outside the answers to its beats.
    enum Push: Sendable {
        /// A lease on one of the slave's devices was taken or ended.
        case leases
        /// An unchanged report was not taken: the slave must send a full report.
        case reportWanted
        /// The slave's beats are refused: the link ends with this problem.
        case refused(Problem)
        /// The link carried no beat for its silence limit: it ends.
        case silent
    }

    private struct Link: Sendable {
        let slaveID: UUID
        let silenceLimit: Duration
        let push: @Sendable (Push) -> Void
    }

    private struct State {
        var links: [UUID: Link] = [:]
        var bySlave: [UUID: Set<UUID>] = [:]
        /// The last lease epoch known of each linked slave (at its link's opening, then from each write).
        var epochs: [UUID: Int] = [:]
        /// The newest beat of each slave since the last write.
        var pending: [UUID: SlaveClaim] = [:]
        /// The newest unchanged report of each slave since the last write, with its sequence.
        var vouches: [UUID: (sequence: Int, vouch: InventoryVouch)] = [:]
        /// The links that carried a beat since the last write.
        var beaten: Set<UUID> = []
        /// When each link's beats were last written (or it opened), by link: a box that came back opens a new link while its old
        /// one, half-open, carries nothing more.
        var heard: [UUID: ContinuousClock.Instant] = [:]
        /// Write turns since the links were last looked over for silence.
        var turns = 0
        /// Whether the writer task runs (it stops when a turn finds no beat to write and no link to watch).
        var writing = false
    }

    /// How often the links' beats are written (well within the five heartbeat intervals that make a slave offline).
    let flushInterval: Duration
    private let state = NIOLockedValueBox(State())
    /// The links are looked over for silence every this many write turns.
    private static let silenceCheckTurns = 5

    /// Links whose beats are written every `flushInterval`.
    init(flushInterval: Duration = .seconds(1)) { self.flushInterval = flushInterval }

    /// Registers link `key` of `slaveID`, whose lease epoch is `epoch` now; `push` hears lease changes, refusals, and silence for
    /// longer than `silenceLimit`. ``beat(_:link:on:now:metrics:logger:)`` and ``close(_:)`` take the key.
    func open(_ key: UUID, slaveID: UUID, epoch: Int, silenceLimit: Duration, push: @escaping @Sendable (Push) -> Void) {
        state.withLockedValue {
            $0.links[key] = Link(slaveID: slaveID, silenceLimit: silenceLimit, push: push)
            $0.bySlave[slaveID, default: []].insert(key)
            $0.epochs[slaveID] = max($0.epochs[slaveID] ?? epoch, epoch)
            $0.heard[key] = .now
        }
    }

    /// Forgets the link `key` (and its slave's epoch, when it was the slave's last link).
    func close(_ key: UUID) {
        state.withLockedValue {
            guard let link = $0.links.removeValue(forKey: key) else { return }
            $0.heard[key] = nil
            $0.beaten.remove(key)
            $0.bySlave[link.slaveID]?.remove(key)
            if $0.bySlave[link.slaveID]?.isEmpty == true {
                $0.bySlave[link.slaveID] = nil
                $0.epochs[link.slaveID] = nil
            }
        }
    }

    /// How many links are open.
    var count: Int { state.withLockedValue { $0.links.count } }

    /// Records `beat`, carried by link `key`, for the next write to `database` (stamped with `now()` then, counted in `metrics`),
    /// with the unchanged report `vouch` when the line was one, and returns the slave's last known lease epoch.
    func beat(
        _ beat: SlaveClaim, vouch: InventoryVouch? = nil, link key: UUID, on database: any Database, now: @escaping @Sendable () -> Date,
        metrics: MasterMetrics, logger: Logger
    ) -> Int {
        let (epoch, start) = state.withLockedValue { state -> (Int, Bool) in
            if beat.sequence > (state.pending[beat.slaveID]?.sequence ?? Int.min) { state.pending[beat.slaveID] = beat }
            if let vouch, beat.sequence > (state.vouches[beat.slaveID]?.sequence ?? Int.min) {
                state.vouches[beat.slaveID] = (beat.sequence, vouch)
            }
            state.beaten.insert(key)
            defer { state.writing = true }
            return (state.epochs[beat.slaveID] ?? 0, !state.writing)
        }
        if start { Task { await self.write(to: database, now: now, metrics: metrics, logger: logger) } }
        return epoch
    }

    /// Pushes to the slaves whose leases `events` changed.
    func notify(_ events: [ChangeEvent]) {
        let slaves = Set(events.lazy.filter { $0.kind == .lease }.compactMap(\.slaveID))
        guard !slaves.isEmpty else { return }
        for push in pushes(to: slaves) { push(.leases) }
    }

    /// The push closures of `slaves`' links.
    private func pushes(to slaves: some Sequence<UUID>) -> [@Sendable (Push) -> Void] {
        state.withLockedValue { state in
            slaves.flatMap { state.bySlave[$0] ?? [] }.compactMap { state.links[$0]?.push }
        }
    }

    /// Writes the pending beats every ``flushInterval``, and looks the links over for silence every ``silenceCheckTurns`` turns,
    /// until a turn finds neither beats nor links.
    private func write(to database: any Database, now: @Sendable () -> Date, metrics: MasterMetrics, logger: Logger) async {
        while true {
            try? await Task.sleep(for: flushInterval)
            let (batch, vouches, silent, stop) = state.withLockedValue {
                state -> ([SlaveClaim], [UUID: InventoryVouch], [@Sendable (Push) -> Void], Bool) in
                defer {
                    state.pending.removeAll(keepingCapacity: true)
                    state.vouches.removeAll(keepingCapacity: true)
                    state.beaten.removeAll(keepingCapacity: true)
                }
                // The task runs while there are beats to write or links to watch.
                if state.pending.isEmpty, state.links.isEmpty { state.writing = false }
                let now = ContinuousClock.now
                for key in state.beaten where state.links[key] != nil { state.heard[key] = now }
                state.turns += 1
                let vouches = state.vouches.mapValues(\.vouch)
                guard state.turns >= Self.silenceCheckTurns else { return (Array(state.pending.values), vouches, [], !state.writing) }
                state.turns = 0
                let silent = state.links.filter { key, link in state.heard[key].map { now - $0 > link.silenceLimit } ?? true }
                return (Array(state.pending.values), vouches, silent.values.map(\.push), !state.writing)
            }
            for push in silent { push(.silent) }
            if stop { return }
            guard !batch.isEmpty else { continue }
            let store = Store(database: database)
            do {
                for start in stride(from: 0, to: batch.count, by: HeartbeatBatcher.maxBatch) {
                    let part = Array(batch[start..<min(start + HeartbeatBatcher.maxBatch, batch.count)])
                    metrics.heartbeatBatch(part.count)
                    let epochs = try await store.slaves.claimHeartbeats(part, at: now(), late: true)
                    state.withLockedValue { state in
                        for (slaveID, epoch) in epochs where state.bySlave[slaveID] != nil { state.epochs[slaveID] = epoch }
                    }
                    for refused in part where epochs[refused.slaveID] == nil {
                        let problem = await SlaveAuthentication.refusal(of: refused, store: store)
                        metrics.heartbeat(outcome: problem.code, duration: .zero)
                        for push in pushes(to: [refused.slaveID]) { push(.refused(problem)) }
                    }
                    // The unchanged reports of the slaves whose beats held: taken, or a full report asked for.
                    let vouched = part.compactMap { epochs[$0.slaveID] != nil ? vouches[$0.slaveID] : nil }
                    guard !vouched.isEmpty else { continue }
                    let confirmed = try await store.slaves.confirmInventories(vouched)
                    let wanted = vouched.map(\.slaveID).filter { !confirmed.contains($0) }
                    metrics.unchangedReports(confirmed: confirmed.count, wanted: wanted.count)
                    for push in pushes(to: wanted) { push(.reportWanted) }
                }
            } catch {
                // The beats are lost for this turn; the next ones come within a heartbeat interval.
                logger.warning("could not record the links' heartbeats", metadata: ["error": "\(DatabaseFailure.describe(error))"])
            }
        }
    }
}
