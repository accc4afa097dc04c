import Fluent
import Foundation
import Logging
import NcodCore
import NcodStore
import ServiceLifecycle
import Vapor

/// Runs ``FleetSweep``, ends expired leases, moves the waiting lists on (``WaitingList``) and seals the audit log (``AuditSeals``)
/// every `interval`, until graceful shutdown.
///
/// In a fleet of masters on one database only one sweeps: each turn starts by claiming the ``duty`` for three intervals
/// (``FleetDuties``). The master holding it renews it every turn; when it stops, another takes over within three intervals.
struct FleetSweeperService: Service {
    let app: Application
    let interval: Duration

    /// The duty's name in `fleet_duties`.
    static let duty = "sweep"

    func run() async throws {
        do {
            try await sweepUntilShutdown()
        } catch is CancellationError {
            // Graceful shutdown cancels the sleep between sweeps: a normal end.
        }
        // Hand the duty on at once rather than after it expires.
        try? await Store(database: app.db).duties.release(Self.duty, holder: app.ncod.instanceID.uuidString)
    }

    /// Whether this master holds the sweep duty for the turn starting at `now`.
    private func claimDuty(_ store: Store, now: Date) async throws -> Bool {
        let hold = (interval * 3).inSeconds
        let held = try await store.duties.claim(Self.duty, holder: app.ncod.instanceID.uuidString, until: now.addingTimeInterval(hold), now: now)
        app.ncod.metrics.sweeperDuty(held: held)
        return held
    }

    /// Writes one `connection.refused` audit row per address the ``ConnectionGate`` refused since the last turn (every master
    /// keeps its own gate, so this runs whether or not this master sweeps).
    private func auditRefusedConnections(_ store: Store) async throws {
        for tally in app.ncod.connectionGate.drainRefusals() {
            var details = ["ip": tally.address]
            for (reason, count) in tally.counts { details[reason.rawValue] = String(count) }
            try await store.audit.append(
                AuditEvent(at: app.ncod.now(), actor: "anonymous", action: "connection.refused", subject: tally.address, details: details))
        }
    }

    /// Walks the audit chain once a day (the first turn a day after the last walk), and says so loudly when it is broken.
    private func verifyDaily(_ store: Store) async throws {
        let now = app.ncod.now()
        if let last = try await AuditSeals.lastVerification(store: store), now.timeIntervalSince(last.at) < 86_400 { return }
        let result = try await AuditSeals.verifyAndRecord(store: store, key: app.ncod.auditKey, now: now, actor: "system")
        app.ncod.metrics.auditChain(intact: result.intact)
        if let finding = result.finding {
            app.logger.critical("the audit log was tampered with", metadata: ["finding": "\(finding.kind.rawValue)", "detail": "\(finding.detail)"])
        }
    }

    private func sweepUntilShutdown() async throws {
        try await cancelWhenGracefulShutdown {
            var lastSeal: ContinuousClock.Instant?
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                do {
                    let store = Store(database: app.db)
                    try await auditRefusedConnections(store)
                    guard try await claimDuty(store, now: app.ncod.now()) else { continue }
                    let offline = try await FleetSweep.run(
                        store: store, now: app.ncod.now(), silenceLimit: FleetSweep.silenceLimit(heartbeatSeconds: app.ncod.heartbeatIntervalSeconds),
                        events: app.ncod.events)
                    try await LeaseEnding.expire(store: store, now: app.ncod.now(), events: app.ncod.events)
                    try await WaitingList.allocate(
                        store: store, now: app.ncod.now(), window: app.ncod.holdWindowSeconds, events: app.ncod.events)
                    // New audit records are sealed every `--seal-interval` (every turn by default).
                    if lastSeal.map({ ContinuousClock.now - $0 >= .seconds(app.ncod.sealIntervalSeconds) }) ?? true {
                        lastSeal = ContinuousClock.now
                        try await AuditSeals.seal(store: store, key: app.ncod.auditKey)
                    }
                    try await verifyDaily(store)
                    for slave in offline { app.logger.notice("slave went offline", metadata: ["slave": "\(slave.name)"]) }
                } catch is CancellationError {
                    return
                } catch {
                    app.logger.error("offline sweep failed", metadata: ["error": "\(DatabaseFailure.describe(error))"])
                }
            }
        }
    }
}
