import Vapor

/// Headers every answer carries, API and errors included: HSTS (the master speaks HTTPS only) and `nosniff`; and `Vary: Origin`
/// on an answer whose CORS header names the caller's origin, so that no cache hands it to another origin.
struct TransportHeaders: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        if let allowed = response.headers.first(name: .accessControlAllowOrigin), allowed != "*",
            !response.headers[.vary].contains(where: { $0.lowercased().contains("origin") })
        {
            response.headers.add(name: .vary, value: "Origin")
        }
        return response
    }
}
