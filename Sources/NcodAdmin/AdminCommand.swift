import Foundation
import NcodCore

/// One change an administrator makes on the master; every one is audited there.
public enum AdminCommand: Equatable, Sendable {
    /// Issue a one-time enrolment token, optionally for one slave name.
    case issueToken(slaveName: String?)
    /// Rename a slave.
    case renameSlave(UUID, name: String)
    /// Disable a slave: its leases end, its reports are refused.
    case disableSlave(UUID, reason: String)
    /// Enable a disabled slave.
    case enableSlave(UUID)
    /// Remove a slave (`force` ends its active leases).
    case removeSlave(UUID, force: Bool)
    /// Set or clear a device's nickname.
    case setNickname(UUID, nickname: String?)
    /// Set a device's maximum hold in seconds, or `nil` to follow the site's.
    case setMaxHold(UUID, seconds: Int?)
    /// Approve a request, or the part named; a new person goes into the department given.
    case approveRequest(UUID, part: JoinDecision.Part, orgUnitID: UUID?)
    /// Reject a request, or the part named, with a reason.
    case rejectRequest(UUID, part: JoinDecision.Part, reason: String)
    /// Disable an account.
    case disableUser(UUID, reason: String)
    /// Re-enable an account.
    case enableUser(UUID)
    /// Reset a password to a temporary one.
    case resetPassword(UUID)
    /// Change an account's role or department.
    case updateUser(UUID, UserPatch)
    /// Approve a machine binding.
    case approveBinding(UUID)
    /// Revoke a machine binding.
    case revokeBinding(UUID, reason: String)
    /// Add a unit.
    case createUnit(OrgUnitChange)
    /// Rename or move a unit.
    case updateUnit(UUID, OrgUnitChange)
    /// Remove a unit.
    case deleteUnit(UUID)
    /// End someone's lease.
    case forceRelease(UUID, reason: String)
}
