import FluentKit

/// Creates `org_units`, the organisation → company → project department tree.
struct M001_CreateOrgUnits: AsyncMigration {
    var name: String { "001_create_org_units" }

    func prepare(on database: any Database) async throws {
        try await database.schema("org_units")
            .id()
            .field("parent_id", .uuid, .references("org_units", "id", onDelete: .restrict))
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.sql.raw("CREATE UNIQUE INDEX org_units_parent_name ON org_units (parent_id, name)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("org_units").delete()
    }
}
