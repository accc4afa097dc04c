import FluentKit
import SQLKit

/// Adds to `slaves` what reporting needs: the registration session and last sequence (against replayed reports),
/// the report interval, and the box's last health.
struct M009_AddSlaveSessions: AsyncMigration {
    var name: String { "009_add_slave_sessions" }

    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds a single column at a time.
        try await database.schema("slaves").field("session_id", .uuid).update()
        try await database.schema("slaves").field("last_sequence", .int, .required, .sql(.default(0))).update()
        try await database.schema("slaves").field("report_interval", .int, .required, .sql(.default(30))).update()
        try await database.schema("slaves").field("health", .string).update()
    }

    func revert(on database: any Database) async throws {
        // One column at a time: SQLite drops columns one statement each.
        for column in ["health", "report_interval", "last_sequence", "session_id"] {
            try await database.schema("slaves").deleteField(.key(.string(column))).update()
        }
    }
}
