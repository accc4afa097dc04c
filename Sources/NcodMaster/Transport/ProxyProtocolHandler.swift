import NIOCore

/// Reads the PROXY protocol v2 header a trusted balancer (HAProxy's `send-proxy-v2`) sends ahead of TLS, records the client it
/// names in ``ProxiedClients``, and then steps out of the pipeline, passing on whatever followed the header.
///
/// A connection from a trusted balancer that does not start with a valid v2 header is closed: a receiver must not guess
/// (the protocol's specification, section 2). A `LOCAL` header (the balancer's own health check) keeps the balancer's address.
final class ProxyProtocolHandler: ChannelInboundHandler, RemovableChannelHandler {
    /// Bytes from the balancer.
    typealias InboundIn = ByteBuffer
    /// The bytes after the header, for TLS.
    typealias InboundOut = ByteBuffer

    /// The v2 signature: `\r\n\r\n\0\r\nQUIT\n`.
    static let signature: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A]
    /// The longest header accepted (addresses plus TLVs such as HAProxy's unique id).
    static let maximumLength = 16 + 536

    private let clients: ProxiedClients
    private let onInvalid: @Sendable (String) -> Void
    private var buffered: ByteBuffer?

    /// A handler recording into `clients`; `onInvalid` hears why a connection was closed (logged, once a minute at most).
    init(clients: ProxiedClients, onInvalid: @escaping @Sendable (String) -> Void = { _ in }) {
        self.clients = clients
        self.onInvalid = onInvalid
    }

    /// What a complete header says: the client's address, or nothing for `LOCAL` and unknown families.
    enum Parsed: Equatable {
        /// Not all of the header is here yet.
        case incomplete
        /// The header, `length` bytes long, names this client (`nil`: keep the balancer's address).
        case header(length: Int, client: SocketAddress?)
        /// Not a v2 header.
        case invalid(String)
    }

    /// Parses the start of `buffer` without consuming it.
    static func parse(_ buffer: ByteBuffer) -> Parsed {
        let available = buffer.readableBytes
        let prefix = buffer.getBytes(at: buffer.readerIndex, length: min(available, 12)) ?? []
        guard prefix == Array(signature.prefix(prefix.count)) else { return .invalid("no PROXY protocol v2 signature") }
        guard available >= 16, let versionCommand = buffer.getInteger(at: buffer.readerIndex + 12, as: UInt8.self),
            let family = buffer.getInteger(at: buffer.readerIndex + 13, as: UInt8.self),
            let length = buffer.getInteger(at: buffer.readerIndex + 14, as: UInt16.self)
        else { return .incomplete }
        guard versionCommand >> 4 == 2 else { return .invalid("PROXY protocol version \(versionCommand >> 4), not 2") }
        let total = 16 + Int(length)
        guard total <= maximumLength else { return .invalid("PROXY header of \(total) bytes") }
        guard available >= total else { return .incomplete }
        let command = versionCommand & 0x0F
        guard command == 1 else { return command == 0 ? .header(length: total, client: nil) : .invalid("PROXY command \(command)") }
        let body = buffer.readerIndex + 16
        switch family {
        case 0x11 where length >= 12:  // TCP over IPv4: source, destination, source port, destination port
            guard let address = buffer.getSlice(at: body, length: 4), let port = buffer.getInteger(at: body + 8, as: UInt16.self),
                let client = try? SocketAddress(packedIPAddress: address, port: Int(port))
            else { return .invalid("unreadable IPv4 addresses") }
            return .header(length: total, client: client)
        case 0x21 where length >= 36:  // TCP over IPv6
            guard let address = buffer.getSlice(at: body, length: 16), let port = buffer.getInteger(at: body + 32, as: UInt16.self),
                let client = try? SocketAddress(packedIPAddress: address, port: Int(port))
            else { return .invalid("unreadable IPv6 addresses") }
            return .header(length: total, client: client)
        default:
            return .header(length: total, client: nil)
        }
    }

    /// Gathers bytes until the header is complete, then records the client and hands the rest on.
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        if buffered == nil {
            buffered = incoming
        } else {
            buffered!.writeBuffer(&incoming)
        }
        guard var buffer = buffered else { return }
        switch Self.parse(buffer) {
        case .incomplete:
            return
        case .invalid(let reason):
            buffered = nil
            onInvalid("\(reason) from \(context.channel.remoteAddress?.ipAddress ?? "?")")
            context.close(promise: nil)
        case .header(let length, let client):
            buffer.moveReaderIndex(forwardBy: length)
            buffered = nil
            if let client, let key = ConnectionGate.connectionKey(context.channel.remoteAddress) {
                clients.record(client, for: key)
                let clients = self.clients
                context.channel.closeFuture.whenComplete { _ in clients.forget(key) }
            }
            if buffer.readableBytes > 0 { context.fireChannelRead(wrapInboundOut(buffer)) }
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
    }
}
