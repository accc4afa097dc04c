import Vapor

/// Tells the ``ConnectionGate`` that a connection's request head arrived, lifting its first-request deadline.
struct RequestArrival: AsyncMiddleware {
    /// Marks the connection, then passes the request on.
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let connection = request.connectionKey { request.ncod.connectionGate.headArrived(on: connection) }
        return try await next.respond(to: request)
    }
}
