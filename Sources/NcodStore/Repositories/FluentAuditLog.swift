import FluentKit
import Foundation
import NcodCore
import SQLKit

/// ``AuditLog`` on a Fluent database.
public struct FluentAuditLog: AuditLog {
    let database: any Database

    /// A log on `database`.
    public init(database: any Database) { self.database = database }

    /// Appends one event.
    public func append(_ event: AuditEvent) async throws {
        try await AuditEventModel(event).create(on: database)
    }

    /// Up to `limit` records not yet in the chain, oldest first.
    public func unsealed(limit: Int) async throws -> [AuditEvent] {
        try await AuditEventModel.query(on: database).filter(\.$seq == nil).sort(\.$at).sort(\.$id).limit(limit).all().map { try $0.domain() }
    }

    /// How many records are not yet in the chain.
    public func unsealedCount() async throws -> Int {
        try await AuditEventModel.query(on: database).filter(\.$seq == nil).count()
    }

    /// The last record of the chain.
    public func chainTail() async throws -> SealedAuditEvent? {
        try await AuditEventModel.query(on: database).filter(\.$seq != nil).sort(\.$seq, .descending).first()?.sealed()
    }

    /// Puts a record in the chain, if it is not in it and `seq` is free.
    public func seal(_ id: UUID, seq: Int64, seal: String) async throws -> Bool {
        do {
            let sealed = try await database.sql.update(AuditEventModel.schema)
                .set("seq", to: SQLBind(seq))
                .set("seal", to: SQLBind(seal))
                .where("id", .equal, SQLBind(id))
                .where("seq", .is, SQLLiteral.null)
                .returning("id")
                .all()
            return !sealed.isEmpty
        } catch  where error.isConstraintFailure {
            return false  // another master took `seq` a moment ago
        }
    }

    /// Up to `limit` records of the chain after place `seq`, in order.
    public func chain(after seq: Int64, limit: Int) async throws -> [SealedAuditEvent] {
        try await AuditEventModel.query(on: database).filter(\.$seq > seq).sort(\.$seq).limit(limit).all().compactMap { try $0.sealed() }
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
