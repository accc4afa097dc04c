#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// An account as the API shows it: never the password hash.
public struct UserProfile: Codable, Hashable, Sendable, Identifiable {
    /// Stable identifier.
    public var id: UUID
    /// Login name.
    public var username: String
    /// Name shown to others.
    public var displayName: String
    /// Phone or e-mail.
    public var contact: String
    /// Role.
    public var role: User.Role
    /// Status.
    public var status: User.Status
    /// Why an administrator last changed the status, if they said.
    public var statusReason: String?
    /// The org unit and its ancestors, root first (organisation, company, department).
    public var orgUnitPath: [OrgUnitSummary]
    /// When the account was created.
    public var createdAt: Date

    /// Creates a profile from an account and the path to its org unit.
    public init(_ user: User, orgUnitPath: [OrgUnitSummary]) {
        self.id = user.id
        self.username = user.username
        self.displayName = user.displayName
        self.contact = user.contact
        self.role = user.role
        self.status = user.status
        self.statusReason = user.statusReason
        self.orgUnitPath = orgUnitPath
        self.createdAt = user.createdAt
    }
}
