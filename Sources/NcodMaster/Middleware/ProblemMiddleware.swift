import NcodCore
import Vapor

/// Turns every error thrown below it into an RFC 9457 `application/problem+json` response,
/// and logs server faults with the request id, never a stack trace to the client.
struct ProblemMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            var problem = Self.problem(for: error)
            var headers = (error as? any AbortError)?.headers ?? [:]
            if let allowed = Self.otherMethods(for: request, problem: problem) {
                let list = allowed.joined(separator: ", ")
                problem = Problem(
                    status: 405, code: "method_not_allowed", title: "Method Not Allowed",
                    detail: "\(request.url.path) answers \(list), not \(request.method.rawValue)")
                headers.replaceOrAdd(name: .allow, value: list)
            } else if problem.status == 404, problem.detail == nil {
                problem.detail = "no such resource: \(request.method.rawValue) \(request.url.path)"
            }
            if problem.status >= 500 {
                request.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.url.path)"])
            } else {
                request.logger.debug("request refused", metadata: ["code": "\(problem.code)", "detail": "\(problem.detail ?? "")"])
            }
            if problem.status == 503, !headers.contains(name: .retryAfter) { headers.replaceOrAdd(name: .retryAfter, value: "5") }
            headers.replaceOrAdd(name: .vary, value: "Accept-Language")
            if problem.chineseDetail == nil { problem.chineseDetail = ProblemCatalogue.chinese(problem.code) }
            return try Self.response(for: problem.localized(to: Self.language(of: request)), headers: headers)
        }
    }

    /// The methods `request`'s path answers when `problem` only says the method is wrong: the router found no route
    /// (a 404 without detail), or a `:id` route took a path that a fixed route answers for other methods (`PATCH …/enrolment-tokens`).
    static func otherMethods(for request: Request, problem: Problem) -> [String]? {
        let routes = request.application.routes.all
        let candidates: [Route]
        if problem.status == 404, problem.detail == nil {
            candidates = routes
        } else if problem.status == 400, request.route?.path.contains(where: { !$0.isConstant }) == true {
            candidates = routes.filter { $0.path.allSatisfy(\.isConstant) }
        } else {
            return nil
        }
        let allowed = allowedMethods(for: request.url.path, in: candidates)
        return allowed.isEmpty || allowed.contains(request.method.rawValue) ? nil : allowed
    }

    /// The methods the router answers at `path` (HEAD with GET), in a stable order; empty when no route has this path.
    ///
    /// As in the router, fixed text wins over a parameter: `…/slaves/enrolment-tokens` answers the methods of that route,
    /// not those of `…/slaves/:id`.
    static func allowedMethods(for path: String, in routes: [Route]) -> [String] {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let matching = routes.filter { matches(parts, $0.path) }
        let specificity = { (route: Route) in route.path.map { $0.isConstant ? 1 : 0 } }
        guard let best = matching.map(specificity).max(by: { $0.lexicographicallyPrecedes($1) }) else { return [] }
        var methods = Set<String>()
        for route in matching where specificity(route) == best {
            methods.insert(route.method.rawValue)
            if route.method == .GET { methods.insert("HEAD") }
        }
        let order = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]
        return methods.sorted { (order.firstIndex(of: $0) ?? order.count, $0) < (order.firstIndex(of: $1) ?? order.count, $1) }
    }

    private static func matches(_ parts: [String], _ pattern: [PathComponent]) -> Bool {
        for (index, component) in pattern.enumerated() {
            switch component {
            case .catchall: return parts.count > index
            case .constant(let text): if index >= parts.count || parts[index] != text { return false }
            case .parameter, .anything: if index >= parts.count { return false }
            }
        }
        return parts.count == pattern.count
    }

    /// The language a client reads: Chinese when its first `Accept-Language` choice is `zh…`, else English.
    static func language(of request: Request) -> Language {
        let choices = request.headers[.acceptLanguage].flatMap { $0.split(separator: ",") }.map { part -> (String, Double) in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            let weight = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return (pieces.first?.lowercased() ?? "", weight)
        }
        let first = choices.enumerated().max { ($0.element.1, -$0.offset) < ($1.element.1, -$1.offset) }?.element.0 ?? ""
        return first.hasPrefix("zh") ? .simplifiedChinese : .english
    }

    /// The problem that describes `error` to a client.
    static func problem(for error: any Error) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let representable as any ProblemRepresentable:
            return representable.problem
        case let store as StoreError:
            return problem(for: store)
        case let abort as any AbortError:
            let status = abort.status
            let detail = abort.reason == status.reasonPhrase ? nil : abort.reason
            return Problem(status: Int(status.code), code: code(for: status), title: status.reasonPhrase, detail: detail)
        case let failure where DatabaseFailure.isUnavailable(failure):
            return Problem(
                status: 503, code: "database_unavailable", title: "Service Unavailable",
                detail: Message("the database cannot be reached just now; try again in a few seconds", zh: "暂时无法连接数据库，请几秒后重试")
            )
        default:
            return Problem(
                status: 500, code: "internal_error", title: "Internal Server Error",
                detail: "the master could not complete this request; the failure has been logged"
            )
        }
    }

    private static func problem(for error: StoreError) -> Problem {
        switch error {
        case .notFound:
            Problem(status: 404, code: "not_found", title: "Not Found", detail: error.description)
        case .duplicate:
            Problem(status: 409, code: "conflict", title: "Conflict", detail: error.description)
        case .deviceBusy:
            Problem(status: 409, code: "device_busy", title: "Device In Use", detail: error.description)
        case .invalid:
            Problem(status: 422, code: "invalid_request", title: "Unprocessable Content", detail: error.description)
        case .inUse:
            Problem(status: 409, code: "in_use", title: "Conflict", detail: error.description)
        }
    }

    private static func code(for status: HTTPResponseStatus) -> String {
        switch status.code {
        case 400: "invalid_request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 409: "conflict"
        case 413: "payload_too_large"
        case 415: "unsupported_media_type"
        case 422: "invalid_request"
        case 429: "too_many_requests"
        case 503: "unavailable"
        case 500..<600: "internal_error"
        default: "http_\(status.code)"
        }
    }

    /// Encodes `problem` with its status and media type.
    static func response(for problem: Problem, headers extra: HTTPHeaders = [:]) throws -> Response {
        var headers = extra
        headers.replaceOrAdd(name: .contentType, value: Problem.mediaType)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = try encoder.encode(problem)
        return Response(status: HTTPResponseStatus(statusCode: problem.status), headers: headers, body: .init(data: body))
    }
}

extension PathComponent {
    /// Whether this component is fixed text rather than a parameter or wildcard.
    fileprivate var isConstant: Bool {
        if case .constant = self { return true }
        return false
    }
}
