import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import NIOCore
import NcodCore

/// Where the master keeps its data, parsed from `--database-url`.
///
/// - `postgres://user:password@host:5432/ncod` (or `postgresql://`) selects PostgreSQL.
/// - `sqlite:///var/lib/ncod/ncod.sqlite`, `sqlite://ncod.sqlite` or a bare file path selects SQLite.
public enum DatabaseLocation: Equatable, Sendable, CustomStringConvertible {
    /// A SQLite database file.
    case sqlite(path: String)
    /// A PostgreSQL server, by connection URL.
    case postgres(url: String)

    /// Why a database URL was not accepted.
    public struct InvalidURL: Error, CustomStringConvertible, Equatable {
        /// One-line explanation.
        public var description: String

        /// Creates an error with its explanation.
        public init(description: String) { self.description = description }
    }

    /// Parses a database URL or path.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw InvalidURL(description: "the database URL is empty") }
        guard let schemeEnd = trimmed.range(of: "://") else {
            self = .sqlite(path: trimmed)
            return
        }
        let scheme = trimmed[..<schemeEnd.lowerBound].lowercased()
        let rest = String(trimmed[schemeEnd.upperBound...])
        switch scheme {
        case "postgres", "postgresql":
            guard let components = URLComponents(string: trimmed), components.host?.isEmpty == false else {
                throw InvalidURL(
                    description: "cannot read the PostgreSQL URL '\(Self.redact(trimmed))': expected postgres://user:password@host:port/database")
            }
            guard components.user?.isEmpty == false else {
                throw InvalidURL(
                    description: "the PostgreSQL URL '\(Self.redact(trimmed))' names no user: expected postgres://user:password@host:port/database")
            }
            self = .postgres(url: "postgres://" + rest)
        case "sqlite":
            guard !rest.isEmpty else { throw InvalidURL(description: "the SQLite URL '\(trimmed)' names no file") }
            self = .sqlite(path: rest)
        default:
            throw InvalidURL(
                description:
                    "unsupported database URL scheme '\(scheme)' in '\(Self.redact(trimmed))': use postgres://user:password@host:port/database, or a SQLite file path"
            )
        }
    }

    /// Which backend, for logs and health reports: `sqlite` or `postgresql`.
    public var backend: String {
        switch self {
        case .sqlite: "sqlite"
        case .postgres: "postgresql"
        }
    }

    /// The location with any password hidden, safe to log.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite://\(path)"
        case .postgres(let url): Self.redact(url)
        }
    }

    /// The Fluent identifier of the backend.
    public var databaseID: DatabaseID {
        switch self {
        case .sqlite: .sqlite
        case .postgres: .psql
        }
    }

    /// Connections each event loop's PostgreSQL pool may open: 16 in all, at least 2 a loop. One a loop, as before,
    /// left two connections on two cores for every request to queue on (BENCHMARKS.md, report ingest). SQLite always has one a loop.
    public static let connectionsPerEventLoop = max(2, 16 / System.coreCount)
    /// Connections this database's pools may open in all (one event loop per core).
    public var poolSize: Int {
        switch self {
        case .sqlite: System.coreCount
        case .postgres: System.coreCount * Self.connectionsPerEventLoop
        }
    }

    /// The longest a request waits for a database connection before it fails with 503 (fail fast while the database is away).
    public static let poolWaitSeconds = 3

    /// The Fluent configuration that opens this database.
    public func configuration() throws -> DatabaseConfigurationFactory {
        switch self {
        case .sqlite(let path):
            return .sqlite(.file(path))
        case .postgres(let url):
            do {
                return try .postgres(
                    url: url, maxConnectionsPerEventLoop: Self.connectionsPerEventLoop, connectionPoolTimeout: .seconds(Int64(Self.poolWaitSeconds)))
            } catch {
                throw InvalidURL(description: "cannot use the PostgreSQL URL '\(Self.redact(url))': \(error)")
            }
        }
    }

    /// `url` with the password between `:` and `@` replaced by `***`.
    static func redact(_ url: String) -> String {
        guard let components = URLComponents(string: url), components.password != nil else { return url }
        var redacted = components
        redacted.password = "***"
        return redacted.string ?? url
    }
}
