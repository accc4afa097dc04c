import Foundation
import Logging
import NcodCore
import NcodStore
import ServiceLifecycle
import Vapor

/// Receives the changes the fleet's other masters publish (PostgreSQL LISTEN on a connection of its own) and delivers them
/// to this master's ``EventHub``, so their clients' changes reach this master's event streams and device list. Reconnects
/// with backoff when the connection is lost. What was said meanwhile was missed, so each time it is listening again it marks
/// the device list stale and has the hub tell its stream clients to reload.
struct FleetListener: Service {
    let app: Application
    /// The fleet's database.
    let url: String

    func run() async throws {
        let hub = app.ncod.events
        let origin = app.ncod.instanceID
        let logger = app.logger
        await cancelWhenGracefulShutdown {
            var failures = 0
            var listened = false
            while !Task.isCancelled {
                let again = listened
                listened = true
                do {
                    try await FleetChannel.listen(
                        url: url, logger: logger,
                        onListening: {
                            hub.inventory.invalidateAll()
                            if again { await hub.forgetAndDisconnect() }
                            logger.info(again ? "listening to the fleet's other masters again" : "listening to the fleet's other masters")
                        },
                        receive: { payload in
                            guard let message = try? NcodJSON.decoder().decode(FleetRelay.Message.self, from: Data(payload.utf8)) else {
                                logger.warning("ignored a fleet notification that is not ncod's", metadata: ["bytes": "\(payload.utf8.count)"])
                                return
                            }
                            guard message.origin != origin else { return }
                            await hub.deliver(message.events)
                        })
                    failures = 0
                } catch {
                    if Task.isCancelled { return }
                    failures += 1
                    logger.warning(
                        "lost the fleet's notification channel; listening again", metadata: ["error": "\(DatabaseFailure.describe(error))"])
                }
                let delay = min(5_000, 100 << min(failures, 6))
                try? await Task.sleep(for: .milliseconds(delay))
            }
        }
    }
}
