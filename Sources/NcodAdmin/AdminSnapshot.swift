import Foundation
import NcodCore

/// Everything the console shows but the audit log, fetched together so the screens always agree with each other.
public struct AdminSnapshot: Equatable, Sendable {
    /// The dashboard's figures and recent alerts.
    public var overview: AdminOverview
    /// Every slave.
    public var slaves: [SlaveView]
    /// Every device, present or not.
    public var devices: [DeviceView]
    /// Every active lease.
    public var leases: [LeaseView]
    /// Every account.
    public var users: [UserProfile]
    /// Machine bindings waiting for approval, then approved ones.
    public var bindings: [BindingView]
    /// The organisation tree.
    public var organisation: [OrgUnitNode]
    /// What waits for approval: one row per person and computer, oldest first.
    public var requests: [JoinRequest]

    /// Creates a snapshot.
    public init(
        overview: AdminOverview, slaves: [SlaveView], devices: [DeviceView], leases: [LeaseView], users: [UserProfile], bindings: [BindingView],
        organisation: [OrgUnitNode], requests: [JoinRequest] = []
    ) {
        self.overview = overview
        self.slaves = slaves
        self.devices = devices
        self.leases = leases
        self.users = users
        self.bindings = bindings
        self.organisation = organisation
        self.requests = requests
    }

    /// Nothing loaded yet.
    public static let empty = AdminSnapshot(
        overview: AdminOverview(
            slavesOnline: 0, slavesOffline: 0, slavesDisabled: 0, devicesPresent: 0, devicesInUse: 0, activeLeases: 0, pendingUsers: 0,
            pendingBindings: 0, alerts: []),
        slaves: [], devices: [], leases: [], users: [], bindings: [], organisation: [])
}
