import Vapor

/// Tells the ``ConnectionGate`` that a connection's request head arrived, lifting its first-request deadline, and refuses a
/// request on a connection that never passed the gate.
///
/// The gate gives each connection its TLS (``ConnectionGateHandler``); a connection Vapor accepted before the gate stood on the
/// listening socket has none, and is answered only with a refusal and closed, so the master never serves plain HTTP.
struct RequestArrival: AsyncMiddleware {
    /// Marks the connection, then passes the request on; or refuses it.
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // A request without a network peer (Vapor's in-memory testing) has no connection to check.
        if let connection = request.connectionKey, !request.ncod.connectionGate.headArrived(on: connection) {
            request.logger.warning(
                "request refused: its connection did not pass the gate (no TLS)",
                metadata: ["peer": "\(request.remoteAddress?.description ?? "unknown")"])
            return Response(status: .misdirectedRequest, headers: ["Connection": "close"])
        }
        return try await next.respond(to: request)
    }
}
