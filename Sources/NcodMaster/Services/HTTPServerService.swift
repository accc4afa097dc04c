import Logging
import NcodCore
import ServiceLifecycle
import Vapor

/// Runs the Vapor HTTPS server as a lifecycle service: listens until graceful shutdown,
/// then stops accepting, lets requests in flight finish, and returns.
public struct HTTPServerService: Service {
    /// How long the master serves before it gives back its start-up's pages: by then the keys, the migrations and Vapor's boot are
    /// long done; the code the fleet and the people use comes back a page at a time as they use it.
    static let settlingTime = Duration.seconds(10)

    let app: Application
    let onListening: @Sendable (Int) -> Void

    /// A service for `app`; `onListening` receives the bound port (useful with port 0).
    public init(app: Application, onListening: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.app = app
        self.onListening = onListening
    }

    /// Serves until graceful shutdown is triggered, then shuts the server down.
    public func run() async throws {
        try await app.asyncBoot()
        let configuration = app.http.server.configuration
        try await app.server.start(address: .hostname(configuration.hostname, port: configuration.port))
        // Every accepted connection passes the gate, which gives it TLS: per-address and total caps, and the first request's deadline.
        guard let listener = ListeningChannel.of(app.http.server.shared), let tls = app.ncod.tls else {
            await app.server.shutdown()
            throw StartupError.refused("cannot guard the listening socket (this Vapor release hides it, or no TLS); not serving unguarded")
        }
        // A trusted balancer whose connection does not start with a PROXY header is misconfigured: said once a minute.
        let (logger, repeated) = (app.logger, RepeatedWarning())
        let gate = ConnectionGateHandler(
            gate: app.ncod.connectionGate, tls: tls, balancers: app.ncod.proxyProtocolFrom, proxiedClients: app.ncod.proxiedClients,
            onInvalidHeader: { reason in
                repeated.warning(logger, "connection from a trusted balancer closed: \(reason)", key: "proxy-protocol")
            })
        // The gate joins the listening channel on its event loop: a loop held at start shows here (once seen under a test suite's
        // load, a minute between Vapor's "Server started" and "listening"), so a slow step says how long it waited.
        let guarding = ContinuousClock.now
        try await listener.pipeline.addHandler(gate, position: .first)
        if case let waited = ContinuousClock.now - guarding, waited > .seconds(1) {
            app.logger.warning("the listening socket's event loop was slow to take the connection gate", metadata: ["waited": "\(waited)"])
        }
        let port = app.http.server.shared.localAddress?.port ?? configuration.port
        app.logger.notice("listening", metadata: ["url": "https://\(configuration.hostname):\(port)"])
        onListening(port)
        // Under systemd (Type=notify): ready once it listens; a watchdog ping while its tasks turn; stopping on the way out.
        let systemd = SystemdNotify()
        systemd.send("READY=1\nSTATUS=serving on port \(port)")
        let watchdog = systemd.startWatchdog()
        let settling = releaseStartupPages(after: Self.settlingTime)
        try? await gracefulShutdown()
        settling.cancel()
        watchdog?.cancel()
        systemd.send("STOPPING=1")
        app.logger.notice("shutting down: no new connections, finishing requests in flight")
        await app.ncod.events.finishAll()
        await app.server.shutdown()
    }

    /// Gives back, once `delay` has passed, the pages of code only start-up used (``ProgramPages``): under 2,000 event streams the
    /// master then holds 40 MiB of its binary's and libraries' pages instead of 48 (BENCHMARKS.md). On the thread pool: the
    /// kernel's walk of the mappings should not hold an event loop.
    private func releaseStartupPages(after delay: Duration) -> Task<Void, Never> {
        let (pool, logger) = (app.threadPool, app.logger)
        return Task {
            guard (try? await Task.sleep(for: delay)) != nil else { return }
            _ = try? await pool.runIfActive { ProgramPages.releaseStartup(logger: logger) }
        }
    }
}
