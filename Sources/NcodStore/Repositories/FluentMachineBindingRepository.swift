import FluentKit
import Foundation
import NcodCore

/// ``MachineBindingRepository`` on a Fluent database.
public struct FluentMachineBindingRepository: MachineBindingRepository {
    let database: any Database

    /// A repository on `database`.
    public init(database: any Database) { self.database = database }

    /// The binding of this account and address, with its `lastSeen` moved to `at`;
    /// a new ``MachineBinding/Status/pending`` one when there was none.
    public func record(userID: UUID, mac: MACAddress, at: Date, hostname: String?, publicKey: String?) async throws -> MachineBinding {
        if let existing = try await model(userID: userID, mac: mac) {
            existing.lastSeen = at
            if let hostname { existing.hostname = hostname }
            if let publicKey, existing.status == MachineBinding.Status.pending.rawValue { existing.publicKey = publicKey }
            try await existing.save(on: database)
            return try existing.domain()
        }
        guard try await UserModel.find(userID, on: database) != nil else { throw StoreError.notFound(entity: "user", key: userID.uuidString) }
        let model = MachineBindingModel(
            MachineBinding(
                id: UUID(), userID: userID, mac: mac, status: .pending, firstSeen: at, lastSeen: at, publicKey: publicKey, hostname: hostname))
        do {
            try await model.create(on: database)
            return try model.domain()
        } catch  where error.isConstraintFailure {
            // Another login from the same computer recorded it first.
            guard let winner = try await self.model(userID: userID, mac: mac) else { throw error }
            return try winner.domain()
        }
    }

    /// The binding of this account and address.
    public func find(userID: UUID, mac: MACAddress) async throws -> MachineBinding? {
        try await model(userID: userID, mac: mac)?.domain()
    }

    /// The binding with this identifier.
    public func find(_ id: UUID) async throws -> MachineBinding? {
        try await MachineBindingModel.find(id, on: database)?.domain()
    }

    /// The bindings with these identifiers (those that exist), in one query.
    public func find(ids: Set<UUID>) async throws -> [MachineBinding] {
        guard !ids.isEmpty else { return [] }
        return try await MachineBindingModel.query(on: database).filter(\.$id ~~ Array(ids)).all().map { try $0.domain() }
    }

    /// The account's bindings, ordered by address.
    public func list(userID: UUID) async throws -> [MachineBinding] {
        try await MachineBindingModel.query(on: database).filter(\.$userID == userID).sort(\.$mac).all().map { try $0.domain() }
    }

    /// Every binding with this status, oldest first.
    public func list(status: MachineBinding.Status) async throws -> [MachineBinding] {
        try await MachineBindingModel.query(on: database).filter(\.$status == status.rawValue).sort(\.$firstSeen).all()
            .map { try $0.domain() }
    }

    /// Pending bindings and approved ones presenting a new key, oldest first.
    public func listWaiting() async throws -> [MachineBinding] {
        try await MachineBindingModel.query(on: database)
            .group(.or) { $0.filter(\.$status == MachineBinding.Status.pending.rawValue).filter(\.$requestedKey != nil) }
            .sort(\.$firstSeen).all().map { try $0.domain() }
    }

    /// Writes a binding's status, keys, host name and reason.
    public func update(_ binding: MachineBinding) async throws -> MachineBinding {
        guard let model = try await MachineBindingModel.find(binding.id, on: database) else {
            throw StoreError.notFound(entity: "machine binding", key: binding.id.uuidString)
        }
        model.status = binding.status.rawValue
        model.publicKey = binding.publicKey
        model.requestedKey = binding.requestedKey
        model.hostname = binding.hostname
        model.reason = binding.reason
        try await model.save(on: database)
        return try model.domain()
    }

    /// Changes a binding's status.
    public func setStatus(_ id: UUID, to status: MachineBinding.Status) async throws -> MachineBinding {
        guard let model = try await MachineBindingModel.find(id, on: database) else {
            throw StoreError.notFound(entity: "machine binding", key: id.uuidString)
        }
        model.status = status.rawValue
        try await model.save(on: database)
        return try model.domain()
    }

    private func model(userID: UUID, mac: MACAddress) async throws -> MachineBindingModel? {
        try await MachineBindingModel.query(on: database).filter(\.$userID == userID).filter(\.$mac == mac.description).first()
    }
}
