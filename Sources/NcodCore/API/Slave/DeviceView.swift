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
    /// Since when it is held.
    public var heldSince: Date?
    /// Until when it is held, when the lease has an end (a timed hold, or the maximum hold).
    public var heldUntil: Date?
    /// The holder's organisational unit (their project department).
    public var holderUnit: String?
    /// How to reach the holder, when their account gives it.
    public var holderContact: String?

    /// The device's id.
    public var id: UUID { device.id }

    /// Creates a view.
    public init(device: Device, slave: Slave, holder: User? = nil, lease: Lease? = nil, caller: UUID? = nil, holderUnit: String? = nil) {
        self.device = device
        self.slaveName = slave.name
        self.slaveStatus = slave.status
        self.online = device.present && slave.status == .online
        self.heldBy = holder?.displayName
        self.heldByMe = lease != nil && lease?.userID == caller
        self.myLeaseID = heldByMe ? lease?.id : nil
        self.heldSince = holder == nil ? nil : lease?.startedAt
        self.heldUntil = holder == nil ? nil : lease?.endsAt
        self.holderUnit = holder == nil ? nil : holderUnit
        self.holderContact = holder.flatMap { $0.contact.isEmpty ? nil : $0.contact }
    }

    /// Free to take: online and nobody holds it.
    public var isFree: Bool { online && heldBy == nil }
}
