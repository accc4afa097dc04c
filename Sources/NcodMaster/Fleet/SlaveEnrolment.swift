import Foundation
import NcodCore
import NcodStore
import Vapor

/// A new slave joins: it proves itself with the site's enrolment secret or a one-time token, and receives a credential
/// (`<id>.<secret>`) of which the master keeps only the hash. A known name enrols again (a reinstalled box) only with a token an
/// administrator issued for that name: the site secret enrols new names only, so that it cannot take over a running slave.
enum SlaveEnrolment {
    /// What is wrong with a slave name (1–63 characters of letters, digits, `.`, `-`, `_`), or `nil`.
    static func nameProblem(_ name: String) -> String? {
        let valid = (1...63).contains(name.count) && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
        return valid ? nil : "a slave name has 1 to 63 letters, digits, '.', '-' or '_'"
    }

    /// Checks the proof, creates or re-keys the slave, and returns its credential.
    static func enrol(_ body: EnrolRequest, request: Request) async throws -> EnrolResponse {
        try await request.throttle("enrol", rule: request.ncod.enrolmentRule, audit: "slave.enrol", subject: "slave:\(body.name.prefix(64))")
        if let problem = nameProblem(body.name) { throw Problem.invalidField("name", problem) }
        let store = Store(database: request.db)
        let now = request.ncod.now()
        let subject = "slave:\(body.name)"
        let refused = Problem(
            status: 401, code: "enrolment_refused", title: "Unauthorized",
            detail: "the enrolment secret or token is wrong, used or expired; ask an administrator for a new token"
        )
        var proof = "secret"
        var forThisName = false
        if let token = body.token {
            guard let spent = try await store.enrolmentTokens.spend(hash: SecretHash.hex(token), for: body.name, at: now) else {
                try await request.audit("slave.enrol.refused", subject: subject, actor: subject, details: ["proof": "token"])
                throw refused
            }
            proof = "token issued by \(spent.createdBy)"
            forThisName = spent.slaveName == body.name
        } else {
            guard let secret = body.enrolmentSecret, let expected = request.ncod.enrolmentSecret, SecretHash.equalInConstantTime(secret, expected)
            else {
                try await request.audit("slave.enrol.refused", subject: subject, actor: subject, details: ["proof": "secret"])
                throw refused
            }
        }

        let secret = TokenIssuer.randomToken()
        let slave: Slave
        if var existing = try await store.slaves.find(name: body.name) {
            guard existing.status != .disabled else { throw SlaveAuthentication.disabled(body.name) }
            guard forThisName else {
                try await request.audit(
                    "slave.enrol.refused", subject: subject, actor: subject, details: ["proof": proof, "reason": "name_taken"])
                throw Problem(
                    status: 409, code: "slave_exists", title: "Conflict",
                    detail:
                        "a slave named '\(body.name)' is enrolled already; to enrol this box again, an administrator issues a token for '\(body.name)'"
                )
            }
            existing.credentialHash = SecretHash.hex(secret)
            existing.session = nil
            slave = try await store.slaves.update(existing)
            try await request.audit("slave.reenrolled", subject: subject, actor: subject, details: ["proof": proof])
        } else {
            slave = try await store.slaves.create(
                Slave(
                    id: UUID(), name: body.name, host: "", hubAddress: "", status: .offline, lastReportAt: nil, agentVersion: "",
                    credentialHash: SecretHash.hex(secret), createdAt: now, reportIntervalSeconds: request.ncod.reportIntervalSeconds
                )
            )
            try await request.audit("slave.enrolled", subject: subject, actor: subject, details: ["proof": proof])
            // Consoles list the new box at once, before its daemon first registers.
            await request.ncod.events.publish([
                ChangeEvent(kind: .slave, action: "enrolled", subjectID: slave.id, slaveID: slave.id, at: now, details: ["status": "offline"])
            ])
        }
        return EnrolResponse(slaveID: slave.id, credential: "\(slave.id.uuidString).\(secret)")
    }
}
