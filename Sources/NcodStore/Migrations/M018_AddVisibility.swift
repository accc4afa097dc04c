import FluentKit

/// Adds `visible_to` to `slaves` and `devices`: the org units (comma-separated ids) whose people may see and use them; empty for
/// everyone.
struct M018_AddVisibility: AsyncMigration {
    var name: String { "018_add_visibility" }

    func prepare(on database: any Database) async throws {
        try await database.schema("slaves").field("visible_to", .string, .required, .sql(.default(""))).update()
        try await database.schema("devices").field("visible_to", .string, .required, .sql(.default(""))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("devices").deleteField("visible_to").update()
        try await database.schema("slaves").deleteField("visible_to").update()
    }
}
