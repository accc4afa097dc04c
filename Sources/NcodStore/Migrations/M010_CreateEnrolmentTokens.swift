import FluentKit

/// Creates `enrolment_tokens`: one-time tokens administrators issue for new slaves.
struct M010_CreateEnrolmentTokens: AsyncMigration {
    var name: String { "010_create_enrolment_tokens" }

    func prepare(on database: any Database) async throws {
        try await database.schema("enrolment_tokens")
            .id()
            .field("token_hash", .string, .required)
            .field("slave_name", .string)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("enrolment_tokens").delete()
    }
}
