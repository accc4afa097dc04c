#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A person's account.
///
/// New accounts are ``Status/pending``; only ``Status/active`` accounts see and use devices.
public struct User: Codable, Hashable, Sendable, Identifiable {
    /// What an account may do beyond a normal user.
    public enum Role: String, Codable, Hashable, Sendable, CaseIterable {
        /// Sees and uses devices.
        case user
        /// Also manages people, slaves, the organisation tree and leases.
        case admin
    }

    /// Where an account stands in its life.
    public enum Status: String, Codable, Hashable, Sendable, CaseIterable {
        /// Registered, waiting for an administrator; may only see its own profile.
        case pending
        /// Approved; may use devices.
        case active
        /// Refused by an administrator; cannot log in.
        case rejected
        /// Switched off by an administrator after being active; cannot log in.
        case disabled
    }

    /// Stable identifier.
    public var id: UUID
    /// Login name, unique, stored lower-cased.
    public var username: String
    /// The person's name as shown to others.
    public var displayName: String
    /// Phone number or e-mail address.
    public var contact: String
    /// bcrypt hash of the password; never leaves the master.
    public var passwordHash: String
    /// Role.
    public var role: Role
    /// Status.
    public var status: Status
    /// Why the status was last changed by an administrator, if a reason was given.
    public var statusReason: String?
    /// The org unit the person belongs to.
    public var orgUnitID: UUID?
    /// When the account was created.
    public var createdAt: Date
    /// When the account was last changed.
    public var updatedAt: Date

    /// Creates a user value.
    public init(
        id: UUID, username: String, displayName: String, contact: String, passwordHash: String,
        role: Role, status: Status, statusReason: String? = nil, orgUnitID: UUID?, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.contact = contact
        self.passwordHash = passwordHash
        self.role = role
        self.status = status
        self.statusReason = statusReason
        self.orgUnitID = orgUnitID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
