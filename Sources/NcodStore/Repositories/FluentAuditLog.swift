import FluentKit
import Foundation
import NcodCore

/// ``AuditLog`` on a Fluent database.
public struct FluentAuditLog: AuditLog {
    let database: any Database

    /// A log on `database`.
    public init(database: any Database) { self.database = database }

    /// Appends one event.
    public func append(_ event: AuditEvent) async throws {
        try await AuditEventModel(event).create(on: database)
    }

    /// Events, newest first, optionally only those of one action or one actor.
    public func recent(limit: Int, action: String?, actor: String?) async throws -> [AuditEvent] {
        var query = AuditEventModel.query(on: database).sort(\.$at, .descending).limit(max(0, limit))
        if let action { query = query.filter(\.$action == action) }
        if let actor { query = query.filter(\.$actor == actor) }
        return try await query.all().map { try $0.domain() }
    }
}
