import FluentKit
import Foundation
import NcodCore
import SQLKit

/// ``WaitRepository`` on a Fluent database.
///
/// Offers and endings are conditional UPDATEs: of two masters offering the same device, or ending the same wait, exactly one
/// does (the partial unique index `waits_one_offer_per_device` refuses the other's offer).
public struct FluentWaitRepository: WaitRepository {
    let database: any Database

    /// A repository on `database`.
    public init(database: any Database) { self.database = database }

    /// Records a new wait; throws ``StoreError/duplicate(entity:field:value:)`` when the person already waits for the same target.
    public func join(_ wait: Wait) async throws -> Wait {
        var fresh = wait
        fresh.offeredDeviceID = nil
        fresh.offeredUntil = nil
        fresh.endedAt = nil
        fresh.endReason = nil
        let model = WaitModel(fresh)
        do {
            try await model.create(on: database)
        } catch  where error.isConstraintFailure {
            throw StoreError.duplicate(entity: "wait", field: "target", value: wait.target)
        }
        return try model.domain()
    }

    /// The wait with this identifier.
    public func find(_ id: UUID) async throws -> Wait? {
        try await WaitModel.find(id, on: database)?.domain()
    }

    /// Every active wait, in line order.
    public func allActive() async throws -> [Wait] {
        try await WaitModel.query(on: database).filter(\.$endedAt == nil).sort(\.$joinedAt).sort(\.$id).all().map { try $0.domain() }
    }

    /// The active waits of one person, in line order.
    public func active(userID: UUID) async throws -> [Wait] {
        try await WaitModel.query(on: database).filter(\.$userID == userID).filter(\.$endedAt == nil).sort(\.$joinedAt).all().map {
            try $0.domain()
        }
    }

    /// Offers `deviceID` to the wait until `until`, if it is still active without an offer and nobody else is offered the device.
    public func offer(_ id: UUID, deviceID: UUID, at: Date, until: Date) async throws -> Wait? {
        do {
            return try await database.sql.update(WaitModel.schema)
                .set("offered_device_id", to: SQLBind(deviceID))
                .set("offered_at", to: SQLFunction("COALESCE", args: SQLColumn("offered_at"), SQLBind(at)))
                .set("offered_until", to: SQLBind(until))
                .where("id", .equal, SQLBind(id))
                .where("ended_at", .is, SQLLiteral.null)
                .where("offered_device_id", .is, SQLLiteral.null)
                .returning(SQLLiteral.all)
                .all()
                .first
                .map { try $0.decode(model: WaitModel.self).domain() }
        } catch  where error.isConstraintFailure {
            return nil  // another master offered the device to someone a moment ago
        }
    }

    /// The waits joined between `from` and `to`, ended or not, in line order.
    public func joined(from: Date, to: Date) async throws -> [Wait] {
        try await WaitModel.query(on: database).filter(\.$joinedAt >= from).filter(\.$joinedAt < to).sort(\.$joinedAt).all().map { try $0.domain() }
    }

    /// Takes back the wait's offer, leaving it in its place.
    public func withdraw(_ id: UUID) async throws -> Wait? {
        try await database.sql.update(WaitModel.schema)
            .set("offered_device_id", to: SQLLiteral.null)
            .set("offered_until", to: SQLLiteral.null)
            .where("id", .equal, SQLBind(id))
            .where("ended_at", .is, SQLLiteral.null)
            .where("offered_device_id", .isNot, SQLLiteral.null)
            .returning(SQLLiteral.all)
            .all()
            .first
            .map { try $0.decode(model: WaitModel.self).domain() }
    }

    /// Ends the wait if it is still active; a lapse only when its offer ran out before `at`.
    public func endIfActive(_ id: UUID, reason: Wait.EndReason, at: Date) async throws -> Wait? {
        var update = try database.sql.update(WaitModel.schema)
            .set("ended_at", to: SQLBind(at))
            .set("end_reason", to: SQLBind(reason.rawValue))
            .where("id", .equal, SQLBind(id))
            .where("ended_at", .is, SQLLiteral.null)
        if reason == .lapsed { update = update.where("offered_until", .lessThan, SQLBind(at)) }
        return try await update.returning(SQLLiteral.all).all().first.map { try $0.decode(model: WaitModel.self).domain() }
    }
}
