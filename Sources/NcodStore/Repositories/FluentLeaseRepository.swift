import FluentKit
import Foundation
import NcodCore
import SQLKit

/// ``LeaseRepository`` on a Fluent database.
///
/// Exclusivity is not checked here but left to the partial unique index `leases_one_active_per_device`,
/// so that two masters or two requests racing still get exactly one winner.
public struct FluentLeaseRepository: LeaseRepository {
    let database: any Database

    /// A repository on `database`.
    public init(database: any Database) { self.database = database }

    /// Records a new active lease; throws ``StoreError/deviceBusy(activeLease:)`` when the device already has one,
    /// even when two callers race.
    public func acquire(_ lease: Lease) async throws -> Lease {
        var attempt = lease
        attempt.endedAt = nil
        attempt.endReason = nil
        var refusals = 0
        while true {
            let model = LeaseModel(attempt)
            do {
                try await model.create(on: database)
                return try model.domain()
            } catch  where error.isConstraintFailure {
                // Refused: an unknown device or account (a foreign key), or the device held (the one-active-lease index). Looked
                // up only now, so that a lease granted costs one statement.
                guard try await DeviceModel.find(lease.deviceID, on: database) != nil else {
                    throw StoreError.notFound(entity: "device", key: lease.deviceID.uuidString)
                }
                guard try await UserModel.find(lease.userID, on: database) != nil else {
                    throw StoreError.notFound(entity: "user", key: lease.userID.uuidString)
                }
                if let holder = try await active(deviceID: lease.deviceID) { throw StoreError.deviceBusy(activeLease: holder) }
                // The lease in the way ended between the refusal and this read (released, expired, unplugged): try again.
                // The load harness found this race: it was answered 500.
                refusals += 1
                if refusals >= 3 { throw error }
            }
        }
    }

    /// The lease with this identifier.
    public func find(_ id: UUID) async throws -> Lease? {
        try await LeaseModel.find(id, on: database)?.domain()
    }

    /// The device's active lease.
    public func active(deviceID: UUID) async throws -> Lease? {
        try await LeaseModel.query(on: database).filter(\.$deviceID == deviceID).filter(\.$endedAt == nil).first()?.domain()
    }

    /// Every active lease, oldest first.
    public func allActive() async throws -> [Lease] {
        try await LeaseModel.query(on: database).filter(\.$endedAt == nil).sort(\.$startedAt).all().map { try $0.domain() }
    }

    /// The active leases of one user, oldest first.
    public func active(userID: UUID) async throws -> [Lease] {
        try await LeaseModel.query(on: database).filter(\.$userID == userID).filter(\.$endedAt == nil).sort(\.$startedAt).all().map {
            try $0.domain()
        }
    }

    /// The active leases on one slave's devices, in one query (each report answers with them).
    public func active(slaveID: UUID) async throws -> [Lease] {
        try await LeaseModel.query(on: database).join(DeviceModel.self, on: \LeaseModel.$deviceID == \DeviceModel.$id)
            .filter(DeviceModel.self, \.$slaveID == slaveID).filter(\.$endedAt == nil).all().map { try $0.domain() }
    }

    /// Active leases whose expiry is before `date`.
    public func expired(before date: Date) async throws -> [Lease] {
        try await LeaseModel.query(on: database).filter(\.$endedAt == nil).filter(\.$expiresAt < date).all().map { try $0.domain() }
    }

    /// Every lease held at some moment between `from` and `to`, oldest first.
    public func overlapping(from: Date, to: Date) async throws -> [Lease] {
        try await LeaseModel.query(on: database).filter(\.$startedAt < to)
            .group(.or) { $0.filter(\.$endedAt == nil).filter(\.$endedAt > from) }
            .sort(\.$startedAt).all().map { try $0.domain() }
    }

    /// Moves an active lease's expiry; refuses an ended lease (``StoreError/invalid(_:)``).
    public func renew(_ id: UUID, until expiresAt: Date) async throws -> Lease {
        let model = try await activeModel(id)
        model.expiresAt = expiresAt
        try await model.save(on: database)
        return try model.domain()
    }

    /// Moves an active lease's end, expiry and flags; refuses an ended lease (``StoreError/invalid(_:)``).
    public func hold(_ id: UUID, until endsAt: Date, timed: Bool, extended: Bool, expiresAt: Date) async throws -> Lease {
        let model = try await activeModel(id)
        model.endsAt = endsAt
        model.timed = timed
        model.extended = extended
        model.expiresAt = expiresAt
        try await model.save(on: database)
        return try model.domain()
    }

    /// Ends an active lease with a reason; refuses an ended lease (``StoreError/invalid(_:)``).
    public func end(_ id: UUID, reason: Lease.EndReason, at: Date) async throws -> Lease {
        if let ended = try await endIfActive(id, reason: reason, at: at) { return ended }
        _ = try await activeModel(id)  // says why: no such lease, or it had already ended
        throw StoreError.invalid("lease \(id) could not be ended")
    }

    /// Ends the lease if it is still active and returns it; `nil` when it had already ended.
    public func endIfActive(_ id: UUID, reason: Lease.EndReason, at: Date) async throws -> Lease? {
        // One conditional UPDATE … RETURNING: of two callers ending the same lease, exactly one does. An expiry also needs the
        // lease to be past its expiry still, so that a renewal a moment before the sweep wins.
        var update = try database.sql.update(LeaseModel.schema)
            .set("ended_at", to: SQLBind(at))
            .set("end_reason", to: SQLBind(reason.rawValue))
            .where("id", .equal, SQLBind(id))
            .where("ended_at", .is, SQLLiteral.null)
        if reason == .expired || reason == .holdOver { update = update.where("expires_at", .lessThan, SQLBind(at)) }
        return
            try await update
            .returning(SQLLiteral.all)
            .all()
            .first
            .map { try $0.decode(model: LeaseModel.self).domain() }
    }

    private func activeModel(_ id: UUID) async throws -> LeaseModel {
        guard let model = try await LeaseModel.find(id, on: database) else { throw StoreError.notFound(entity: "lease", key: id.uuidString) }
        if model.endedAt != nil { throw StoreError.invalid("lease \(id) has already ended (\(model.endReason ?? "unknown"))") }
        return model
    }
}
