#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Body of `PUT /api/v1/admin/slaves/{id}/visibility` and `PUT /api/v1/admin/devices/{id}/visibility`: the org units whose people (and
/// everyone in the units below) may see and use it; an empty list opens it to everyone. Those who held or waited for it and may no
/// longer see it lose their lease or place, with `reason` shown to them.
public struct VisibilityChange: Codable, Hashable, Sendable {
    /// The units; empty for everyone.
    public var orgUnitIDs: [UUID]
    /// Why, for the audit log and for anyone whose lease ends.
    public var reason: String?

    /// A change.
    public init(orgUnitIDs: [UUID], reason: String? = nil) {
        self.orgUnitIDs = orgUnitIDs
        self.reason = reason
    }
}
