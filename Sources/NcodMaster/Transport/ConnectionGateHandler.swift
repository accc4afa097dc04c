import NIOCore

/// The first handler of the master's listening socket: every accepted connection passes ``ConnectionGate`` before Vapor sets up
/// TLS and HTTP on it. A refused connection is closed at once and never reaches them.
final class ConnectionGateHandler: ChannelInboundHandler, Sendable {
    /// Accepted connections, as the listening socket's pipeline passes them on.
    typealias InboundIn = Channel
    /// The same connections, passed on to the bootstrap that sets them up.
    typealias InboundOut = Channel

    private let gate: ConnectionGate
    private let balancers: [AddressRange]
    private let proxiedClients: ProxiedClients
    private let onInvalidHeader: @Sendable (String) -> Void

    /// A handler admitting connections through `gate`; connections from `balancers` start with a PROXY protocol header
    /// (recorded in `proxiedClients`) and are not held to the per-address cap, since they carry many people.
    init(
        gate: ConnectionGate, balancers: [AddressRange] = [], proxiedClients: ProxiedClients = ProxiedClients(),
        onInvalidHeader: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.gate = gate
        self.balancers = balancers
        self.proxiedClients = proxiedClients
        self.onInvalidHeader = onInvalidHeader
    }

    /// Admits or refuses one accepted connection.
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let connection = unwrapInboundIn(data)
        guard let address = connection.remoteAddress?.ipAddress, let key = ConnectionGate.connectionKey(connection.remoteAddress) else {
            context.fireChannelRead(data)
            return
        }
        let balancer = balancers.contains { $0.contains(connection.remoteAddress) }
        if balancer {
            // Ahead of TLS, which the bootstrap adds after this: the header comes first on the wire.
            let (clients, onInvalid) = (proxiedClients, onInvalidHeader)
            let add: @Sendable () -> Void = {
                do {
                    try connection.pipeline.syncOperations.addHandler(
                        ProxyProtocolHandler(clients: clients, onInvalid: onInvalid), position: .first)
                } catch {
                    connection.close(promise: nil)
                }
            }
            if connection.eventLoop.inEventLoop { add() } else { connection.eventLoop.execute(add) }
        }
        if gate.admit(address, balancer: balancer) != nil {
            connection.close(mode: .all, promise: nil)
            return
        }
        let gate = self.gate
        gate.awaitHead(of: connection, connection: key)
        connection.closeFuture.whenComplete { _ in gate.release(address, connection: key) }
        context.fireChannelRead(data)
    }
}
