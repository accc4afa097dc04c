import Logging
import NcodCore
import ServiceLifecycle
import Vapor

/// Runs the Vapor HTTPS server as a lifecycle service: listens until graceful shutdown,
/// then stops accepting, lets requests in flight finish, and returns.
public struct HTTPServerService: Service {
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
        // Every accepted connection passes the gate before TLS: per-address and total caps, and the first request's deadline.
        guard let listener = ListeningChannel.of(app.http.server.shared) else {
            await app.server.shutdown()
            throw StartupError.refused("cannot guard the listening socket (this Vapor release hides it); not serving unguarded")
        }
        // A trusted balancer whose connection does not start with a PROXY header is misconfigured: said once a minute.
        let (logger, repeated) = (app.logger, RepeatedWarning())
        let gate = ConnectionGateHandler(
            gate: app.ncod.connectionGate, balancers: app.ncod.proxyProtocolFrom, proxiedClients: app.ncod.proxiedClients,
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
        try? await gracefulShutdown()
        watchdog?.cancel()
        systemd.send("STOPPING=1")
        app.logger.notice("shutting down: no new connections, finishing requests in flight")
        await app.ncod.events.finishAll()
        await app.server.shutdown()
    }
}
