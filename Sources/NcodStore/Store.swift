import FluentKit
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
    /// Refresh tokens.
    public var refreshTokens: FluentRefreshTokenRepository { FluentRefreshTokenRepository(database: database) }
    /// Slave enrolment tokens.
    public var enrolmentTokens: FluentEnrolmentTokenRepository { FluentEnrolmentTokenRepository(database: database) }
    /// The audit log.
    public var audit: FluentAuditLog { FluentAuditLog(database: database) }

    /// Runs `body` in one database transaction: all of its writes land, or none.
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (Store) async throws -> T) async throws -> T {
        try await database.transaction { database in try await body(Store(database: database)) }
    }

    /// Asks the database a trivial question; throws when it cannot be reached.
    public func ping() async throws {
        try await database.sql.raw("SELECT 1").run()
    }
}
