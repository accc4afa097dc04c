import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import NcodCore
import SQLKit

/// Every repository on one Fluent database (a pool, a request's connection, or a transaction).
///
/// ```swift
/// let store = Store(database: req.db)
/// try await store.transaction { store in
///     let lease = try await store.leases.acquire(lease)
///     try await store.audit.append(event)
/// }
/// ```
public struct Store: Sendable {
    /// The database the repositories use.
    public let database: any Database

    /// A store on `database`.
    public init(database: any Database) { self.database = database }

    /// The organisation tree.
    public var orgUnits: FluentOrgUnitRepository { FluentOrgUnitRepository(database: database) }
    /// Accounts.
    public var users: FluentUserRepository { FluentUserRepository(database: database) }
    /// Machine bindings.
    public var bindings: FluentMachineBindingRepository { FluentMachineBindingRepository(database: database) }
    /// Slaves.
    public var slaves: FluentSlaveRepository { FluentSlaveRepository(database: database) }
    /// Devices.
    public var devices: FluentDeviceRepository { FluentDeviceRepository(database: database) }
    /// Leases.
    public var leases: FluentLeaseRepository { FluentLeaseRepository(database: database) }
    /// Waiting lists.
    public var waits: FluentWaitRepository { FluentWaitRepository(database: database) }
    /// Refresh tokens.
    public var refreshTokens: FluentRefreshTokenRepository { FluentRefreshTokenRepository(database: database) }
    /// Slave enrolment tokens.
    public var enrolmentTokens: FluentEnrolmentTokenRepository { FluentEnrolmentTokenRepository(database: database) }
    /// The audit log.
    public var audit: FluentAuditLog { FluentAuditLog(database: database) }
    /// Duties one master performs for the whole fleet.
    public var duties: FleetDuties { FleetDuties(database: database) }

    /// Runs `body` in one database transaction: all of its writes land, or none.
    ///
    /// When the database refuses the transaction because another one holds what it needs (SQLite's "database is locked"
    /// when a reading transaction must become a writing one; PostgreSQL's deadlock or serialization failure), the whole
    /// transaction is rolled back and `body` runs again, up to ``contentionRetries`` times. On SQLite, transactions also queue for
    /// their turn (``sqliteTransactions``), which makes such refusals rare. `body` must therefore only touch
    /// the database; what it produces for others (events) is returned and sent after the commit.
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (Store) async throws -> T) async throws -> T {
        let queued = (database as? any SQLDatabase)?.dialect.name == "sqlite"
        var attempt = 0
        while true {
            do {
                guard queued else { return try await database.transaction { database in try await body(Store(database: database)) } }
                return try await Self.sqliteTransactions.withTurn {
                    try await database.transaction { database in try await body(Store(database: database)) }
                }
            } catch  where attempt < Self.contentionRetries && Self.isContention(error) {
                attempt += 1
                try await Task.sleep(for: .milliseconds(Int.random(in: 5...20) * attempt))
            }
        }
    }

    /// One SQLite transaction at a time in this process (an embedded master has one SQLite database).
    ///
    /// SQLite has a single writer. A transaction that has read and then must wait for another writer is refused at once with
    /// "database is locked" rather than waiting, to avoid a deadlock. With one SQLite connection per event loop, busy moments
    /// (reports unplugging devices while people take leases) made such refusals frequent enough to exhaust
    /// ``contentionRetries``. Queuing the transactions leaves only the rare race with a single statement to the retry.
    static let sqliteTransactions = AsyncGate(limit: 1)

    /// How often a transaction that lost to another one is tried again.
    public static let contentionRetries = 8

    /// Whether `error` says another transaction was in the way, so that trying again can succeed.
    public static func isContention(_ error: any Error) -> Bool {
        if let sqlite = error as? SQLiteError { return sqlite.reason == .busy || sqlite.reason == .locked }
        if let psql = error as? PSQLError, psql.code == .server, let state = psql.serverInfo?[.sqlState] {
            return state == "40001" || state == "40P01"
        }
        return false
    }

    /// Asks the database a trivial question; throws when it cannot be reached.
    public func ping() async throws {
        try await database.sql.raw("SELECT 1").run()
    }
}
