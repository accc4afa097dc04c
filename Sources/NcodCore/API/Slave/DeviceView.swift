#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

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
    /// How many people wait for it (for this device, or for any device it matches), the one whose turn it is included.
    public var waiting: Int
    /// Whose turn it is: the device is kept for them until ``reservedUntil``, and only they may take it.
    public var reservedFor: String?
    /// The end of their hold window.
    public var reservedUntil: Date?
    /// Whether it is kept for the caller.
    public var reservedForMe: Bool
    /// The caller's place in its line (1 is next), when they wait for it and it is not yet their turn.
    public var myPlace: Int?
    /// The caller's wait that covers it (to leave the list).
    public var myWaitID: UUID?

    /// The device's id.
    public var id: UUID { device.id }

    /// Creates a view; `line` is the active waits that want the device, in line order, and `reservedFor` the name of the person
    /// its offer is for.
    public init(
        device: Device, slave: Slave, holder: User? = nil, lease: Lease? = nil, caller: UUID? = nil, holderUnit: String? = nil, line: [Wait] = [],
        reservedFor: String? = nil
    ) {
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
        self.waiting = line.count
        let offer = line.first { $0.offeredDeviceID == device.id }
        self.reservedFor = offer == nil ? nil : reservedFor
        self.reservedUntil = offer?.offeredUntil
        self.reservedForMe = offer != nil && offer?.userID == caller
        let queued = line.filter { $0.offeredDeviceID == nil }
        let mine = caller.flatMap { caller in queued.firstIndex { $0.userID == caller } }
        self.myPlace = mine.map { $0 + 1 }
        self.myWaitID = (mine.map { queued[$0] } ?? (reservedForMe ? offer : nil))?.id
    }

    /// Free to take: online and nobody holds it.
    public var isFree: Bool { online && heldBy == nil }

    /// Free for the caller: free, and not kept for someone else whose turn it is.
    public var isFreeForMe: Bool { isFree && (reservedFor == nil || reservedForMe) }
}
