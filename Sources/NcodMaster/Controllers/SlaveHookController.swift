import Foundation
import NcodCore
import NcodStore
import Vapor

/// What the slave's VirtualHere hooks ask and tell: `POST /api/v1/slaves/{id}/authorize` (ClientAuthorization) and
/// `POST /api/v1/slaves/{id}/binds` (onBind / onUnbind).
struct SlaveHookController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let slaves = routes.grouped("slaves").grouped(SlaveAuthentication())
        slaves.post(":id", "authorize", use: authorize)
        slaves.post(":id", "binds", use: binds)
    }

    /// Admits a client only when the MD5 it gave matches an unexpired active lease on that device of this slave.
    @Sendable
    func authorize(req: Request) async throws -> AuthorizationRequest.Decision {
        let body = try req.content.decode(AuthorizationRequest.self)
        let slave = try req.slave
        let decision = try await LeaseDesk.admission(
            vhAddress: body.vhAddress, passwordMD5: body.passwordMD5, slave: slave, store: Store(database: req.db), now: req.ncod.now())
        try await req.audit(
            decision.allow ? "vh.authorized" : "vh.refused", subject: "device:\(body.vhAddress)", actor: "slave:\(slave.name)",
            details: ["client": body.clientID, "clientIP": body.clientIP, "reason": decision.reason]
        )
        return decision
    }

    /// Records a real bind or unbind; a bind without an active lease is flagged in the audit log and on the event stream.
    @Sendable
    func binds(req: Request) async throws -> HTTPStatus {
        let body = try req.content.decode(BindReport.self)
        guard body.event == "bind" || body.event == "unbind" else { throw Problem.invalidField("event", "event is bind or unbind") }
        let slave = try req.slave
        let store = Store(database: req.db)
        let now = req.ncod.now()
        let device = try await store.devices.list(slaveID: slave.id).first { $0.vhAddress.lowercased() == body.vhAddress.lowercased() }
        var lease: Lease?
        if let device { lease = try await store.leases.active(deviceID: device.id) }
        var details = ["client": body.clientID, "clientIP": body.clientIP]
        if let lease, let holder = try await store.users.find(lease.userID) { details["holder"] = holder.username }
        let unleased = body.event == "bind" && lease == nil
        try await req.audit(
            unleased ? "vh.bind.unleased" : "vh.\(body.event)", subject: "device:\(body.vhAddress)", actor: "slave:\(slave.name)", details: details)
        if unleased, let device {
            await req.ncod.events.publish([
                ChangeEvent(
                    kind: .device, action: "unleased_bind", subjectID: device.id, slaveID: slave.id, deviceID: device.id, at: now, details: details)
            ])
        }
        return .noContent
    }
}
