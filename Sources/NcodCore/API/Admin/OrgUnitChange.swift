#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Body of `POST /api/v1/admin/org-units` (create: `name`, `kind`, and `parentID` below the root)
/// and `PATCH /api/v1/admin/org-units/{id}` (rename and/or move: absent fields stay).
public struct OrgUnitChange: Codable, Hashable, Sendable {
    /// Name.
    public var name: String?
    /// Level (create only).
    public var kind: OrgUnit.Kind?
    /// Parent unit.
    public var parentID: UUID?

    /// Creates a change.
    public init(name: String? = nil, kind: OrgUnit.Kind? = nil, parentID: UUID? = nil) {
        self.name = name
        self.kind = kind
        self.parentID = parentID
    }
}
