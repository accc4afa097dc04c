import Foundation
import NcodCore
import NcodStore
import Vapor

/// `/api/v1/admin/slaves`: the fleet; enrolment tokens; rename, disable, enable, remove.
struct AdminSlaveController: RouteCollection {
    /// How long an enrolment token stays valid unless the administrator says otherwise.
    static let defaultTokenHours = 24

    func boot(routes: any RoutesBuilder) throws {
        let slaves = routes.grouped("slaves")
        slaves.get(use: list)
        slaves.post("enrolment-tokens", use: issueToken)
        slaves.patch(":id", use: rename)
        slaves.post(":id", "disable", use: disable)
        slaves.post(":id", "enable", use: enable)
        slaves.delete(":id", use: remove)
    }

    @Sendable
    func list(req: Request) async throws -> [SlaveView] {
        let store = Store(database: req.db)
        let counts = Dictionary(grouping: try await store.devices.list(slaveID: nil).filter(\.present), by: \.slaveID).mapValues(\.count)
        return try await store.slaves.all().map { SlaveView($0, deviceCount: counts[$0.id] ?? 0) }
    }

    /// What an administrator asks for when issuing a token.
    struct TokenRequest: Content {
        var slaveName: String?
        var hours: Int?
    }

    @Sendable
    func issueToken(req: Request) async throws -> EnrolmentTokenIssued {
        let body = try req.content.decode(TokenRequest.self, or: TokenRequest())
        if let name = body.slaveName, let problem = SlaveEnrolment.nameProblem(name) { throw Problem.invalidField("slaveName", problem) }
        let hours = body.hours ?? Self.defaultTokenHours
        guard (1...24 * 30).contains(hours) else { throw Problem.invalidField("hours", "a token lives 1 to 720 hours") }
        let now = req.ncod.now()
        let token = TokenIssuer.randomToken()
        let expires = now.addingTimeInterval(TimeInterval(hours * 3600))
        _ = try await Store(database: req.db).enrolmentTokens.create(
            EnrolmentToken(
                id: UUID(), tokenHash: SecretHash.hex(token), slaveName: body.slaveName, createdBy: try req.principal.auditName, createdAt: now,
                expiresAt: expires)
        )
        try await req.audit(
            "slave.enrolment_token_issued", subject: "slave:\(body.slaveName ?? "any")", details: ["expires": expires.formatted(.iso8601)])
        let name = body.slaveName.map { " --name \($0)" } ?? ""
        // With the CA served here, the box fetches it and checks it against the fingerprint: nothing to copy by hand first.
        let trust = req.ncod.caCertificate.map { "--ca-fingerprint \(CertificateFingerprint.compact($0.fingerprint))" } ?? "--ca /etc/ncod/ca.pem"
        let command = "sudo ncod-slaved enrol --master \(req.ncod.publicURL) \(trust) --token \(token)\(name)"
        return EnrolmentTokenIssued(token: token, expiresAt: expires, command: command, nextSteps: EnrolmentTokenIssued.standardNextSteps)
    }

    @Sendable
    func rename(req: Request) async throws -> SlaveView {
        let body = try req.content.decode(SlavePatch.self)
        if let problem = SlaveEnrolment.nameProblem(body.name) { throw Problem.invalidField("name", problem) }
        var slave = try await load(req)
        let store = Store(database: req.db)
        let old = slave.name
        guard old != body.name else { return SlaveView(slave, deviceCount: try await presentDevices(slave, store)) }
        slave.name = body.name
        let saved = try await store.slaves.update(slave)
        try await req.audit("slave.renamed", subject: "slave:\(saved.name)", details: ["from": old])
        await req.ncod.events.publish([
            ChangeEvent(kind: .slave, action: "renamed", subjectID: saved.id, slaveID: saved.id, at: req.ncod.now(), details: ["name": saved.name])
        ])
        return SlaveView(saved, deviceCount: try await presentDevices(saved, store))
    }

    private func presentDevices(_ slave: Slave, _ store: Store) async throws -> Int {
        try await store.devices.list(slaveID: slave.id).filter(\.present).count
    }

    @Sendable
    func disable(req: Request) async throws -> SlaveView {
        let reason = try AdminUsers.requiredReason(req)
        let slave = try await load(req)
        let now = req.ncod.now()
        let actor = try req.principal.auditName
        let (saved, events) = try await Store(database: req.db).transaction { store in
            try await FleetSweep.markOffline(
                slave, store: store, now: now, action: "slave.disabled", actor: actor, status: .disabled, leaseReason: .slaveDisabled, why: reason,
                details: ["reason": reason])
        }
        await req.ncod.events.publish(events)
        return SlaveView(saved, deviceCount: 0)
    }

    @Sendable
    func enable(req: Request) async throws -> SlaveView {
        let reason = try AdminUsers.optionalReason(req)
        var slave = try await load(req)
        guard slave.status == .disabled else {
            throw Problem(status: 409, code: "invalid_transition", title: "Conflict", detail: "slave '\(slave.name)' is not disabled")
        }
        slave.status = .offline
        let saved = try await Store(database: req.db).slaves.update(slave)
        try await req.audit("slave.enabled", subject: "slave:\(slave.name)", details: reason.map { $0.isEmpty ? [:] : ["reason": $0] } ?? [:])
        await req.ncod.events.publish([
            ChangeEvent(kind: .slave, action: "enabled", subjectID: saved.id, slaveID: saved.id, at: req.ncod.now(), details: ["status": "offline"])
        ])
        return SlaveView(saved, deviceCount: 0)
    }

    @Sendable
    func remove(req: Request) async throws -> HTTPStatus {
        let slave = try await load(req)
        let force = try req.flag("force")
        let now = req.ncod.now()
        let actor = try req.principal.auditName
        var events = try await Store(database: req.db).transaction { store -> [ChangeEvent] in
            var events: [ChangeEvent] = []
            if force {
                events = try await FleetSweep.markOffline(
                    slave, store: store, now: now, action: "slave.leases_forced", actor: actor, status: .disabled, leaseReason: .slaveRemoved
                ).1
            }
            try await store.slaves.delete(slave.id)
            try await store.audit.append(
                AuditEvent(at: now, actor: actor, action: "slave.removed", subject: "slave:\(slave.name)", details: ["force": String(force)]))
            return events
        }
        events.append(ChangeEvent(kind: .slave, action: "removed", subjectID: slave.id, slaveID: slave.id, at: now))
        await req.ncod.events.publish(events)
        return .noContent
    }

    private func load(_ req: Request) async throws -> Slave {
        let id = try req.uuidParameter("id")
        guard let slave = try await Store(database: req.db).slaves.find(id) else { throw StoreError.notFound(entity: "slave", key: id.uuidString) }
        return slave
    }
}
