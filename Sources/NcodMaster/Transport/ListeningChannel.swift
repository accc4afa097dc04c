import NIOCore
import Vapor

/// Finds the listening socket of a started Vapor ``HTTPServer``.
///
/// Vapor 4 keeps it private and offers no hook on its pipeline, so this looks for the one ``Channel`` among the server's stored
/// values whose local address is the server's. The suite's connection drill fails if a Vapor release hides it further.
enum ListeningChannel {
    /// The listening channel of `server`, or `nil` when none is found.
    static func of(_ server: HTTPServer) -> Channel? {
        guard let address = server.localAddress else { return nil }
        return search(Mirror(reflecting: server), for: address, depth: 0)
    }

    private static func search(_ mirror: Mirror, for address: SocketAddress, depth: Int) -> Channel? {
        guard depth < 10 else { return nil }
        for child in mirror.children {
            if let channel = child.value as? Channel, channel.localAddress == address, channel.remoteAddress == nil { return channel }
            if let found = search(Mirror(reflecting: child.value), for: address, depth: depth + 1) { return found }
        }
        if let parent = mirror.superclassMirror { return search(parent, for: address, depth: depth + 1) }
        return nil
    }
}
