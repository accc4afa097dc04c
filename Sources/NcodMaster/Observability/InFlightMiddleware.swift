import Vapor

/// Counts the requests being served, for `ncod_http_requests_in_flight`.
struct InFlightMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let metrics = request.ncod.metrics
        metrics.requestsInFlight.add(1, ordering: .relaxed)
        defer { metrics.requestsInFlight.subtract(1, ordering: .relaxed) }
        return try await next.respond(to: request)
    }
}
