import NcodCore
import NcodStore
import Vapor

/// `GET /healthz`: liveness, with a live probe of the database.
///
/// 200 with `"status":"ok"` when the database answers, 503 with `"status":"failing"` and the reason when not.
struct HealthController: RouteCollection {
    let backend: String

    func boot(routes: any RoutesBuilder) throws {
        routes.get("healthz", use: health)
    }

    @Sendable
    func health(req: Request) async throws -> Response {
        let started = ContinuousClock.now
        var check: HealthReport.Check
        do {
            try await Store(database: req.db).ping()
            check = HealthReport.Check(status: "ok", backend: backend, latencyMs: 0)
        } catch {
            check = HealthReport.Check(status: "failing", backend: backend, latencyMs: 0, error: DatabaseFailure.describe(error))
        }
        let elapsed = ContinuousClock.now - started
        check.latencyMs = elapsed.inMilliseconds
        let report = HealthReport(version: NcodVersion.current, database: check)
        let response = Response(status: report.status == "ok" ? .ok : .serviceUnavailable)
        response.headers.cacheControl = .init(noStore: true)
        try response.content.encode(report, as: .json)
        return response
    }
}
