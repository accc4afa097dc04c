import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Logging
import NcodCore
import NcodStore
import SQLKit

/// A database backend the contract suites run against.
public enum TestBackend: String, Sendable, CaseIterable, CustomStringConvertible {
    /// A SQLite file in a temporary folder.
    case sqlite
    /// A fresh database on the PostgreSQL server named by `NCOD_TEST_POSTGRES_URL`.
    case postgres

    /// The environment variable naming the test PostgreSQL server (a role allowed to create databases).
    public static let postgresURLVariable = "NCOD_TEST_POSTGRES_URL"

    /// The PostgreSQL URL given to the tests, if any.
    public static var postgresURL: String? {
        ProcessInfo.processInfo.environment[postgresURLVariable].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// PostgreSQL when a test server is configured, else SQLite: for the end-to-end tests that run on one backend.
    public static var preferred: TestBackend { postgres.isAvailable ? .postgres : .sqlite }

    /// An empty database of this backend as a `--database-url` argument for the real binaries, and its remover.
    public func makeEmptyDatabaseURL() async throws -> (url: String, drop: @Sendable () async throws -> Void) {
        let (location, drop) = try await makeEmptyDatabase()
        switch location {
        case .postgres(let url): return (url, drop)
        case .sqlite(let path): return (path, drop)
        }
    }

    /// Whether this backend can run here.
    public var isAvailable: Bool { self == .sqlite || Self.postgresURL != nil }

    /// `SQLite` or `PostgreSQL`.
    public var description: String { self == .sqlite ? "SQLite" : "PostgreSQL" }

    /// A logger quiet enough for test output.
    public static var quietLogger: Logger {
        var logger = Logger(label: "ncod.test")
        logger.logLevel = .warning
        return logger
    }

    /// Creates an empty database of this backend (trying three times: under the whole suite's load a connection can fail), returns
    /// where it is, and a closure that removes it, which does not fail (a database it cannot drop is said and left).
    public func makeEmptyDatabase() async throws -> (location: DatabaseLocation, drop: @Sendable () async throws -> Void) {
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ncod-test-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let path = folder.appendingPathComponent("ncod.sqlite").path
            return (.sqlite(path: path), { try? FileManager.default.removeItem(at: folder) })
        case .postgres:
            guard let base = Self.postgresURL, var components = URLComponents(string: base) else {
                throw StoreError.invalid("\(Self.postgresURLVariable) is not set to a postgres:// URL")
            }
            let name = "ncod_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            try await Self.administer(base, "CREATE DATABASE \(name)")
            components.path = "/" + name
            let url = components.string ?? base
            return (.postgres(url: url), { await Self.dropScratch(name, on: base) })
        }
    }

    /// Runs `body` with a store on a fresh, migrated database of this backend, and drops the database afterwards.
    public func withStore<T: Sendable>(_ body: @Sendable (Store) async throws -> T) async throws -> T {
        try await withStores(count: 1) { stores in try await body(stores[0]) }
    }

    /// Runs `body` with `count` stores on one fresh, migrated database, each on another event loop and so on a connection of
    /// its own (as concurrent requests of the master are), and drops the database afterwards.
    public func withStores<T: Sendable>(count: Int, _ body: @Sendable ([Store]) async throws -> T) async throws -> T {
        let (location, drop) = try await makeEmptyDatabase()
        let group = MultiThreadedEventLoopGroup.singleton
        let databases = Databases(threadPool: NIOThreadPool.singleton, on: group)
        databases.use(try location.configuration(), as: location.databaseID)
        do {
            let migrations = Migrations()
            migrations.add(NcodMigrations.all)
            let migrator = Migrator(databases: databases, migrations: migrations, logger: Self.quietLogger, on: group.any())
            try await migrator.setupIfNeeded().get()
            try await migrator.prepareBatch().get()
            let loops = Array(group.makeIterator())
            let stores = try (0..<count).map { index in
                guard let database = databases.database(location.databaseID, logger: Self.quietLogger, on: loops[index % loops.count]) else {
                    throw StoreError.invalid("database \(location) was not configured")
                }
                return Store(database: database)
            }
            let result = try await body(stores)
            await databases.shutdownAsync()
            try await drop()
            return result
        } catch {
            await databases.shutdownAsync()
            try? await drop()
            throw error
        }
    }

    /// Runs `body` with a migrator on a fresh database of this backend, for tests of the migrations themselves.
    public func withMigrator(_ body: @Sendable (Migrator, any Database) async throws -> Void) async throws {
        let (location, drop) = try await makeEmptyDatabase()
        let databases = Databases(threadPool: NIOThreadPool.singleton, on: MultiThreadedEventLoopGroup.singleton)
        databases.use(try location.configuration(), as: location.databaseID)
        let migrations = Migrations()
        migrations.add(NcodMigrations.all)
        let migrator = Migrator(
            databases: databases, migrations: migrations, logger: Self.quietLogger, on: MultiThreadedEventLoopGroup.singleton.any())
        do {
            guard let database = databases.database(location.databaseID, logger: Self.quietLogger, on: MultiThreadedEventLoopGroup.singleton.any())
            else {
                throw StoreError.invalid("database \(location) was not configured")
            }
            try await body(migrator, database)
            await databases.shutdownAsync()
            try await drop()
        } catch {
            await databases.shutdownAsync()
            try? await drop()
            throw error
        }
    }

    /// Drops the scratch database `name`. One that cannot be dropped (under the whole suite's load a connection can fail or time
    /// out) is said, with PostgreSQL's own words, and left: the test that used it is over and the test server is thrown away
    /// after the run, so a cleanup is no reason to fail a test.
    private static func dropScratch(_ name: String, on base: String) async {
        do {
            try await administer(base, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        } catch {
            print("TestBackend: the scratch database \(name) was left in place: \(error)")
        }
    }

    /// Runs `statement` on the server at `url`, trying three times, 2 s apart (under the whole suite's load a connection can fail);
    /// the last failure is thrown with the server's own words (PostgresNIO's description hides them; its reflection does not).
    private static func administer(_ url: String, _ statement: String) async throws {
        for attempt in 1...3 {
            do {
                return try await administer(url) { sql in try await sql.raw("\(unsafeRaw: statement)").run() }
            } catch {
                guard attempt < 3 else { throw StoreError.invalid("\(statement): \(String(reflecting: error))") }
                try await Task.sleep(for: .seconds(2))
            }
        }
    }

    private static func administer(_ url: String, _ body: @Sendable (any SQLDatabase) async throws -> Void) async throws {
        let databases = Databases(threadPool: NIOThreadPool.singleton, on: MultiThreadedEventLoopGroup.singleton)
        databases.use(try .postgres(url: url), as: .psql)
        do {
            guard let sql = databases.database(.psql, logger: quietLogger, on: MultiThreadedEventLoopGroup.singleton.any()) as? any SQLDatabase else {
                throw StoreError.invalid("the PostgreSQL test server is not an SQL database")
            }
            try await body(sql)
            await databases.shutdownAsync()
        } catch {
            await databases.shutdownAsync()
            throw error
        }
    }
}
