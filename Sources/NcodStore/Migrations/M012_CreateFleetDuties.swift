import FluentKit

/// Adds `fleet_duties`: which master of a fleet holds a duty that must run once per fleet (the offline sweep), until when.
struct M012_CreateFleetDuties: AsyncMigration {
    var name: String { "012_create_fleet_duties" }

    func prepare(on database: any Database) async throws {
        try await database.schema("fleet_duties")
            .field("name", .string, .identifier(auto: false))
            .field("holder", .string, .required)
            .field("expires_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("fleet_duties").delete()
    }
}
