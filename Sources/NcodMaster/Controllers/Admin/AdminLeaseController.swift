import NcodCore
import NcodStore
import Vapor

/// `/api/v1/admin/leases`: every active lease with its holder; force-release with a reason.
struct AdminLeaseController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let leases = routes.grouped("leases")
        leases.get(use: list)
        leases.post(":id", "release", use: forceRelease)
    }

    @Sendable
    func list(req: Request) async throws -> [LeaseView] {
        let store = Store(database: req.db)
        var views: [LeaseView] = []
        for lease in try await store.leases.allActive() {
            guard let device = try await store.devices.find(lease.deviceID), let holder = try await store.users.find(lease.userID) else { continue }
            views.append(LeaseView(lease, vhAddress: device.vhAddress, holder: holder))
        }
        return views
    }

    @Sendable
    func forceRelease(req: Request) async throws -> HTTPStatus {
        let reason = try AdminUsers.requiredReason(req)
        let id = try req.uuidParameter("id")
        guard let lease = try await Store(database: req.db).leases.find(id), lease.isActive else {
            throw Problem(status: 404, code: "not_found", title: "Not Found", detail: "no active lease \(id)")
        }
        try await LeaseEnding.end(lease, reason: .forced, actor: try req.principal.auditName, why: reason, request: req)
        return .noContent
    }
}
