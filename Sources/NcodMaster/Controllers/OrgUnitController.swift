import NcodCore
import NcodStore
import Vapor

/// `GET /api/v1/org-units`: the organisation → company → project department tree (public: registration needs it).
struct OrgUnitController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("org-units", use: tree)
    }

    @Sendable
    func tree(req: Request) async throws -> [OrgUnitNode] {
        OrgUnitNode.forest(try await Store(database: req.db).orgUnits.all())
    }
}
