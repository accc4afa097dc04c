import Vapor

/// Every answer longer than a paced piece (64 KiB) goes out paced (``Vapor/Response/Body/paced(_:)``): a piece at a time, the
/// next once the socket has taken the last. The device list of a large site (4 MB for 10,000 devices), the administrators' lists
/// and reports: none is held twice, in the clear and encrypted, for as long as its client takes to read it.
struct PacedAnswers: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        if response.body.count > Response.Body.pacedPiece, let buffer = response.body.buffer {
            response.body = .paced(buffer)
        }
        return response
    }
}
