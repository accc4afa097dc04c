import FluentKit
import Foundation
import NcodCore
import NcodStore

/// Writes heartbeats to the database together (group commit). A beat that arrives while no write is under way starts one at
/// once; beats that arrive during a write wait for the next, which carries all of them in one statement. So a quiet master
/// answers a beat after one round trip, as before, and a busy one makes one round trip for a whole batch instead of two per
/// beat. The database stays the record of liveness, so the offline sweep and a second master see every beat as before.
actor HeartbeatBatcher {
    /// Most beats written by one statement (four parameters each).
    static let maxBatch = 500

    private struct Waiting {
        let beat: SlaveClaim
        let continuation: CheckedContinuation<Int?, any Error>
        let now: @Sendable () -> Date
        let metrics: MasterMetrics
    }

    private var waiting: [Waiting] = []
    private var writing = false

    /// Records `beat` with the next batch written to `database`, stamped with the master's `now()` and counted in `metrics`; the slave's lease epoch when it was accepted, `nil` when it
    /// was refused (unknown or wrong credential, disabled slave, old session, replayed sequence: the caller finds out which).
    func claim(
        _ beat: SlaveClaim, on database: any Database, now: @escaping @Sendable () -> Date, metrics: MasterMetrics
    ) async throws -> Int? {
        try await withCheckedThrowingContinuation { continuation in
            waiting.append(Waiting(beat: beat, continuation: continuation, now: now, metrics: metrics))
            if !writing {
                writing = true
                Task { await self.write(on: database) }
            }
        }
    }

    /// Writes batches until no beat waits.
    private func write(on database: any Database) async {
        while !waiting.isEmpty {
            let batch = Array(waiting.prefix(Self.maxBatch))
            waiting.removeFirst(batch.count)
            batch[0].metrics.heartbeatBatch(batch.count)
            do {
                let epochs = try await Store(database: database).slaves.claimHeartbeats(batch.map(\.beat), at: batch[0].now())
                // Of two beats of one slave in a batch, only the higher sequence counted.
                var highest: [UUID: Int] = [:]
                for entry in batch { highest[entry.beat.slaveID] = max(highest[entry.beat.slaveID] ?? Int.min, entry.beat.sequence) }
                for entry in batch {
                    let counted = highest[entry.beat.slaveID] == entry.beat.sequence
                    entry.continuation.resume(returning: counted ? epochs[entry.beat.slaveID] : nil)
                }
            } catch {
                for entry in batch { entry.continuation.resume(throwing: error) }
            }
        }
        writing = false
    }
}
