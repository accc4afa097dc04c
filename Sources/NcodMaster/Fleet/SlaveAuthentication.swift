import Foundation
import NcodCore
import NcodStore
import Vapor

/// Authenticates a slave daemon by `Authorization: Slave <slave id>.<secret>` (the credential enrolment gave it),
/// refuses disabled slaves, and checks that a `:id` in the path is the caller's own.
struct SlaveAuthentication: AsyncMiddleware {
    /// The authorization scheme of slave credentials.
    static let scheme = "Slave"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let slave = try await Self.authenticate(request)
        try Self.checkPath(request, slaveID: slave.id)
        request.storage[AuthenticatedSlave.self] = slave
        return try await next.respond(to: request)
    }

    /// The slave id and secret of the request's `Authorization: Slave <id>.<secret>`, unchecked; `nil` without one.
    static func credential(_ request: Request) -> (id: UUID, secret: String)? {
        guard let header = request.headers.first(name: .authorization), header.hasPrefix(scheme + " ") else { return nil }
        let credential = header.dropFirst(scheme.count + 1)
        guard let dot = credential.firstIndex(of: "."), let id = UUID(uuidString: String(credential[..<dot])) else { return nil }
        return (id, String(credential[credential.index(after: dot)...]))
    }

    /// Why the write recording a claim (a "report" or "heartbeat" of `session`, numbered `sequence`) refused it, found by
    /// reading the slave alone: the unknown credential (401) or disabled slave (403) is thrown; an old or missing registration is
    /// `stale_session` (the daemon registers again), anything else a replayed or out-of-date sequence, `replayed_report`.
    static func refusal(of what: String, session: UUID?, sequence: Int, request: Request) async throws -> Problem {
        let slave = try await authenticate(request)
        guard let session, session == slave.session else { return staleSession(what) }
        return Problem(
            status: 409, code: "replayed_report", title: "Conflict",
            detail: "\(what) \(sequence) of this session was already received or is out of date")
    }

    /// Why the write recording a beat from a link refused it (the slave, read alone, has another credential, is disabled or gone,
    /// or is registered anew); a database failure is a 503 problem.
    static func refusal(of beat: SlaveClaim, store: Store) async -> Problem {
        do {
            guard let slave = try await store.slaves.find(beat.slaveID), SecretHash.equalInConstantTime(slave.credentialHash, beat.credentialHash)
            else { return unknown }
            return slave.status == .disabled ? disabled(slave.name) : staleSession("heartbeat")
        } catch {
            return Problem(status: 503, code: "database_unavailable", title: "Service Unavailable", detail: DatabaseFailure.describe(error))
        }
    }

    /// Refuses a request whose path names another slave than its credential (403 `foreign_slave`).
    static func checkPath(_ request: Request, slaveID: UUID) throws {
        if let pathID = request.parameters.get("id"), pathID.lowercased() != slaveID.uuidString.lowercased() {
            throw Problem(status: 403, code: "foreign_slave", title: "Forbidden", detail: "this credential belongs to another slave")
        }
    }

    /// The refusal of a slave an administrator disabled (403 `slave_disabled`).
    static func disabled(_ name: String) -> Problem {
        Problem(status: 403, code: "slave_disabled", title: "Slave Disabled", detail: "slave '\(name)' was disabled by an administrator")
    }

    /// The refusal of a `what` ("report", "heartbeat") of an old or missing registration (409 `stale_session`: register again).
    static func staleSession(_ what: String) -> Problem {
        Problem(status: 409, code: "stale_session", title: "Conflict", detail: "this \(what) belongs to an old registration; register again")
    }

    /// The refusal of a missing, malformed or unknown credential.
    static let unknown = Problem(
        status: 401, code: "invalid_slave_credential", title: "Unauthorized",
        detail: "unknown slave credential; enrol this slave again with ncod-slaved enrol"
    )

    /// The slave of `request`, or the problem that refuses it.
    static func authenticate(_ request: Request) async throws -> Slave {
        guard let (id, secret) = credential(request) else { throw unknown }
        guard let slave = try await Store(database: request.db).slaves.find(id), SecretHash.matches(secret, hash: slave.credentialHash) else {
            throw unknown
        }
        if slave.status == .disabled { throw disabled(slave.name) }
        return slave
    }
}

/// Where ``SlaveAuthentication`` leaves the slave for the handlers.
struct AuthenticatedSlave: StorageKey {
    typealias Value = Slave
}

extension Request {
    /// The authenticated slave; set by ``SlaveAuthentication``.
    var slave: Slave {
        get throws {
            guard let slave = storage[AuthenticatedSlave.self] else {
                throw Problem(status: 401, code: "invalid_slave_credential", title: "Unauthorized", detail: "no slave credential")
            }
            return slave
        }
    }
}
