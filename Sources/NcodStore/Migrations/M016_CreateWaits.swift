import FluentKit
import SQLKit

/// Adds the waiting lists: `waits` (one row per person waiting for a device or for any device matching a description, with the
/// device offered to them during their hold window), and `devices.tags` (an administrator's tags, comma-separated, that
/// descriptions match).
///
/// Two partial unique indexes let the database itself keep the lists straight when two masters work on them at once: one active
/// wait per person and target, and one active offer per device.
struct M016_CreateWaits: AsyncMigration {
    var name: String { "016_create_waits" }

    func prepare(on database: any Database) async throws {
        try await database.schema("waits")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("device_id", .uuid, .references("devices", "id", onDelete: .cascade))
            .field("match", .string)
            .field("target", .string, .required)
            .field("joined_at", .datetime, .required)
            .field("offered_device_id", .uuid, .references("devices", "id", onDelete: .setNull))
            .field("offered_at", .datetime)
            .field("offered_until", .datetime)
            .field("ended_at", .datetime)
            .field("end_reason", .string)
            .create()
        let sql = try database.sql
        try await sql.raw("CREATE UNIQUE INDEX waits_one_per_target ON waits (user_id, target) WHERE ended_at IS NULL").run()
        try await sql.raw("CREATE UNIQUE INDEX waits_one_offer_per_device ON waits (offered_device_id) WHERE ended_at IS NULL").run()
        try await sql.raw("CREATE INDEX waits_active ON waits (joined_at) WHERE ended_at IS NULL").run()
        try await database.schema("devices").field("tags", .string, .required, .sql(.default(""))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("devices").deleteField("tags").update()
        try await database.schema("waits").delete()
    }
}
