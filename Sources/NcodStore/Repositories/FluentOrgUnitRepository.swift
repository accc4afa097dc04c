import FluentKit
import Foundation
import NcodCore

/// ``OrgUnitRepository`` on a Fluent database.
public struct FluentOrgUnitRepository: OrgUnitRepository {
    let database: any Database

    /// A repository on `database`.
    public init(database: any Database) { self.database = database }

    /// Adds a unit; refuses a parent of the wrong kind (``StoreError/invalid(_:)``).
    public func create(_ unit: OrgUnit) async throws -> OrgUnit {
        try await checkParent(of: unit)
        if try await sibling(named: unit.name, under: unit.parentID) != nil {
            throw StoreError.duplicate(entity: "org unit", field: "name", value: unit.name)
        }
        let model = OrgUnitModel(unit)
        do {
            try await model.create(on: database)
        } catch  where error.isConstraintFailure {
            throw StoreError.duplicate(entity: "org unit", field: "name", value: unit.name)
        }
        return try model.domain()
    }

    /// The unit with this identifier.
    public func find(_ id: UUID) async throws -> OrgUnit? {
        try await OrgUnitModel.find(id, on: database)?.domain()
    }

    /// Every unit, ordered by kind then name.
    public func all() async throws -> [OrgUnit] {
        let order = Dictionary(uniqueKeysWithValues: OrgUnit.Kind.allCases.enumerated().map { ($1, $0) })
        return try await OrgUnitModel.query(on: database).all().map { try $0.domain() }
            .sorted { (order[$0.kind] ?? 0, $0.name) < (order[$1.kind] ?? 0, $1.name) }
    }

    /// Gives a unit a new name.
    public func rename(_ id: UUID, to name: String) async throws -> OrgUnit {
        guard let model = try await OrgUnitModel.find(id, on: database) else { throw StoreError.notFound(entity: "org unit", key: id.uuidString) }
        if let other = try await sibling(named: name, under: model.parentID), other.id != id {
            throw StoreError.duplicate(entity: "org unit", field: "name", value: name)
        }
        model.name = name
        try await model.save(on: database)
        return try model.domain()
    }

    /// Puts a unit under another parent of the kind its level needs (a company under an organisation, a department under a company).
    public func move(_ id: UUID, under parentID: UUID) async throws -> OrgUnit {
        guard let model = try await OrgUnitModel.find(id, on: database) else { throw StoreError.notFound(entity: "org unit", key: id.uuidString) }
        var moved = try model.domain()
        moved.parentID = parentID
        try await checkParent(of: moved)
        if try await sibling(named: moved.name, under: parentID) != nil {
            throw StoreError.duplicate(entity: "org unit", field: "name", value: moved.name)
        }
        model.parentID = parentID
        try await model.save(on: database)
        return try model.domain()
    }

    /// Removes a unit; refuses while it has child units or members (``StoreError/inUse(_:)``).
    public func delete(_ id: UUID) async throws {
        guard let model = try await OrgUnitModel.find(id, on: database) else { throw StoreError.notFound(entity: "org unit", key: id.uuidString) }
        let children = try await OrgUnitModel.query(on: database).filter(\.$parentID == id).count()
        if children > 0 { throw StoreError.inUse("'\(model.name)' still has \(children) unit(s) under it") }
        let members = try await UserModel.query(on: database).filter(\.$orgUnitID == id).count()
        if members > 0 { throw StoreError.inUse("'\(model.name)' still has \(members) member(s)") }
        try await model.delete(on: database)
    }

    private func checkParent(of unit: OrgUnit) async throws {
        switch (unit.kind.parentKind, unit.parentID) {
        case (nil, nil):
            return
        case (nil, .some):
            throw StoreError.invalid("an organisation is a root and cannot sit under another unit")
        case (.some(let kind), nil):
            throw StoreError.invalid("a \(unit.kind.rawValue) must sit under a \(kind.rawValue)")
        case (.some(let kind), .some(let parentID)):
            guard let parent = try await find(parentID) else { throw StoreError.notFound(entity: "org unit", key: parentID.uuidString) }
            guard parent.kind == kind else {
                throw StoreError.invalid("a \(unit.kind.rawValue) must sit under a \(kind.rawValue), not a \(parent.kind.rawValue)")
            }
        }
    }

    private func sibling(named name: String, under parentID: UUID?) async throws -> OrgUnitModel? {
        try await OrgUnitModel.query(on: database).filter(\.$parentID == parentID).filter(\.$name == name).first()
    }
}
