import FluentKit
import SQLKit

extension Database {
    /// This database as SQLKit sees it; every backend ncod supports is an SQL database.
    var sql: any SQLDatabase {
        get throws {
            guard let sql = self as? any SQLDatabase else { throw UnsupportedDatabase(name: String(describing: type(of: self))) }
            return sql
        }
    }
}

/// A Fluent database that does not speak SQL (ncod needs partial indexes and raw probes).
struct UnsupportedDatabase: Error, CustomStringConvertible {
    let name: String
    var description: String { "ncod needs an SQL database; \(name) is not one" }
}
