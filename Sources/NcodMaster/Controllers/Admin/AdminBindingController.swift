import NcodCore
import NcodStore
import Vapor

/// `/api/v1/admin/bindings`: the machines people log in from; approve or revoke.
struct AdminBindingController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let bindings = routes.grouped("bindings")
        bindings.get(use: list)
        bindings.post(":id", "approve", use: approve)
        bindings.post(":id", "revoke", use: revoke)
    }

    @Sendable
    func list(req: Request) async throws -> [BindingView] {
        let store = Store(database: req.db)
        let statusText = try req.query.get(String?.self, at: "status") ?? MachineBinding.Status.pending.rawValue
        guard let status = MachineBinding.Status(rawValue: statusText) else {
            throw Problem(status: 400, code: "invalid_request", title: "Bad Request", detail: "status must be pending, approved or revoked")
        }
        var views: [BindingView] = []
        for binding in try await store.bindings.list(status: status) {
            if let user = try await store.users.find(binding.userID) { views.append(BindingView(binding, user: user)) }
        }
        return views
    }

    @Sendable
    func approve(req: Request) async throws -> BindingView {
        let reason = try AdminUsers.optionalReason(req)
        let (binding, user) = try await load(req)
        let changed = try await ComputerDecisions.approve([binding], of: user, reason: reason, req: req)
        return BindingView(changed.first ?? binding, user: user)
    }

    /// Revokes a binding, approved or still waiting (a waiting computer is rejected this way); leases taken from it end.
    @Sendable
    func revoke(req: Request) async throws -> BindingView {
        let reason = try AdminUsers.requiredReason(req)
        let (binding, user) = try await load(req)
        let changed = try await ComputerDecisions.refuse([binding], of: user, reason: reason, revokeApproved: true, req: req)
        return BindingView(changed.first ?? binding, user: user)
    }

    private func load(_ req: Request) async throws -> (MachineBinding, User) {
        let store = Store(database: req.db)
        let id = try req.uuidParameter("id")
        guard let binding = try await store.bindings.find(id), let user = try await store.users.find(binding.userID) else {
            throw StoreError.notFound(entity: "machine binding", key: id.uuidString)
        }
        return (binding, user)
    }
}
