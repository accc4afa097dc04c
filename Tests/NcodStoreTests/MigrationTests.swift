import FluentKit
import NcodStore
import NcodTestSupport
import SQLKit
import Testing

/// The schema history applies, reverts completely and applies again, on both backends.
@Suite("Migrations")
struct MigrationTests {
    static var backends: [TestBackend] { TestBackend.allCases.filter(\.isAvailable) }

    @Test("migrations are reversible", arguments: backends)
    func reversible(_ backend: TestBackend) async throws {
        try await backend.withMigrator { migrator, database in
            try await migrator.setupIfNeeded().get()
            try await migrator.prepareBatch().get()
            let sql = try #require(database as? any SQLDatabase)
            try await sql.raw("SELECT count(*) FROM leases").run()

            try await migrator.revertAllBatches().get()
            var gone = false
            do { try await sql.raw("SELECT count(*) FROM leases").run() } catch { gone = true }
            #expect(gone, "reverting every batch must drop the leases table")

            try await migrator.prepareBatch().get()
            try await sql.raw("SELECT count(*) FROM audit_events").run()
        }
    }
}
