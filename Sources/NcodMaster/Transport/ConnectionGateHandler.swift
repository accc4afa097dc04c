import NIOCore
import NIOSSL

/// The first handler of the master's listening socket: every accepted connection passes ``ConnectionGate`` and is given its TLS
/// here, before Vapor sets up HTTP on it. A refused connection is closed at once and never reaches them.
///
/// Every connection's TLS comes from one ``NIOSSLContext``, made once at start: Vapor's own TLS set-up makes a context (a
/// BoringSSL `SSL_CTX`, the certificate chain copied) for each connection it accepts, held for the connection's life
/// with its ALPN step (about 8.5 KB a connection in a heap profile: 3.5 of BoringSSL, 5 of Swift objects), and a handshake that
/// cannot resume a session another connection began (BENCHMARKS.md, "streams").
final class ConnectionGateHandler: ChannelInboundHandler, Sendable {
    /// Accepted connections, as the listening socket's pipeline passes them on.
    typealias InboundIn = Channel
    /// The same connections, passed on to the bootstrap that sets them up.
    typealias InboundOut = Channel

    private let gate: ConnectionGate
    private let tls: NIOSSLContext
    private let balancers: [AddressRange]
    private let proxiedClients: ProxiedClients
    private let onInvalidHeader: @Sendable (String) -> Void

    /// A handler admitting connections through `gate` and giving them TLS from `tls`; connections from `balancers` start with a
    /// PROXY protocol header (recorded in `proxiedClients`) and are not held to the per-address cap, since they carry many people.
    init(
        gate: ConnectionGate, tls: NIOSSLContext, balancers: [AddressRange] = [], proxiedClients: ProxiedClients = ProxiedClients(),
        onInvalidHeader: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.gate = gate
        self.tls = tls
        self.balancers = balancers
        self.proxiedClients = proxiedClients
        self.onInvalidHeader = onInvalidHeader
    }

    /// Admits or refuses one accepted connection.
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let connection = unwrapInboundIn(data)
        guard let address = connection.remoteAddress?.ipAddress, let key = ConnectionGate.connectionKey(connection.remoteAddress) else {
            connection.close(mode: .all, promise: nil)  // gone already, or not a network peer: nothing to admit
            return
        }
        let balancer = balancers.contains { $0.contains(connection.remoteAddress) }
        if gate.admit(address, balancer: balancer) != nil {
            connection.close(mode: .all, promise: nil)
            return
        }
        // TLS first, then (from a balancer) the PROXY header ahead of it, which comes first on the wire. The connection's event
        // loop runs this before the bootstrap sets HTTP up after them.
        let (tls, clients, onInvalid) = (self.tls, proxiedClients, onInvalidHeader)
        let secure: @Sendable () -> Void = {
            do {
                try connection.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls), position: .first)
                if balancer {
                    try connection.pipeline.syncOperations.addHandler(
                        ProxyProtocolHandler(clients: clients, onInvalid: onInvalid), position: .first)
                }
            } catch {
                connection.close(promise: nil)
            }
        }
        if connection.eventLoop.inEventLoop { secure() } else { connection.eventLoop.execute(secure) }
        let gate = self.gate
        gate.awaitHead(of: connection, connection: key)
        connection.closeFuture.whenComplete { _ in gate.release(address, connection: key) }
        context.fireChannelRead(data)
    }
}
