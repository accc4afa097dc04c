import FluentKit

/// Adds `leases.password_md5`: the MD5 of each lease's one-time VirtualHere password, for the slaves' authorization hook.
struct M011_AddLeasePasswords: AsyncMigration {
    var name: String { "011_add_lease_passwords" }

    func prepare(on database: any Database) async throws {
        try await database.schema("leases").field("password_md5", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("leases").deleteField("password_md5").update()
    }
}
