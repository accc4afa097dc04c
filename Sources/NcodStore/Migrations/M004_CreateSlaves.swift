import FluentKit

/// Creates `slaves`: the boxes running the VirtualHere server and `ncod-slaved`.
struct M004_CreateSlaves: AsyncMigration {
    var name: String { "004_create_slaves" }

    func prepare(on database: any Database) async throws {
        try await database.schema("slaves")
            .id()
            .field("name", .string, .required)
            .field("host", .string, .required)
            .field("hub_address", .string, .required)
            .field("status", .string, .required)
            .field("last_report_at", .datetime)
            .field("agent_version", .string, .required)
            .field("credential_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "name")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("slaves").delete()
    }
}
