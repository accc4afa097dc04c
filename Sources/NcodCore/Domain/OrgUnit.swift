#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A node of the organisation tree: organisation → company → project department.
///
/// Users belong to exactly one unit; admins keep the tree.
public struct OrgUnit: Codable, Hashable, Sendable, Identifiable {
    /// The level of a unit in the tree.
    public enum Kind: String, Codable, Hashable, Sendable, CaseIterable {
        /// The root level (组织).
        case organisation
        /// A company inside an organisation (公司).
        case company
        /// A project department inside a company (项目部).
        case department

        /// The kind a parent of this kind must have, or `nil` when the unit is a root.
        public var parentKind: Kind? {
            switch self {
            case .organisation: nil
            case .company: .organisation
            case .department: .company
            }
        }
    }

    /// Stable identifier.
    public var id: UUID
    /// The parent unit; `nil` for an organisation.
    public var parentID: UUID?
    /// Level in the tree.
    public var kind: Kind
    /// Display name, any script (Chinese names are common).
    public var name: String
    /// When the unit was created.
    public var createdAt: Date

    /// Creates a unit value.
    public init(id: UUID, parentID: UUID?, kind: Kind, name: String, createdAt: Date) {
        self.id = id
        self.parentID = parentID
        self.kind = kind
        self.name = name
        self.createdAt = createdAt
    }
}
