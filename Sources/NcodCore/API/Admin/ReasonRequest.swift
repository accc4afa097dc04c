#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Body of the admin actions on an account or binding: approve (optionally placing the user in an org unit),
/// reject, disable, enable, revoke. Reject, disable and revoke need a reason; it goes to the audit log.
public struct ReasonRequest: Codable, Hashable, Sendable {
    /// Why; shown to the person where it concerns them and kept in the audit log.
    public var reason: String?
    /// For approving a user: the org unit to put them in (keeps theirs when absent).
    public var orgUnitID: UUID?

    /// Creates a request.
    public init(reason: String? = nil, orgUnitID: UUID? = nil) {
        self.reason = reason
        self.orgUnitID = orgUnitID
    }
}
