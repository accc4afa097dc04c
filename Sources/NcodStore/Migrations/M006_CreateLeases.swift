import FluentKit

/// Creates `leases`, with the partial unique index that lets the database itself refuse
/// a second active lease (`ended_at IS NULL`) on one device.
struct M006_CreateLeases: AsyncMigration {
    var name: String { "006_create_leases" }

    func prepare(on database: any Database) async throws {
        try await database.schema("leases")
            .id()
            .field("device_id", .uuid, .required, .references("devices", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .restrict))
            .field("binding_id", .uuid, .references("machine_bindings", "id", onDelete: .setNull))
            .field("started_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("ended_at", .datetime)
            .field("end_reason", .string)
            .create()
        let sql = try database.sql
        try await sql.raw("CREATE UNIQUE INDEX leases_one_active_per_device ON leases (device_id) WHERE ended_at IS NULL").run()
        try await sql.raw("CREATE INDEX leases_user ON leases (user_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("leases").delete()
    }
}
