import NcodStore
import Testing

/// One behaviour every store backend must show, run unchanged on SQLite and on PostgreSQL.
struct ContractCase: Sendable, CustomTestStringConvertible {
    let name: String
    let body: @Sendable (Store) async throws -> Void

    var testDescription: String { name }
}
