import FluentKit
import SQLKit

/// Adds the audit chain to `audit_events`: `seq` (the record's place, 1, 2, 3… without gaps, unique) and `seal` (an HMAC over the
/// record and the previous seal). Records written before are sealed by the sweeping master, oldest first, like new ones.
struct M017_AddAuditChain: AsyncMigration {
    var name: String { "017_add_audit_chain" }

    func prepare(on database: any Database) async throws {
        try await database.schema("audit_events").field("seq", .int64).update()
        try await database.schema("audit_events").field("seal", .string).update()
        let sql = try database.sql
        try await sql.raw("CREATE UNIQUE INDEX audit_events_seq ON audit_events (seq)").run()
        try await sql.raw("CREATE INDEX audit_events_unsealed ON audit_events (at) WHERE seq IS NULL").run()
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql
        try await sql.raw("DROP INDEX audit_events_unsealed").run()
        try await sql.raw("DROP INDEX audit_events_seq").run()
        try await database.schema("audit_events").deleteField("seal").update()
        try await database.schema("audit_events").deleteField("seq").update()
    }
}
