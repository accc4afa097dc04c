import Foundation
import NcodCore
import NcodStore
import Vapor

/// `ncod-master audit verify` and `audit seal`: the audit chain of the database the configuration names, with the keys folder's key.
public enum AuditCheck {
    /// Seals every record not yet in the chain (what the sweeping master does every second), for a database no master runs on;
    /// returns how many.
    public static func seal(configuration: MasterConfiguration, logger: Logger) async throws -> Int {
        let keys = try KeyMaterial.load(configuration)
        let app = try await MasterApplication.makeDatabaseOnly(configuration, logger: logger)
        do {
            try await MasterApplication.migrate(app, location: configuration.database)
            var total = 0
            while true {
                let sealed = try await AuditSeals.seal(store: Store(database: app.db), key: keys.auditKey)
                total += sealed
                if sealed < AuditSeals.batch { break }
            }
            try await app.asyncShutdown()
            return total
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    /// Walks the chain, records the outcome (`audit.verified`) and returns it.
    /// Verifies the chain; records sealed while this runs are checked next time.
    public static func verify(configuration: MasterConfiguration, logger: Logger, now: Date = Date()) async throws -> AuditVerification {
        let keys = try KeyMaterial.load(configuration)
        let app = try await MasterApplication.makeDatabaseOnly(configuration, logger: logger)
        do {
            try await MasterApplication.migrate(app, location: configuration.database)
            let result = try await AuditSeals.verifyAndRecord(store: Store(database: app.db), key: keys.auditKey, now: now, actor: "ncod-master")
            try await app.asyncShutdown()
            return result
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}
