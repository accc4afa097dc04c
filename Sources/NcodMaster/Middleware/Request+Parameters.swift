import NcodCore
import Vapor

extension Request {
    /// The path parameter `name` as a UUID, or a 400 problem saying it is not one.
    func uuidParameter(_ name: String) throws -> UUID {
        guard let text = parameters.get(name), let id = UUID(uuidString: text) else {
            throw Problem(status: 400, code: "invalid_request", title: "Bad Request", detail: "'\(parameters.get(name) ?? "")' is not a valid id")
        }
        return id
    }
}

extension Problem {
    /// The same problem, answered with a `Retry-After` header of `seconds`.
    func retryAfter(_ seconds: Int) -> RetryingProblem { RetryingProblem(problem: self, seconds: seconds) }
}

/// A problem whose response carries `Retry-After`.
struct RetryingProblem: ProblemRepresentable, AbortError {
    let problem: Problem
    let seconds: Int
    var status: HTTPResponseStatus { HTTPResponseStatus(statusCode: problem.status) }
    var reason: String { problem.detail ?? problem.title }
    var headers: HTTPHeaders { ["Retry-After": String(seconds)] }
}
