import Foundation
import NcodCore

/// What an open question or form will do once the administrator answers it.
public enum AdminIntent: Equatable, Sendable {
    /// Issue an enrolment token (the answer is an optional slave name).
    case issueToken
    /// Rename a slave.
    case renameSlave(UUID)
    /// Disable a slave (the answer is the reason).
    case disableSlave(UUID)
    /// Remove a slave; `force` ends its active leases.
    case removeSlave(UUID, force: Bool)
    /// Set a device's nickname.
    case nickname(UUID)
    /// Set a device's maximum hold (empty: the site's).
    case maxHold(UUID)
    /// Approve a request: the answer is the part (person and computer, or one of them).
    case approveRequest(UUID)
    /// Approve a request's new person (and the part's computer) into the chosen department.
    case approveRequestInto(UUID, JoinDecision.Part)
    /// Approve a request's part, once confirmed.
    case confirmRequest(UUID, JoinDecision.Part)
    /// Approve a waiting computer in the computers list, once confirmed.
    case approveBinding(UUID)
    /// Reject a request: the answer is the part.
    case rejectRequest(UUID)
    /// Reject a request's part (the answer is the reason).
    case rejectRequestBecause(UUID, JoinDecision.Part)
    /// Disable an account (the answer is the reason).
    case disableUser(UUID)
    /// Reset a password to a temporary one.
    case resetPassword(UUID)
    /// Change an account's role.
    case changeRole(UUID)
    /// Move an account to another department.
    case moveUser(UUID)
    /// Revoke a machine binding (the answer is the reason).
    case revokeBinding(UUID)
    /// Add a unit of `kind` under `parent`.
    case addUnit(parent: UUID?, kind: OrgUnit.Kind)
    /// Rename a unit.
    case renameUnit(UUID)
    /// Move a unit under another parent.
    case moveUnit(UUID)
    /// Remove a unit.
    case removeUnit(UUID)
    /// Force-release a lease (the answer is the reason).
    case forceRelease(UUID)
    /// Set one of the audit log's filters.
    case auditFilter(AuditField)
}

/// The audit log's filters, one per question.
public enum AuditField: String, Equatable, Sendable, CaseIterable {
    /// Who did it, or to whom.
    case person
    /// Which device (part of its VirtualHere address).
    case device
    /// Which slave (part of its name).
    case slave
    /// Which action (`lease.` for all lease actions).
    case action
    /// From this time on (`2026-11-21`, `2026-11-21 09:00`, or ISO 8601).
    case since
    /// Before this time.
    case until
}
