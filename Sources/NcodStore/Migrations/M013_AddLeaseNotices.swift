import FluentKit
import SQLKit

/// Adds `slaves.lease_epoch`, raised whenever a lease on one of the slave's devices is taken or ends, so that a slave learns
/// from a heartbeat's answer that it must fetch its leases (and free what is no longer leased); and `audit_events.holder`,
/// the person a lease record is about, so that a person's audit trail shows the leases an administrator or the system ended.
struct M013_AddLeaseNotices: AsyncMigration {
    var name: String { "013_add_lease_notices" }

    func prepare(on database: any Database) async throws {
        try await database.schema("slaves").field("lease_epoch", .int, .required, .sql(.default(0))).update()
        try await database.schema("audit_events").field("holder", .string).update()
        try await database.sql.raw("CREATE INDEX audit_events_holder ON audit_events (holder)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX audit_events_holder").run()
        try await database.schema("audit_events").deleteField("holder").update()
        try await database.schema("slaves").deleteField("lease_epoch").update()
    }
}
