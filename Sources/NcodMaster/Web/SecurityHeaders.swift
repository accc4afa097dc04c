import Vapor

/// Headers every web page carries: HSTS, no framing, no sniffing, no referrer, and a content policy that allows only our own files.
struct SecurityHeaders: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "no-referrer")
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'self'; form-action 'self'; frame-ancestors 'none'")
        return response
    }
}
