#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One security-relevant act, kept for ever in the audit log.
public struct AuditEvent: Codable, Hashable, Sendable, Identifiable {
    /// Stable identifier.
    public var id: UUID
    /// When it happened.
    public var at: Date
    /// Who did it: a username, `slave:<name>`, or `system`.
    public var actor: String
    /// What was done, e.g. `auth.login.failed`, `lease.ended`.
    public var action: String
    /// What it was done to, e.g. `user:alice`, `device:<id>`.
    public var subject: String
    /// Free-form detail (reason, source address, …).
    public var details: [String: String]
    /// The person the record is about when that is neither the actor nor the subject: the holder of a lease that ended.
    public var holder: String?

    /// Creates an event value.
    public init(id: UUID = UUID(), at: Date, actor: String, action: String, subject: String, details: [String: String] = [:], holder: String? = nil) {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.subject = subject
        self.details = details
        self.holder = holder
    }
}
