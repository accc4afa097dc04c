import Fluent
import Foundation
import Logging
import NcodStore
import ServiceLifecycle
import Vapor

/// Runs ``FleetSweep`` and ends expired leases every `interval`, until graceful shutdown.
struct FleetSweeperService: Service {
    let app: Application
    let interval: Duration

    func run() async throws {
        do {
            try await sweepUntilShutdown()
        } catch is CancellationError {
            // Graceful shutdown cancels the sleep between sweeps: a normal end.
        }
    }

    private func sweepUntilShutdown() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                do {
                    let store = Store(database: app.db)
                    let offline = try await FleetSweep.run(store: store, now: app.ncod.now(), events: app.ncod.events)
                    try await LeaseDesk.expire(store: store, now: app.ncod.now(), events: app.ncod.events)
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
