#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One org unit, without its children: an element of a profile's path.
public struct OrgUnitSummary: Codable, Hashable, Sendable, Identifiable {
    /// Stable identifier.
    public var id: UUID
    /// Level in the tree.
    public var kind: OrgUnit.Kind
    /// Name.
    public var name: String

    /// Creates a summary of `unit`.
    public init(_ unit: OrgUnit) {
        self.id = unit.id
        self.kind = unit.kind
        self.name = unit.name
    }
}
