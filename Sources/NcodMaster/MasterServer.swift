import Logging
import Metrics
import NIOCore
import NIOPosix
import NcodCore
import NcodStore
import Prometheus
import ServiceLifecycle
import Vapor

/// `ncod-master serve`: loads keys, migrates, listens over HTTPS until SIGTERM or SIGINT, shuts down gracefully.
public enum MasterServer {
    /// Makes SwiftNIO's event loops the executor of Swift concurrency for this process, so that an async request handler runs
    /// on the event loop its connection lives on instead of hopping to Swift's cooperative pool and back (each hop a thread
    /// wake-up: the largest part of a heartbeat's cost in BENCHMARKS.md's profile). Call first thing in `main`, before any task
    /// starts; returns whether it took effect.
    @discardableResult
    public static func runTasksOnEventLoops() -> Bool {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }

    /// Runs the master until a termination signal; `onListening` receives the bound port.
    public static func run(_ configuration: MasterConfiguration, logger: Logger, onListening: @escaping @Sendable (Int) -> Void = { _ in })
        async throws
    {
        let keys = try KeyMaterial.load(configuration)
        let app = try await MasterApplication.make(configuration, keys: keys, logger: logger)
        // Once per process: swift-metrics (Vapor's request counters and timers among them) lands in the registry /metrics shows.
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: app.ncod.metrics.registry))
        do {
            try await MasterApplication.migrate(app, location: configuration.database)
            logger.info("database ready", metadata: ["database": "\(configuration.database)"])
            var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
                .init(service: HTTPServerService(app: app, onListening: onListening)),
                .init(service: FleetSweeperService(app: app, interval: .seconds(configuration.sweepIntervalSeconds))),
            ]
            if case .postgres(let url) = configuration.database { services.append(.init(service: FleetListener(app: app, url: url))) }
            let group = ServiceGroup(
                configuration: .init(
                    services: services,
                    gracefulShutdownSignals: [.sigterm, .sigint],
                    logger: logger
                )
            )
            try await group.run()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        logger.notice("stopped")
    }
}
