import FluentKit
import Foundation
import NcodCore

/// Row of `audit_events`. `details` is a JSON object of strings.
final class AuditEventModel: Model, @unchecked Sendable {
    static let schema = "audit_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "at") var at: Date
    @Field(key: "actor") var actor: String
    @Field(key: "action") var action: String
    @Field(key: "subject") var subject: String
    @Field(key: "details") var details: String
    @OptionalField(key: "holder") var holder: String?
    @OptionalField(key: "seq") var seq: Int64?
    @OptionalField(key: "seal") var seal: String?

    init() {}

    init(_ event: AuditEvent) throws {
        id = event.id
        at = event.at
        actor = event.actor
        action = event.action
        subject = event.subject
        holder = event.holder
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        details = String(decoding: try encoder.encode(event.details), as: UTF8.self)
    }

    func domain() throws -> AuditEvent {
        let decoded = try JSONDecoder().decode([String: String].self, from: Data(details.utf8))
        return AuditEvent(id: try requireID(), at: at, actor: actor, action: action, subject: subject, details: decoded, holder: holder)
    }

    /// The record with its place and seal; `nil` when it is not in the chain.
    func sealed() throws -> SealedAuditEvent? {
        guard let seq, let seal else { return nil }
        return SealedAuditEvent(event: try domain(), seq: seq, seal: seal)
    }
}
