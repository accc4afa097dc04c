import Foundation
import NcodCore
import NcodStore
import Vapor

/// `/api/v1/admin/requests`: what waits for an administrator, one row per person-and-computer, decided in one act or part by part.
struct AdminRequestController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let requests = routes.grouped("requests")
        requests.get(use: list)
        requests.post(":id", "approve", use: approve)
        requests.post(":id", "reject", use: reject)
    }

    /// Every waiting request, oldest first.
    @Sendable
    func list(req: Request) async throws -> [JoinRequest] {
        try await Self.waiting(Store(database: req.db))
    }

    /// Approves the person (when new) and the computer, or the `part` named.
    @Sendable
    func approve(req: Request) async throws -> JoinRequest {
        let body = try req.content.decode(JoinDecision.self, or: JoinDecision())
        let reason = try AdminUsers.checkedReason(body.reason)
        let (user, bindings) = try await load(req)
        let part = body.part ?? .both
        if part != .computer, user.status == .pending {
            _ = try await AdminUsers.approve(req, userID: user.id, reason: reason, orgUnitID: body.orgUnitID)
        }
        if part != .person, !bindings.isEmpty { _ = try await ComputerDecisions.approve(bindings, of: user, reason: reason, req: req) }
        return try await view(of: user.id, bindings: bindings, id: try req.uuidParameter("id"), store: Store(database: req.db))
    }

    /// Rejects the person (when new) and the computer, or the `part` named; a reason is required.
    @Sendable
    func reject(req: Request) async throws -> JoinRequest {
        let body = try req.content.decode(JoinDecision.self, or: JoinDecision())
        guard let reason = try AdminUsers.checkedReason(body.reason) else { throw Problem.invalidField("reason", "give a reason") }
        let (user, bindings) = try await load(req)
        let part = body.part ?? .both
        if part != .computer, user.status == .pending { _ = try await AdminUsers.reject(req, userID: user.id, reason: reason) }
        if part != .person, !bindings.isEmpty {
            _ = try await ComputerDecisions.refuse(bindings, of: user, reason: reason, revokeApproved: false, req: req)
        }
        return try await view(of: user.id, bindings: bindings, id: try req.uuidParameter("id"), store: Store(database: req.db))
    }

    /// The person and the waiting bindings of the computer a request id names (a binding's id, or a person's without a computer).
    private func load(_ req: Request) async throws -> (User, [MachineBinding]) {
        let store = Store(database: req.db)
        let id = try req.uuidParameter("id")
        if let binding = try await store.bindings.find(id), let user = try await store.users.find(binding.userID) {
            let waiting = try await store.bindings.list(userID: user.id).filter {
                Self.isWaiting($0) && Self.computer(of: $0) == Self.computer(of: binding)
            }
            guard !waiting.isEmpty || user.status == .pending else {
                throw Problem(status: 409, code: "already_decided", title: "Conflict", detail: "this request was already decided")
            }
            return (user, waiting)
        }
        guard let user = try await store.users.find(id) else { throw StoreError.notFound(entity: "request", key: id.uuidString) }
        guard user.status == .pending else {
            throw Problem(status: 409, code: "already_decided", title: "Conflict", detail: "this request was already decided")
        }
        return (user, [])
    }

    /// The request as it stands after a decision.
    private func view(of userID: UUID, bindings: [MachineBinding], id: UUID, store: Store) async throws -> JoinRequest {
        guard let user = try await store.users.find(userID) else { throw StoreError.notFound(entity: "user", key: userID.uuidString) }
        var now: [MachineBinding] = []
        for binding in bindings { if let current = try await store.bindings.find(binding.id) { now.append(current) } }
        let profile = try await ProfileBuilder.profile(of: user, store: store)
        return JoinRequest(
            id: id, person: profile, computer: now.isEmpty ? nil : Self.describe(now, original: bindings),
            requestedAt: bindings.map(\.firstSeen).min() ?? user.createdAt)
    }

    /// Waiting requests: bindings grouped by account and computer key, each with its person; new people with no computer yet.
    static func waiting(_ store: Store) async throws -> [JoinRequest] {
        let units = try await store.orgUnits.all()
        var requests: [JoinRequest] = []
        var people: [UUID: User] = [:]
        let groups = Dictionary(grouping: try await store.bindings.listWaiting()) { "\($0.userID) \(computer(of: $0))" }
        for group in groups.values {
            let userID = group[0].userID
            if people[userID] == nil { people[userID] = try await store.users.find(userID) }
            guard let user = people[userID], user.status == .pending || user.status == .active else { continue }
            let sorted = group.sorted { ($0.firstSeen, $0.mac) < ($1.firstSeen, $1.mac) }
            requests.append(
                JoinRequest(
                    id: sorted[0].id, person: ProfileBuilder.profile(of: user, units: units), computer: describe(sorted, original: sorted),
                    requestedAt: sorted[0].firstSeen))
        }
        let asked = Set(requests.map(\.person.id))
        for user in try await store.users.list(status: .pending) where !asked.contains(user.id) {
            requests.append(
                JoinRequest(id: user.id, person: ProfileBuilder.profile(of: user, units: units), computer: nil, requestedAt: user.createdAt))
        }
        return requests.sorted { ($0.requestedAt, $0.id.uuidString) < ($1.requestedAt, $1.id.uuidString) }
    }

    /// A binding waits when pending, or approved with a new key presented.
    static func isWaiting(_ binding: MachineBinding) -> Bool { binding.status == .pending || binding.requestedKey != nil }

    /// What groups bindings into one computer: its key, or its address for a client without a key.
    static func computer(of binding: MachineBinding) -> String { binding.computerKey ?? "mac \(binding.mac)" }

    private static func describe(_ bindings: [MachineBinding], original: [MachineBinding]) -> JoinRequest.Computer {
        let first = bindings[0]
        let newKey = original.contains { $0.requestedKey != nil }
        return JoinRequest.Computer(
            bindingIDs: bindings.map(\.id), hostname: bindings.compactMap(\.hostname).first, macs: bindings.map(\.mac).sorted(),
            fingerprint: (newKey ? original.compactMap(\.requestedKey).first : first.publicKey).map(ComputerKey.fingerprint),
            newKey: newKey, status: first.status)
    }
}
