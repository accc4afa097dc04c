#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The organisation tree as `GET /api/v1/org-units` returns it: each organisation with its companies and their departments.
public struct OrgUnitNode: Codable, Hashable, Sendable, Identifiable {
    /// Stable identifier.
    public var id: UUID
    /// Level in the tree.
    public var kind: OrgUnit.Kind
    /// Name.
    public var name: String
    /// Units directly under this one, by name.
    public var children: [OrgUnitNode]

    /// Creates a node.
    public init(id: UUID, kind: OrgUnit.Kind, name: String, children: [OrgUnitNode]) {
        self.id = id
        self.kind = kind
        self.name = name
        self.children = children
    }

    /// Builds the forest of roots from a flat list of units; children are sorted by name.
    public static func forest(_ units: [OrgUnit]) -> [OrgUnitNode] {
        let byParent = Dictionary(grouping: units, by: \.parentID)
        func build(_ unit: OrgUnit) -> OrgUnitNode {
            let children = (byParent[unit.id] ?? []).sorted { $0.name < $1.name }.map(build)
            return OrgUnitNode(id: unit.id, kind: unit.kind, name: unit.name, children: children)
        }
        return (byParent[nil] ?? []).sorted { $0.name < $1.name }.map(build)
    }

    /// The path from a root down to the unit with `id`, root first; empty when it is not in `units`.
    public static func path(to id: UUID?, in units: [OrgUnit]) -> [OrgUnit] {
        let byID = Dictionary(uniqueKeysWithValues: units.map { ($0.id, $0) })
        var path: [OrgUnit] = []
        var cursor = id
        while let current = cursor, let unit = byID[current], path.count <= units.count {
            path.insert(unit, at: 0)
            cursor = unit.parentID
        }
        return path
    }
}
