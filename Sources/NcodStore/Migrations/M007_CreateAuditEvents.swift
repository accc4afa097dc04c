import FluentKit

/// Creates `audit_events`, the append-only log of security-relevant acts.
struct M007_CreateAuditEvents: AsyncMigration {
    var name: String { "007_create_audit_events" }

    func prepare(on database: any Database) async throws {
        try await database.schema("audit_events")
            .id()
            .field("at", .datetime, .required)
            .field("actor", .string, .required)
            .field("action", .string, .required)
            .field("subject", .string, .required)
            .field("details", .string, .required)
            .create()
        let sql = try database.sql
        try await sql.raw("CREATE INDEX audit_events_at ON audit_events (at)").run()
        try await sql.raw("CREATE INDEX audit_events_action ON audit_events (action, at)").run()
        try await sql.raw("CREATE INDEX audit_events_actor ON audit_events (actor, at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_events").delete()
    }
}
