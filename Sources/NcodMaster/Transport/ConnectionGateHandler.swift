import NIOCore

/// The first handler of the master's listening socket: every accepted connection passes ``ConnectionGate`` before Vapor sets up
/// TLS and HTTP on it. A refused connection is closed at once and never reaches them.
final class ConnectionGateHandler: ChannelInboundHandler, Sendable {
    /// Accepted connections, as the listening socket's pipeline passes them on.
    typealias InboundIn = Channel
    /// The same connections, passed on to the bootstrap that sets them up.
    typealias InboundOut = Channel

    private let gate: ConnectionGate

    /// A handler admitting connections through `gate`.
    init(gate: ConnectionGate) {
        self.gate = gate
    }

    /// Admits or refuses one accepted connection.
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let connection = unwrapInboundIn(data)
        guard let address = connection.remoteAddress?.ipAddress, let key = ConnectionGate.connectionKey(connection.remoteAddress) else {
            context.fireChannelRead(data)
            return
        }
        if gate.admit(address) != nil {
            connection.close(mode: .all, promise: nil)
            return
        }
        let gate = self.gate
        gate.awaitHead(of: connection, connection: key)
        connection.closeFuture.whenComplete { _ in gate.release(address, connection: key) }
        context.fireChannelRead(data)
    }
}
