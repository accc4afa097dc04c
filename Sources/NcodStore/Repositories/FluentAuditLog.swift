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

    /// The page of events `query` asks for, newest first (ties broken by id, so pages never overlap), with the number matching.
    public func page(_ query: AuditQuery) async throws -> AuditPage {
        let filtered = AuditEventModel.query(on: database)
        if let person = query.person {
            filtered.group(.or) { $0.filter(\.$actor == person).filter(\.$subject == "user:\(person)").filter(\.$holder == person) }
        }
        if let device = query.device { filtered.filter(\.$subject ~~ "device:").filter(\.$subject ~~ device) }
        if let slave = query.slave {
            filtered.group(.or) { $0.filter(\.$actor ~~ "slave:\(slave)").filter(\.$subject ~~ "slave:\(slave)") }
        }
        if let actor = query.actor { filtered.filter(\.$actor == actor) }
        if let action = query.action {
            if action.hasSuffix(".") { filtered.filter(\.$action =~ action) } else { filtered.filter(\.$action == action) }
        }
        if let since = query.since { filtered.filter(\.$at >= since) }
        if let until = query.until { filtered.filter(\.$at < until) }
        let total = try await filtered.copy().count()
        let rows = try await filtered.sort(\.$at, .descending).sort(\.$id, .descending).range(query.offset..<(query.offset + query.limit)).all()
        return AuditPage(events: try rows.map { try $0.domain() }, total: total, offset: query.offset)
    }
}
