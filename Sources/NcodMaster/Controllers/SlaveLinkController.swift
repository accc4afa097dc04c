import Foundation
import NcodCore
import NcodStore
import Vapor

/// `POST /api/v1/slaves/{id}/link`: a slave's long-lived link. The request body stays open and carries one ``SlaveHeartbeat``
/// or ``UnchangedReport`` per line; the answer streams one ``SlaveLinkFrame`` per line: a beat's receipt (its sequence and the
/// lease epoch, at least every 5 s while beats come, and whenever the epoch rose), a `leases` push as soon as a lease on one of
/// the slave's devices is taken or ends (on this master or, relayed, on another), a `report` request when an unchanged report
/// was not taken, and the problem that ends the link when a beat is refused.
///
/// The credential is checked once, when the link opens. A beat on it touches memory only (``SlaveLinks``, on the connection's
/// event loop, ``SlaveLinkWire``), and the beats of all links are written to the database together every second,
/// by a write that checks each slave's credential, session and status as a heartbeat request's does; a beat refused there ends
/// the link with the problem. So the database stays the record of liveness, and the offline sweep and the fleet's other masters
/// see the beats as before. What the link saves is the request around each beat (TLS records, HTTP parsing, routing,
/// authentication, a response) and a database round trip per beat; an unchanged report costs as little (BENCHMARKS.md).
struct SlaveLinkController: RouteCollection {

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped("slaves").grouped(SlaveAuthentication()).on(.POST, ":id", "link", body: .stream, use: link)
    }

    @Sendable
    func link(req: Request) async throws -> Response {
        let slave = try req.slave
        guard let (_, secret) = SlaveAuthentication.credential(req) else { throw SlaveAuthentication.unknown }
        let response = Response(status: .ok)
        response.headers.replaceOrAdd(name: .contentType, value: "application/x-ndjson")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        response.headers.replaceOrAdd(name: "X-Accel-Buffering", value: "no")
        let context = req.ncod
        let wire = SlaveLinkWire(
            slave: slave, credentialHash: SecretHash.hex(secret), eventLoop: req.eventLoop, links: context.events.slaveLinks, database: req.db,
            context: context, logger: req.logger)
        // The request's lines arrive on the connection's event loop and are answered there: no task, no hop, per beat.
        req.body.drain { part in
            wire.receive(part)
            return req.eventLoop.makeSucceededVoidFuture()
        }
        response.body = .init(stream: { writer in wire.attach(writer) })
        return response
    }
}
