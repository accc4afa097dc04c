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

    /// The query flag `name`: false when absent, `true`/`1` or `false`/`0` when given, and a 400 problem for anything else.
    func flag(_ name: String) throws -> Bool {
        guard let text = try? query.get(String.self, at: name) else { return false }
        switch text.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default:
            throw Problem(status: 400, code: "invalid_request", title: "Bad Request", detail: "\(name) must be true or false, not '\(text)'")
        }
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
