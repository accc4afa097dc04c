import Foundation

/// A device as `GET /api/v1/devices` shows it: the inventory row with where it is and whether it can be used now.
public struct DeviceView: Codable, Hashable, Sendable, Identifiable {
    /// The device.
    public var device: Device
    /// Its slave's name.
    public var slaveName: String
    /// Its slave's status.
    public var slaveStatus: Slave.Status
    /// Present on an online slave.
    public var online: Bool
    /// Who holds it now: their name, when it is leased.
    public var heldBy: String?
    /// Whether the caller holds it.
    public var heldByMe: Bool
    /// The caller's lease on it.
    public var myLeaseID: UUID?

    /// The device's id.
    public var id: UUID { device.id }

    /// Creates a view.
    public init(device: Device, slave: Slave, holder: User? = nil, lease: Lease? = nil, caller: UUID? = nil) {
        self.device = device
        self.slaveName = slave.name
        self.slaveStatus = slave.status
        self.online = device.present && slave.status == .online
        self.heldBy = holder?.displayName
        self.heldByMe = lease != nil && lease?.userID == caller
        self.myLeaseID = heldByMe ? lease?.id : nil
    }

    /// Free to take: online and nobody holds it.
    public var isFree: Bool { online && heldBy == nil }
}
