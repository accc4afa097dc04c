import Foundation
import NcodCore

/// The admin API (`/api/v1/admin/...`), for ncod-admin. The master refuses all of it to anyone but an administrator.
extension MasterAPIClient {
    /// The dashboard's figures and recent alerts.
    public func overview() async throws -> AdminOverview { try await call(.GET, "/api/v1/admin/overview") }

    /// Every slave.
    public func slaves() async throws -> [SlaveView] { try await call(.GET, "/api/v1/admin/slaves") }

    /// Every device, present or not; kept like ``devices()``, so an unchanged inventory is neither sent again nor decoded again.
    public func allDevices() async throws -> [DeviceView] { try await keptDeviceList("/api/v1/devices?all=true") }

    /// Issues a one-time enrolment token, optionally for one slave name.
    public func issueEnrolmentToken(slaveName: String?) async throws -> EnrolmentTokenIssued {
        struct Body: Encodable, Sendable { var slaveName: String? }
        return try await call(.POST, "/api/v1/admin/slaves/enrolment-tokens", body: Body(slaveName: slaveName))
    }

    /// Renames a slave.
    public func renameSlave(_ id: UUID, to name: String) async throws -> SlaveView {
        try await call(.PATCH, "/api/v1/admin/slaves/\(id)", body: SlavePatch(name: name))
    }

    /// Disables a slave: its leases end, its reports are refused.
    public func disableSlave(_ id: UUID, reason: String) async throws -> SlaveView {
        try await call(.POST, "/api/v1/admin/slaves/\(id)/disable", body: ReasonRequest(reason: reason))
    }

    /// Enables a disabled slave.
    public func enableSlave(_ id: UUID) async throws -> SlaveView { try await call(.POST, "/api/v1/admin/slaves/\(id)/enable") }

    /// Removes a slave; `force` ends its active leases first.
    public func removeSlave(_ id: UUID, force: Bool) async throws {
        let _: Empty? = try await call(.DELETE, "/api/v1/admin/slaves/\(id)?force=\(force)")
    }

    /// Sets or clears a device's nickname.
    public func setNickname(_ deviceID: UUID, to nickname: String?) async throws -> Device {
        try await call(.PATCH, "/api/v1/admin/devices/\(deviceID)", body: DevicePatch(nickname: nickname))
    }

    /// Sets a device's maximum hold, or clears it (`nil`: the site's).
    public func setMaxHold(_ deviceID: UUID, seconds: Int?) async throws -> Device {
        try await call(.PATCH, "/api/v1/admin/devices/\(deviceID)", body: DevicePatch(maxHoldSeconds: seconds))
    }

    /// A usage report for `[from, to)` grouped `by`, hours counted in `timeZone`.
    public func usageReport(from: Date, to: Date, by: UsageReport.Grouping, timeZone: String) async throws -> UsageReport {
        let stamp = { (date: Date) in ISO8601DateFormatter().string(from: date) }
        var query = URLComponents()
        query.queryItems = [
            URLQueryItem(name: "from", value: stamp(from)), URLQueryItem(name: "to", value: stamp(to)), URLQueryItem(name: "by", value: by.rawValue),
            URLQueryItem(name: "tz", value: timeZone),
        ]
        return try await call(.GET, "/api/v1/admin/reports/usage?" + (query.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B"))
    }

    /// Restricts a slave (`slave: true`) or a device to org units; an empty list opens it to everyone.
    public func setVisibility(slave: Bool, _ id: UUID, to units: [UUID], reason: String?) async throws {
        let body = VisibilityChange(orgUnitIDs: units, reason: reason)
        if slave {
            let _: SlaveView = try await call(.PUT, "/api/v1/admin/slaves/\(id)/visibility", body: body)
        } else {
            let _: Device = try await call(.PUT, "/api/v1/admin/devices/\(id)/visibility", body: body)
        }
    }

    /// Replaces a device's tags (`[]` clears them).
    public func setTags(_ deviceID: UUID, _ tags: [String]) async throws -> Device {
        try await call(.PATCH, "/api/v1/admin/devices/\(deviceID)", body: DevicePatch(tags: tags))
    }

    /// Accounts, optionally of one status.
    public func users(status: User.Status? = nil) async throws -> [UserProfile] {
        try await call(.GET, "/api/v1/admin/users" + (status.map { "?status=\($0.rawValue)" } ?? ""))
    }

    /// Approves a pending account into a project department.
    public func approveUser(_ id: UUID, orgUnitID: UUID?) async throws -> UserProfile {
        try await call(.POST, "/api/v1/admin/users/\(id)/approve", body: ReasonRequest(orgUnitID: orgUnitID))
    }

    /// Rejects a pending account.
    public func rejectUser(_ id: UUID, reason: String) async throws -> UserProfile {
        try await call(.POST, "/api/v1/admin/users/\(id)/reject", body: ReasonRequest(reason: reason))
    }

    /// Disables an account.
    public func disableUser(_ id: UUID, reason: String) async throws -> UserProfile {
        try await call(.POST, "/api/v1/admin/users/\(id)/disable", body: ReasonRequest(reason: reason))
    }

    /// Re-enables a disabled account.
    public func enableUser(_ id: UUID) async throws -> UserProfile { try await call(.POST, "/api/v1/admin/users/\(id)/enable") }

    /// Changes an account's role or project department.
    public func updateUser(_ id: UUID, _ patch: UserPatch) async throws -> UserProfile {
        try await call(.PATCH, "/api/v1/admin/users/\(id)", body: patch)
    }

    /// Resets a password to a generated temporary one, which the answer carries.
    public func resetPassword(_ id: UUID) async throws -> PasswordReset.Result {
        try await call(.POST, "/api/v1/admin/users/\(id)/reset-password", body: PasswordReset(reason: "reset from the admin console"))
    }

    /// What waits for an administrator: one row per person and computer.
    public func requests() async throws -> [JoinRequest] { try await call(.GET, "/api/v1/admin/requests") }

    /// Approves a request (person and computer, or the part named).
    public func approveRequest(_ id: UUID, part: JoinDecision.Part = .both, orgUnitID: UUID? = nil) async throws -> JoinRequest {
        try await call(.POST, "/api/v1/admin/requests/\(id)/approve", body: JoinDecision(part: part, orgUnitID: orgUnitID))
    }

    /// Rejects a request (person and computer, or the part named) with a reason.
    public func rejectRequest(_ id: UUID, reason: String, part: JoinDecision.Part = .both) async throws -> JoinRequest {
        try await call(.POST, "/api/v1/admin/requests/\(id)/reject", body: JoinDecision(reason: reason, part: part))
    }

    /// Machine bindings of one status.
    public func bindings(status: MachineBinding.Status) async throws -> [BindingView] {
        try await call(.GET, "/api/v1/admin/bindings?status=\(status.rawValue)")
    }

    /// Approves a machine binding.
    public func approveBinding(_ id: UUID) async throws -> BindingView { try await call(.POST, "/api/v1/admin/bindings/\(id)/approve") }

    /// Revokes a machine binding.
    public func revokeBinding(_ id: UUID, reason: String) async throws -> BindingView {
        try await call(.POST, "/api/v1/admin/bindings/\(id)/revoke", body: ReasonRequest(reason: reason))
    }

    /// Adds an organisation unit.
    public func createOrgUnit(_ change: OrgUnitChange) async throws -> OrgUnit { try await call(.POST, "/api/v1/admin/org-units", body: change) }

    /// Renames or moves an organisation unit.
    public func updateOrgUnit(_ id: UUID, _ change: OrgUnitChange) async throws -> OrgUnit {
        try await call(.PATCH, "/api/v1/admin/org-units/\(id)", body: change)
    }

    /// Removes an (empty) organisation unit.
    public func deleteOrgUnit(_ id: UUID) async throws {
        let _: Empty? = try await call(.DELETE, "/api/v1/admin/org-units/\(id)")
    }

    /// Every active lease with its holder.
    public func activeLeases() async throws -> [LeaseView] { try await call(.GET, "/api/v1/admin/leases") }

    /// Ends someone's lease.
    public func forceRelease(_ leaseID: UUID, reason: String) async throws {
        let _: Empty? = try await call(.POST, "/api/v1/admin/leases/\(leaseID)/release", body: ReasonRequest(reason: reason))
    }

    /// One page of the audit log.
    public func audit(_ query: AuditQuery) async throws -> AuditPage {
        var items: [URLQueryItem] = [.init(name: "offset", value: "\(query.offset)"), .init(name: "limit", value: "\(query.limit)")]
        let texts: [(String, String?)] = [
            ("person", query.person), ("device", query.device), ("slave", query.slave), ("actor", query.actor), ("action", query.action),
            ("since", query.since?.formatted(.iso8601)), ("until", query.until?.formatted(.iso8601)),
        ]
        items += texts.compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
        var components = URLComponents()
        components.queryItems = items
        // `+` in a time zone offset must survive as itself.
        let query = (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
        return try await call(.GET, "/api/v1/admin/audit?" + query)
    }
}
