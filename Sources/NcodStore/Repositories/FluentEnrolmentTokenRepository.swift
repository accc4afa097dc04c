import FluentKit
import Foundation
import NcodCore
import SQLKit

/// ``EnrolmentTokenRepository`` on a Fluent database.
public struct FluentEnrolmentTokenRepository: EnrolmentTokenRepository {
    let database: any Database

    /// A repository on `database`.
    public init(database: any Database) { self.database = database }

    /// Stores a newly issued token.
    public func create(_ token: EnrolmentToken) async throws -> EnrolmentToken {
        let model = EnrolmentTokenModel(token)
        try await model.create(on: database)
        return try model.domain()
    }

    /// Spends the unexpired, unused token with this hash if it may enrol `name`; `nil` when there is none.
    public func spend(hash: String, for name: String, at: Date) async throws -> EnrolmentToken? {
        // One conditional UPDATE … RETURNING, so two slaves racing with the same token cannot both enrol, and a try with another
        // name than the token's leaves it usable.
        let rows = try await database.sql.update(EnrolmentTokenModel.schema)
            .set("used_at", to: SQLBind(at))
            .where("token_hash", .equal, SQLBind(hash))
            .where("used_at", .is, SQLLiteral.null)
            .where("expires_at", .greaterThan, SQLBind(at))
            .where { $0.where("slave_name", .is, SQLLiteral.null).orWhere("slave_name", .equal, SQLBind(name)) }
            .returning("id")
            .all()
        guard let row = rows.first else { return nil }
        let id = try row.decode(column: "id", as: UUID.self)
        return try await EnrolmentTokenModel.find(id, on: database)?.domain()
    }
}
