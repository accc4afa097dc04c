import FluentKit
import Foundation
import NcodCore
import SQLKit

/// ``SlaveRepository`` on a Fluent database.
public struct FluentSlaveRepository: SlaveRepository {
    let database: any Database

    /// A repository on `database`.
    public init(database: any Database) { self.database = database }

    /// Adds a slave; names are unique.
    public func create(_ slave: Slave) async throws -> Slave {
        let model = SlaveModel(slave)
        do {
            try await model.create(on: database)
        } catch  where error.isConstraintFailure {
            throw StoreError.duplicate(entity: "slave", field: "name", value: slave.name)
        }
        return try model.domain()
    }

    /// The slave with this identifier.
    public func find(_ id: UUID) async throws -> Slave? {
        try await select().where("id", .equal, SQLBind(id)).first().map(SlaveModel.domain(row:))
    }

    /// The slave with this name.
    public func find(name: String) async throws -> Slave? {
        try await SlaveModel.query(on: database).filter(\.$name == name).first()?.domain()
    }

    /// Every slave, ordered by name.
    public func all() async throws -> [Slave] {
        try await select().orderBy("name").all().map(SlaveModel.domain(row:))
    }

    /// Online slaves whose last report or heartbeat came before `cutoff` (or never came), ordered by name: what the sweep
    /// reads every second, without reading the whole fleet.
    public func silent(since cutoff: Date) async throws -> [Slave] {
        try await select()
            .where("status", .equal, SQLBind(Slave.Status.online.rawValue))
            .where { $0.where("last_report_at", .lessThan, SQLBind(cutoff)).orWhere("last_report_at", .is, SQLLiteral.null) }
            .orderBy("name").all().map(SlaveModel.domain(row:))
    }

    /// A SELECT of every column, read with ``SlaveModel/domain(row:)``: every slave request and the device list read slaves.
    private func select() throws -> SQLSelectBuilder {
        try database.sql.select().columns(SlaveModel.columns.map { SQLColumn($0) }).from(SlaveModel.schema)
    }

    /// Writes every mutable field of the slave back.
    public func update(_ slave: Slave) async throws -> Slave {
        guard let model = try await SlaveModel.find(slave.id, on: database) else {
            throw StoreError.notFound(entity: "slave", key: slave.id.uuidString)
        }
        model.apply(slave)
        do {
            try await model.save(on: database)
        } catch  where error.isConstraintFailure {
            throw StoreError.duplicate(entity: "slave", field: "name", value: slave.name)
        }
        return try model.domain()
    }

    /// Records `sequence` as the last report of `session`, with its time, the host's health and the report's digest, in one
    /// conditional write, and returns the slave as it now is; `nil` for a replayed or out-of-date report or an old session.
    public func claimReport(_ claim: SlaveClaim, at time: Date, health: HostHealth?, digest: String?) async throws -> Slave? {
        // One conditional UPDATE … RETURNING: of two copies of a report, exactly one is accepted, and an accepted report that
        // changes nothing else costs this one write.
        var update = try database.sql.update(SlaveModel.schema)
            .set("last_sequence", to: SQLBind(claim.sequence))
            .set("last_report_at", to: SQLBind(time))
        if let health { update = update.set("health", to: SQLBind(SlaveModel.encode(health))) }
        update = update.set("inventory_digest", to: SQLBind(digest))
        return
            try await update
            .where("id", .equal, SQLBind(claim.slaveID))
            .where("credential_hash", .equal, SQLBind(claim.credentialHash))
            .where("session_id", .equal, SQLBind(claim.session))
            .where("last_sequence", .lessThan, SQLBind(claim.sequence))
            .where("status", .notEqual, SQLBind(Slave.Status.disabled.rawValue))
            .returning(SlaveModel.columns.map { SQLColumn($0) })
            .all()
            .first
            .map(SlaveModel.domain(row:))
    }

    /// Stamps `time` on every slave whose beat holds, in one UPDATE over a VALUES list (on both backends); a slave named twice
    /// counts with its highest sequence only.
    public func claimHeartbeats(_ beats: [SlaveClaim], at time: Date, late: Bool = false) async throws -> [UUID: Int] {
        var latest: [UUID: SlaveClaim] = [:]
        for beat in beats where beat.sequence > (latest[beat.slaveID]?.sequence ?? Int.min) { latest[beat.slaveID] = beat }
        guard !latest.isEmpty else { return [:] }
        var query = Self.with(
            "beats (id, credential_hash, session_id, sequence)", latest.values.map { [$0.slaveID, $0.credentialHash, $0.session, $0.sequence] })
        query.appendLiteral(
            late
                ? ") UPDATE slaves SET last_sequence = CASE WHEN slaves.last_sequence < beats.sequence THEN beats.sequence ELSE slaves.last_sequence END, last_report_at = "
                : ") UPDATE slaves SET last_sequence = beats.sequence, last_report_at = ")
        query.appendInterpolation(bind: time)
        query.appendLiteral(
            """
             FROM beats WHERE slaves.id = beats.id AND slaves.credential_hash = beats.credential_hash \
            AND slaves.session_id = beats.session_id AND slaves.status <> 'disabled'
            """)
        if !late { query.appendLiteral(" AND slaves.last_sequence < beats.sequence") }
        query.appendLiteral(" RETURNING slaves.id, slaves.lease_epoch")
        var epochs: [UUID: Int] = [:]
        for row in try await database.sql.raw(query).all() {
            epochs[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "lease_epoch", as: Int.self)
        }
        return epochs
    }

    /// Writes the vouches' health in one UPDATE over a VALUES list (on both backends), where the slave is online and its digest
    /// is the vouch's; a slave named twice counts once.
    public func confirmInventories(_ vouches: [InventoryVouch]) async throws -> Set<UUID> {
        var latest: [UUID: InventoryVouch] = [:]
        for vouch in vouches { latest[vouch.slaveID] = vouch }
        guard !latest.isEmpty else { return [] }
        var query = Self.with("vouches (id, digest, health)", latest.values.map { [$0.slaveID, $0.digest, SlaveModel.encode($0.health) ?? ""] })
        query.appendLiteral(
            """
            ) UPDATE slaves SET health = vouches.health FROM vouches WHERE slaves.id = vouches.id \
            AND slaves.inventory_digest = vouches.digest AND slaves.status = 'online' RETURNING slaves.id
            """)
        var confirmed: Set<UUID> = []
        for row in try await database.sql.raw(query).all() { confirmed.insert(try row.decode(column: "id", as: UUID.self)) }
        return confirmed
    }

    /// `WITH table (columns) AS (VALUES (…), …)` with every value of `rows` bound, the head of an `UPDATE … FROM table` (on both
    /// backends) and without its closing parenthesis, which the caller writes before the UPDATE.
    private static func with(_ table: String, _ rows: [[any Encodable & Sendable]]) -> SQLQueryString {
        var query: SQLQueryString = "WITH "
        query.appendLiteral(table + " AS (VALUES ")
        for (index, row) in rows.enumerated() {
            query.appendLiteral(index > 0 ? ", (" : "(")
            for (column, value) in row.enumerated() {
                if column > 0 { query.appendLiteral(", ") }
                query.appendInterpolation(bind: value)
            }
            query.appendLiteral(")")
        }
        return query
    }

    /// Raises the lease epoch in one UPDATE (no read: two masters raising it at once both count).
    public func noteLeaseChange(_ id: UUID) async throws {
        try await database.sql.update(SlaveModel.schema).set(
            SQLIdentifier("lease_epoch"), to: SQLBinaryExpression(SQLIdentifier("lease_epoch"), .add, SQLLiteral.numeric("1"))
        )
        .where("id", .equal, SQLBind(id)).run()
    }

    /// Removes a slave with its devices; refuses while one of its devices has an active lease.
    public func delete(_ id: UUID) async throws {
        guard let model = try await SlaveModel.find(id, on: database) else { throw StoreError.notFound(entity: "slave", key: id.uuidString) }
        let deviceIDs = try await DeviceModel.query(on: database).filter(\.$slaveID == id).all(\.$id)
        let active = try await LeaseModel.query(on: database).filter(\.$deviceID ~~ deviceIDs).filter(\.$endedAt == nil).count()
        if active > 0 { throw StoreError.inUse("slave '\(model.name)' has \(active) active lease(s)") }
        try await model.delete(on: database)
    }
}
