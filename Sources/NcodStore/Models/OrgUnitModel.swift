import FluentKit
import Foundation
import NcodCore

/// Row of `org_units`.
final class OrgUnitModel: Model, @unchecked Sendable {
    static let schema = "org_units"

    @ID(key: .id) var id: UUID?
    @OptionalField(key: "parent_id") var parentID: UUID?
    @Field(key: "kind") var kind: String
    @Field(key: "name") var name: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(_ unit: OrgUnit) {
        id = unit.id
        parentID = unit.parentID
        kind = unit.kind.rawValue
        name = unit.name
        createdAt = unit.createdAt
    }

    func domain() throws -> OrgUnit {
        OrgUnit(id: try requireID(), parentID: parentID, kind: try decodeEnum(kind), name: name, createdAt: createdAt)
    }
}
