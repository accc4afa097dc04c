import FluentKit
import Foundation
import NcodCore

/// ``UserRepository`` on a Fluent database.
public struct FluentUserRepository: UserRepository {
    let database: any Database

    /// A repository on `database`.
    public init(database: any Database) { self.database = database }

    /// Adds an account; the username is stored lower-cased and must be unique (``StoreError/duplicate(entity:field:value:)``).
    public func create(_ user: User) async throws -> User {
        try await checkOrgUnit(user.orgUnitID)
        let model = UserModel(user)
        do {
            try await model.create(on: database)
        } catch  where error.isConstraintFailure {
            throw StoreError.duplicate(entity: "user", field: "username", value: user.username.lowercased())
        }
        return try model.domain()
    }

    /// The account with this identifier.
    public func find(_ id: UUID) async throws -> User? {
        try await UserModel.find(id, on: database)?.domain()
    }

    /// The accounts with these identifiers, in one query; unknown ones are left out.
    public func find(ids: Set<UUID>) async throws -> [User] {
        guard !ids.isEmpty else { return [] }
        return try await UserModel.query(on: database).filter(\.$id ~~ Array(ids)).all().map { try $0.domain() }
    }

    /// The account with this username, compared case-insensitively.
    public func find(username: String) async throws -> User? {
        try await UserModel.query(on: database).filter(\.$username == username.lowercased()).first()?.domain()
    }

    /// Accounts, optionally only those with one status, ordered by username.
    public func list(status: User.Status?) async throws -> [User] {
        var query = UserModel.query(on: database).sort(\.$username)
        if let status { query = query.filter(\.$status == status.rawValue) }
        return try await query.all().map { try $0.domain() }
    }

    /// Writes every mutable field of the account back.
    public func update(_ user: User) async throws -> User {
        guard let model = try await UserModel.find(user.id, on: database) else { throw StoreError.notFound(entity: "user", key: user.id.uuidString) }
        try await checkOrgUnit(user.orgUnitID)
        model.apply(user)
        do {
            try await model.save(on: database)
        } catch  where error.isConstraintFailure {
            throw StoreError.duplicate(entity: "user", field: "username", value: user.username.lowercased())
        }
        return try model.domain()
    }

    private func checkOrgUnit(_ id: UUID?) async throws {
        guard let id else { return }
        guard try await OrgUnitModel.find(id, on: database) != nil else { throw StoreError.notFound(entity: "org unit", key: id.uuidString) }
    }
}
