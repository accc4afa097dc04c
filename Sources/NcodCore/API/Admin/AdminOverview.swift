#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `GET /api/v1/admin/overview`: the figures of the admin console's dashboard and its recent alerts.
public struct AdminOverview: Codable, Hashable, Sendable {
    /// Slaves reporting.
    public var slavesOnline: Int
    /// Slaves offline: silent for five heartbeat intervals or more, or shut down.
    public var slavesOffline: Int
    /// Slaves switched off by an administrator.
    public var slavesDisabled: Int
    /// Devices present on their slaves.
    public var devicesPresent: Int
    /// Devices somebody holds.
    public var devicesInUse: Int
    /// Devices someone could take now: present, held by nobody, on an online slave.
    public var devicesFree: Int
    /// Present devices on slaves that are offline or disabled (nobody can take them now).
    public var devicesUnreachable: Int
    /// Active leases.
    public var activeLeases: Int
    /// Accounts waiting for approval.
    public var pendingUsers: Int
    /// Machine bindings waiting for approval.
    public var pendingBindings: Int
    /// The newest alerts first: slaves that went offline, devices unplugged while leased.
    public var alerts: [AuditEvent]
    /// The last walk of the audit chain (the master's daily one, or `ncod-master audit verify`); `nil` before the first.
    public var auditVerification: AuditVerification?

    /// Creates an overview.
    public init(
        slavesOnline: Int, slavesOffline: Int, slavesDisabled: Int, devicesPresent: Int, devicesInUse: Int, activeLeases: Int,
        pendingUsers: Int, pendingBindings: Int, alerts: [AuditEvent], devicesFree: Int? = nil, devicesUnreachable: Int = 0
    ) {
        self.devicesFree = devicesFree ?? max(0, devicesPresent - devicesInUse - devicesUnreachable)
        self.devicesUnreachable = devicesUnreachable
        self.slavesOnline = slavesOnline
        self.slavesOffline = slavesOffline
        self.slavesDisabled = slavesDisabled
        self.devicesPresent = devicesPresent
        self.devicesInUse = devicesInUse
        self.activeLeases = activeLeases
        self.pendingUsers = pendingUsers
        self.pendingBindings = pendingBindings
        self.alerts = alerts
    }

    /// The audit actions that count as alerts (a lease ends with `device_removed` only when its device was unplugged).
    public static let alertActions = ["slave.offline", "lease.ended"]

    /// Whether `event` is an alert: a slave that went offline, or a lease ended because its device was unplugged.
    public static func isAlert(_ event: AuditEvent) -> Bool {
        event.action == "slave.offline" || (event.action == "lease.ended" && event.details["reason"] == "device_removed")
    }
}
