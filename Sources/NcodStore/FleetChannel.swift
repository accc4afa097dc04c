import FluentKit
import FluentPostgresDriver
import Foundation
import Logging
import PostgresKit
import PostgresNIO
import SQLKit

/// How the masters of one fleet, sharing one PostgreSQL database, tell each other about changes (LISTEN/NOTIFY) and take
/// turns at migrating it (an advisory lock). A SQLite database has one master, so there is nothing to tell.
public enum FleetChannel {
    /// The notification channel.
    public static let name = "ncod_events"
    /// The largest payload PostgreSQL carries in one notification is 8000 bytes; stay below it.
    public static let payloadLimit = 7_900
    /// The advisory lock key held while migrating ("ncod" in ASCII).
    static let migrationLock: Int64 = 0x6E63_6F64

    /// Whether `database` is PostgreSQL, where several masters may share it.
    public static func isShared(_ database: any Database) -> Bool {
        (database as? any SQLDatabase)?.dialect.name == "postgresql"
    }

    /// Sends `payload` to every master listening on `database` (nothing on SQLite).
    public static func notify(_ payload: String, on database: any Database) async throws {
        guard isShared(database), let sql = database as? any SQLDatabase else { return }
        try await sql.raw("SELECT pg_notify(\(bind: name), \(bind: payload))").run()
    }

    /// Listens on a connection of its own to `url`: calls `onListening` once the `LISTEN` is in place, then `receive` with
    /// each payload, in the order the transactions that sent them committed. Returns when the connection ends and throws
    /// when it fails; either way notifications may have been missed, and the caller should listen again.
    public static func listen(
        url: String, logger: Logger, onListening: @Sendable () async -> Void, receive: @Sendable (String) async -> Void
    ) async throws {
        let connection = try await connect(url: url, logger: logger)
        do {
            try await connection.listen(on: name) { notifications in
                await onListening()
                for try await notification in notifications { await receive(notification.payload) }
            }
            try? await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Runs `body` holding the fleet's migration lock, so that masters starting together migrate one after the other (the
    /// later ones then find nothing to do).
    public static func withMigrationLock<T: Sendable>(url: String, logger: Logger, _ body: () async throws -> T) async throws -> T {
        let connection = try await connect(url: url, logger: logger)
        do {
            _ = try await connection.query("SELECT pg_advisory_lock(\(migrationLock))", logger: logger).collect()
            let result = try await body()
            _ = try? await connection.query("SELECT pg_advisory_unlock(\(migrationLock))", logger: logger).collect()
            try? await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }

    private static func connect(url: String, logger: Logger) async throws -> PostgresConnection {
        let configuration = try SQLPostgresConfiguration(url: url).coreConfiguration
        return try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: Int.random(in: 1...Int.max), logger: logger)
    }
}
