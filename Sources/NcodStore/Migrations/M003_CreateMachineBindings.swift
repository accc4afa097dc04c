import FluentKit

/// Creates `machine_bindings`: which computer (MAC) each account may log in from.
struct M003_CreateMachineBindings: AsyncMigration {
    var name: String { "003_create_machine_bindings" }

    func prepare(on database: any Database) async throws {
        try await database.schema("machine_bindings")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("mac", .string, .required)
            .field("status", .string, .required)
            .field("first_seen", .datetime, .required)
            .field("last_seen", .datetime, .required)
            .unique(on: "user_id", "mac")
            .create()
        try await database.sql.raw("CREATE INDEX machine_bindings_status ON machine_bindings (status)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("machine_bindings").delete()
    }
}
