import FluentKit

/// Adds `slaves.inventory_digest`: the ``InventoryDigest`` of the slave's last claimed full report, against which an unchanged
/// report sent down the slave's link is checked (`NULL` until the first full report: the first unchanged one then asks for a
/// full report).
struct M019_AddInventoryDigests: AsyncMigration {
    var name: String { "019_add_inventory_digests" }

    func prepare(on database: any Database) async throws {
        try await database.schema("slaves").field("inventory_digest", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("slaves").deleteField("inventory_digest").update()
    }
}
