import FluentKit

/// Creates `users`: accounts with role, status and org unit.
struct M002_CreateUsers: AsyncMigration {
    var name: String { "002_create_users" }

    func prepare(on database: any Database) async throws {
        try await database.schema("users")
            .id()
            .field("username", .string, .required)
            .field("display_name", .string, .required)
            .field("contact", .string, .required)
            .field("password_hash", .string, .required)
            .field("role", .string, .required)
            .field("status", .string, .required)
            .field("status_reason", .string)
            .field("org_unit_id", .uuid, .references("org_units", "id", onDelete: .restrict))
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "username")
            .create()
        try await database.sql.raw("CREATE INDEX users_status ON users (status)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("users").delete()
    }
}
