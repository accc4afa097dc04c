import NcodCore
import NcodStore
import Vapor

/// `GET /api/v1/me`: the caller's own profile: all a pending account may see.
struct MeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("me", use: me)
    }

    @Sendable
    func me(req: Request) async throws -> UserProfile {
        try await ProfileBuilder.profile(of: try req.principal.user, store: Store(database: req.db))
    }
}
