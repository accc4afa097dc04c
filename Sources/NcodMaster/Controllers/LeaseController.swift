import NcodCore
import NcodStore
import Vapor

/// `POST /api/v1/devices/{id}/lease`, `GET /api/v1/leases` (mine), `PUT` / `DELETE /api/v1/leases/{id}`.
struct LeaseController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post("devices", ":id", "lease", use: take)
        routes.get("leases", use: mine)
        routes.put("leases", ":id", use: renew)
        routes.delete("leases", ":id", use: release)
    }

    @Sendable
    func take(req: Request) async throws -> Response {
        let started = ContinuousClock.now
        let grant: LeaseGrant
        do {
            grant = try await LeaseDesk.take(deviceID: try req.uuidParameter("id"), request: req)
        } catch {
            req.ncod.metrics.leaseRequested(outcome: (error as? Problem)?.code ?? "error", duration: ContinuousClock.now - started)
            throw error
        }
        req.ncod.metrics.leaseRequested(outcome: "granted", duration: ContinuousClock.now - started)
        let response = Response(status: .created)
        try response.content.encode(grant)
        return response
    }

    @Sendable
    func mine(req: Request) async throws -> [LeaseView] {
        let user = try req.principal.user
        let store = Store(database: req.db)
        var views: [LeaseView] = []
        for lease in try await store.leases.active(userID: user.id) {
            if let device = try await store.devices.find(lease.deviceID) {
                views.append(LeaseView(lease, vhAddress: device.vhAddress, holder: user, maxHoldSeconds: LeaseDesk.maxHoldSeconds(device, req)))
            }
        }
        return views
    }

    /// Renews the lease; with a ``HoldRequest`` body, moves its end instead (a timed hold, or an extension).
    @Sendable
    func renew(req: Request) async throws -> LeaseView {
        let id = try req.uuidParameter("id")
        if req.headers.contentType != nil, req.body.data?.readableBytes ?? 0 > 0 {
            return try await LeaseDesk.hold(leaseID: id, try req.content.decode(HoldRequest.self), request: req)
        }
        return try await LeaseDesk.renew(leaseID: id, request: req)
    }

    @Sendable
    func release(req: Request) async throws -> HTTPStatus {
        try await LeaseDesk.release(leaseID: try req.uuidParameter("id"), request: req)
        return .noContent
    }
}
