import Foundation
import Vapor

/// Refuses a query string that holds a NUL character (`%00`) with a 400 problem, for the reason `NULRefusingDecoder` gives for bodies.
struct NULRefusingMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let query = request.url.query, NULRefusingDecoder.formHoldsNUL(Data(query.utf8)) { throw NULRefusingDecoder.problem("the query string") }
        return try await next.respond(to: request)
    }
}
