import NcodCore
import NcodStore
import Vapor

/// `/api/v1/admin/org-units`: add, rename, move and remove units of the organisation tree.
struct AdminOrgUnitController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let units = routes.grouped("org-units")
        units.post(use: create)
        units.patch(":id", use: update)
        units.delete(":id", use: delete)
    }

    @Sendable
    func create(req: Request) async throws -> Response {
        let body = try req.content.decode(OrgUnitChange.self)
        guard let kind = body.kind else {
            throw Problem.invalidField("kind", "say which level the unit is: organisation, company or department")
        }
        let name = try Self.validName(body.name)
        let unit = try await Store(database: req.db).orgUnits.create(
            OrgUnit(id: UUID(), parentID: body.parentID, kind: kind, name: name, createdAt: req.ncod.now())
        )
        try await req.audit("org_unit.created", subject: "org_unit:\(unit.id)", details: ["name": name, "kind": kind.rawValue])
        let response = Response(status: .created)
        try response.content.encode(unit)
        return response
    }

    @Sendable
    func update(req: Request) async throws -> OrgUnit {
        let body = try req.content.decode(OrgUnitChange.self)
        let id = try req.uuidParameter("id")
        let store = Store(database: req.db)
        guard var unit = try await store.orgUnits.find(id) else { throw StoreError.notFound(entity: "org unit", key: id.uuidString) }
        if let name = body.name {
            let valid = try Self.validName(name)
            let old = unit.name
            unit = try await store.orgUnits.rename(id, to: valid)
            try await req.audit("org_unit.renamed", subject: "org_unit:\(id)", details: ["from": old, "to": valid])
        }
        if let parentID = body.parentID, parentID != unit.parentID {
            unit = try await store.orgUnits.move(id, under: parentID)
            try await req.audit("org_unit.moved", subject: "org_unit:\(id)", details: ["name": unit.name, "parent": parentID.uuidString])
        }
        return unit
    }

    @Sendable
    func delete(req: Request) async throws -> HTTPStatus {
        let id = try req.uuidParameter("id")
        let store = Store(database: req.db)
        guard let unit = try await store.orgUnits.find(id) else { throw StoreError.notFound(entity: "org unit", key: id.uuidString) }
        try await store.orgUnits.delete(id)
        try await req.audit("org_unit.deleted", subject: "org_unit:\(id)", details: ["name": unit.name])
        return .noContent
    }

    private static func validName(_ name: String?) throws -> String {
        let trimmed = (name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if let problem = AccountRules.displayNameProblem(trimmed) {
            throw Problem.invalidField("name", problem.english)
        }
        return trimmed
    }
}
