import FluentKit
import Foundation
import NcodCore
import SQLKit

/// ``RefreshTokenRepository`` on a Fluent database.
public struct FluentRefreshTokenRepository: RefreshTokenRepository {
    let database: any Database

    /// A repository on `database`.
    public init(database: any Database) { self.database = database }

    /// Stores a newly issued token.
    public func create(_ token: RefreshToken) async throws -> RefreshToken {
        let model = RefreshTokenModel(token)
        try await model.create(on: database)
        return try model.domain()
    }

    /// The token with this hash, spent or not.
    public func find(hash: String) async throws -> RefreshToken? {
        try await RefreshTokenModel.query(on: database).filter(\.$tokenHash == hash).first()?.domain()
    }

    /// Marks the token spent; `false` when it already was spent or revoked (a second caller racing loses).
    public func spend(_ id: UUID, at: Date) async throws -> Bool {
        // One conditional UPDATE … RETURNING: of two requests racing with the same token, exactly one gets a row back.
        let rows = try await database.sql.update(RefreshTokenModel.schema)
            .set("used_at", to: SQLBind(at))
            .where("id", .equal, SQLBind(id))
            .where("used_at", .is, SQLLiteral.null)
            .where("revoked_at", .is, SQLLiteral.null)
            .returning("id")
            .all()
        return rows.count == 1
    }

    /// Revokes every token of a family; returns how many were still live.
    @discardableResult public func revokeFamily(_ familyID: UUID, at: Date) async throws -> Int {
        try await revoke(where: "family_id", equals: familyID, at: at)
    }

    /// Whether one of the family's tokens is not revoked (every access request asks: one indexed lookup).
    public func isLive(familyID: UUID) async throws -> Bool {
        try await database.sql.select().column(SQLLiteral.numeric("1")).from(RefreshTokenModel.schema)
            .where("family_id", .equal, SQLBind(familyID)).where("revoked_at", .is, SQLLiteral.null).limit(1).all().isEmpty == false
    }

    /// Which of `familyIDs` still have a token not revoked: one query for all of them.
    public func liveFamilies(_ familyIDs: Set<UUID>) async throws -> Set<UUID> {
        guard !familyIDs.isEmpty else { return [] }
        let rows = try await database.sql.select().distinct().column("family_id").from(RefreshTokenModel.schema)
            .where("family_id", .in, SQLBind.group(Array(familyIDs))).where("revoked_at", .is, SQLLiteral.null).all()
        return Set(try rows.map { try $0.decode(column: "family_id", as: UUID.self) })
    }

    /// Revokes every token of an account; returns how many were still live.
    @discardableResult public func revokeAll(userID: UUID, at: Date) async throws -> Int {
        try await revoke(where: "user_id", equals: userID, at: at)
    }

    private func revoke(where column: String, equals value: UUID, at: Date) async throws -> Int {
        try await database.sql.update(RefreshTokenModel.schema)
            .set("revoked_at", to: SQLBind(at))
            .where(SQLIdentifier(column), .equal, SQLBind(value))
            .where("revoked_at", .is, SQLLiteral.null)
            .returning("id")
            .all()
            .count
    }
}
