import NIOConcurrencyHelpers
import NIOCore

/// The clients that trusted balancers named in PROXY protocol headers, by the balancer-side connection (``ConnectionGate``'s
/// key: the balancer's address and port), for as long as each connection is open. ``Vapor/Request/sourceAddress`` asks here, so
/// rate limits and the audit log see the person's address rather than the balancer's.
final class ProxiedClients: Sendable {
    private let clients = NIOLockedValueBox([String: SocketAddress]())

    /// An empty registry.
    init() {}

    /// Notes that the connection `key` carries `client`.
    func record(_ client: SocketAddress, for key: String) { clients.withLockedValue { $0[key] = client } }

    /// Drops a closed connection.
    func forget(_ key: String) { clients.withLockedValue { $0[key] = nil } }

    /// The client behind connection `key`, if a balancer named one.
    func client(for key: String?) -> SocketAddress? {
        guard let key else { return nil }
        return clients.withLockedValue { $0[key] }
    }
}
