import FluentKit

/// Adds what approving a computer in one request needs (issue 17): `machine_bindings.public_key` (the computer's Ed25519 key),
/// `requested_key` (a different key presented for an approved binding, waiting for an administrator), `hostname` and `reason`
/// (the administrator's words).
struct M015_AddComputerKeys: AsyncMigration {
    var name: String { "015_add_computer_keys" }

    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds a single column at a time.
        for column in ["public_key", "requested_key", "hostname", "reason"] {
            try await database.schema("machine_bindings").field(.string(column), .string).update()
        }
    }

    func revert(on database: any Database) async throws {
        for column in ["reason", "hostname", "requested_key", "public_key"] {
            try await database.schema("machine_bindings").deleteField(.string(column)).update()
        }
    }
}
