import FluentKit
import SQLKit

/// Adds what timed holds and the maximum hold need: `leases.ends_at` (the end a lease cannot pass: the holder's chosen end, or
/// the maximum hold), `leases.timed` (kept without the client renewing, until `ends_at`), `leases.extended` (its one extension
/// used), and `devices.max_hold_seconds` (an administrator's maximum for one device, over the site's).
struct M014_AddTimedHolds: AsyncMigration {
    var name: String { "014_add_timed_holds" }

    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds a single column at a time.
        try await database.schema("leases").field("ends_at", .datetime).update()
        try await database.schema("leases").field("timed", .bool, .required, .sql(.default(false))).update()
        try await database.schema("leases").field("extended", .bool, .required, .sql(.default(false))).update()
        try await database.schema("devices").field("max_hold_seconds", .int).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("devices").deleteField("max_hold_seconds").update()
        for column in ["extended", "timed", "ends_at"] { try await database.schema("leases").deleteField(.key(.string(column))).update() }
    }
}
