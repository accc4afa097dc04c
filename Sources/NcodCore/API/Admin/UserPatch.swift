#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Body of `PATCH /api/v1/admin/users/{id}`: the fields to change; absent ones stay.
public struct UserPatch: Codable, Hashable, Sendable {
    /// New role.
    public var role: User.Role?
    /// New org unit (a project department).
    public var orgUnitID: UUID?
    /// Why, for the audit log.
    public var reason: String?

    /// Creates a patch.
    public init(role: User.Role? = nil, orgUnitID: UUID? = nil, reason: String? = nil) {
        self.role = role
        self.orgUnitID = orgUnitID
        self.reason = reason
    }
}
