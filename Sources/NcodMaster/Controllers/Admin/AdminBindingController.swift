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
        return try await change(req, to: .approved, action: "binding.approved", reason: try AdminUsers.optionalReason(req))
    }

    @Sendable
    func revoke(req: Request) async throws -> BindingView {
        let reason = try AdminUsers.requiredReason(req)
        return try await change(req, to: .revoked, action: "binding.revoked", reason: reason)
    }

    private func change(_ req: Request, to status: MachineBinding.Status, action: String, reason: String?) async throws -> BindingView {
        let store = Store(database: req.db)
        let id = try req.uuidParameter("id")
        guard let binding = try await store.bindings.find(id), let user = try await store.users.find(binding.userID) else {
            throw StoreError.notFound(entity: "machine binding", key: id.uuidString)
        }
        let changed = try await store.bindings.setStatus(id, to: status)
        try await req.audit(action, subject: "user:\(user.username)", details: ["mac": binding.mac.description, "reason": reason ?? ""])
        await req.publishAccountChange("binding_\(status.rawValue)", userID: user.id)
        if status == .revoked {
            // Devices connected from the revoked computer are freed at once.
            let now = req.ncod.now()
            let actor = try req.principal.auditName
            let events = try await store.transaction { store in
                let fromThere = try await store.leases.active(userID: user.id).filter { $0.bindingID == binding.id }
                return try await LeaseEnding.endAll(fromThere, reason: .computerRevoked, actor: actor, why: reason, store: store, now: now)
            }
            await req.ncod.events.publish(events)
        }
        return BindingView(changed, user: user)
    }
}
