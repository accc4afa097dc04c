import FluentKit

/// Creates `refresh_tokens`: hashed, one-time refresh tokens grouped in families per login.
struct M008_CreateRefreshTokens: AsyncMigration {
    var name: String { "008_create_refresh_tokens" }

    func prepare(on database: any Database) async throws {
        try await database.schema("refresh_tokens")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("family_id", .uuid, .required)
            .field("token_hash", .string, .required)
            .field("client", .string, .required)
            .field("binding_id", .uuid, .references("machine_bindings", "id", onDelete: .cascade))
            .field("issued_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("revoked_at", .datetime)
            .unique(on: "token_hash")
            .create()
        let sql = try database.sql
        try await sql.raw("CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id)").run()
        try await sql.raw("CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("refresh_tokens").delete()
    }
}
