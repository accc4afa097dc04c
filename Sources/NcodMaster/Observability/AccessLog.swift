import Vapor

/// One log line per answered request, once it is answered: method, path (never the query), status and duration, with the request's id.
struct AccessLog: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let started = ContinuousClock.now
        let response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            log(request, status: (error as? any AbortError)?.status.code ?? 500, since: started)
            throw error
        }
        log(request, status: response.status.code, since: started)
        return response
    }

    private func log(_ request: Request, status: UInt, since started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let method = request.method.rawValue
        let path = request.url.path
        request.logger.info(
            "\(method) \(path) \(status) \(String(format: "%.1f", milliseconds)) ms",
            metadata: [
                "method": .string(method), "path": .string(path), "status": .stringConvertible(status), "ms": .stringConvertible(milliseconds),
            ])
    }
}
