import FluentKit
import Foundation
import SQLKit

/// Duties that one master of a fleet performs for all (the offline sweep, lease expiry): a row per duty naming the master
/// holding it and until when. A master renews its hold at every turn; when it stops, another takes the duty over once the
/// hold has expired.
public struct FleetDuties: Sendable {
    let database: any Database

    /// Duties on `database`.
    public init(database: any Database) { self.database = database }

    /// Claims or renews `duty` for `holder` until `until`; true when `holder` holds it now. One statement, so two masters
    /// claiming at once cannot both win.
    public func claim(_ duty: String, holder: String, until: Date, now: Date) async throws -> Bool {
        let rows = try await database.sql.raw(
            """
            INSERT INTO fleet_duties (name, holder, expires_at) VALUES (\(bind: duty), \(bind: holder), \(bind: until))
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE fleet_duties.holder = excluded.holder OR fleet_duties.expires_at < \(bind: now)
            RETURNING holder
            """
        ).all()
        return try rows.first?.decode(column: "holder", as: String.self) == holder
    }

    /// Gives `duty` up if `holder` holds it (graceful shutdown), so another master takes it at its next turn.
    public func release(_ duty: String, holder: String) async throws {
        try await database.sql.raw("DELETE FROM fleet_duties WHERE name = \(bind: duty) AND holder = \(bind: holder)").run()
    }

    /// Who holds `duty` now, if anyone does.
    public func holder(of duty: String, now: Date) async throws -> String? {
        let rows = try await database.sql.raw(
            "SELECT holder FROM fleet_duties WHERE name = \(bind: duty) AND expires_at >= \(bind: now)"
        ).all()
        return try rows.first?.decode(column: "holder", as: String.self)
    }
}
