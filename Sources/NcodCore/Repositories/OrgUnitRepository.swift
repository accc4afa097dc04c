#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Stores the organisation tree.
public protocol OrgUnitRepository: Sendable {
    /// Adds a unit; refuses a parent of the wrong kind (``StoreError/invalid(_:)``).
    func create(_ unit: OrgUnit) async throws -> OrgUnit
    /// The unit with this identifier.
    func find(_ id: UUID) async throws -> OrgUnit?
    /// Every unit, ordered by kind then name.
    func all() async throws -> [OrgUnit]
    /// Gives a unit a new name.
    func rename(_ id: UUID, to name: String) async throws -> OrgUnit
    /// Puts a unit under another parent of the kind its level needs (a company under an organisation, a department under a company).
    func move(_ id: UUID, under parentID: UUID) async throws -> OrgUnit
    /// Removes a unit; refuses while it has child units or members (``StoreError/inUse(_:)``).
    func delete(_ id: UUID) async throws
}
