import Crypto
import Foundation
import NcodCore
import NcodStore
import Vapor

/// `GET /metrics`: Prometheus text, for a scraper presenting the metrics token (`Authorization: Bearer <token>`).
/// Without a token file the endpoint answers 404, so nothing about the site leaks from a master that is not scraped.
struct MetricsController: RouteCollection {
    let token: String?
    let poolMaximum: Int

    func boot(routes: any RoutesBuilder) throws {
        routes.get("metrics", use: scrape)
    }

    @Sendable
    func scrape(req: Request) async throws -> Response {
        guard let token else {
            throw Problem(
                status: 404, code: "metrics_off", title: "Not Found",
                detail: "metrics are off; give the master a metrics token file (keys/generate.sh writes metrics-token)")
        }
        guard let presented = req.headers.bearerAuthorization?.token, Self.same(presented, token) else {
            req.ncod.metrics.authenticationFailed(reason: "metrics_token")
            throw Problem(
                status: 401, code: "unauthorized", title: "Unauthorized", detail: "send the metrics token as 'Authorization: Bearer <token>'")
        }
        let metrics = req.ncod.metrics
        await metrics.refresh(from: Store(database: req.db), poolMaximum: poolMaximum)
        metrics.connections(req.ncod.connectionGate)
        let response = Response(status: .ok, body: .init(buffer: ByteBuffer(bytes: metrics.registry.emitToBuffer())))
        response.headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// Compares in time independent of where the strings differ.
    static func same(_ a: String, _ b: String) -> Bool {
        Data(SHA256.hash(data: Data(a.utf8))) == Data(SHA256.hash(data: Data(b.utf8)))
    }
}
