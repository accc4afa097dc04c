import NcodStore
import Testing

@Suite("Database URLs")
struct DatabaseLocationTests {
    @Test("postgres URLs select PostgreSQL and never show the password")
    func postgres() throws {
        let location = try DatabaseLocation(parsing: "postgresql://ncod:s3cret@db.internal:5432/ncod")
        #expect(location == .postgres(url: "postgres://ncod:s3cret@db.internal:5432/ncod"))
        #expect(location.backend == "postgresql")
        #expect(location.description == "postgres://ncod:***@db.internal:5432/ncod")
    }

    @Test(
        "paths and sqlite URLs select SQLite",
        arguments: [
            ("ncod.sqlite", "ncod.sqlite"), ("/var/lib/ncod/ncod.sqlite", "/var/lib/ncod/ncod.sqlite"),
            ("sqlite:///var/lib/ncod/x.db", "/var/lib/ncod/x.db"), ("sqlite://rel.db", "rel.db"),
        ])
    func sqlite(_ input: String, _ path: String) throws {
        #expect(try DatabaseLocation(parsing: input) == .sqlite(path: path))
    }

    @Test("unknown schemes and incomplete URLs are refused with a clear message")
    func refused() {
        #expect(
            throws: DatabaseLocation.InvalidURL(
                description:
                    "unsupported database URL scheme 'mysql' in 'mysql://root:***@db/ncod': use postgres://user:password@host:port/database, or a SQLite file path"
            )
        ) { try DatabaseLocation(parsing: "mysql://root:pw@db/ncod") }
        #expect(throws: DatabaseLocation.InvalidURL.self) { try DatabaseLocation(parsing: "postgres://db.internal/ncod") }
        #expect(throws: DatabaseLocation.InvalidURL.self) { try DatabaseLocation(parsing: "  ") }
        #expect(throws: DatabaseLocation.InvalidURL.self) { try DatabaseLocation(parsing: "sqlite://") }
    }
}
