#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A device's waiting list as `GET /api/v1/devices/{id}/queue` shows it: who holds it and who waits, in order.
public struct QueueView: Codable, Hashable, Sendable {
    /// One person in line.
    public struct Entry: Codable, Hashable, Sendable {
        /// Their place (1 is next); 0 for the one whose turn it is.
        public var place: Int
        /// Their name.
        public var name: String
        /// When they joined.
        public var joinedAt: Date
        /// The description they wait by, when they wait for any matching device.
        public var match: DeviceMatch?
        /// The end of their hold window, when it is their turn.
        public var offeredUntil: Date?
        /// Whether this is the caller.
        public var mine: Bool

        /// Creates an entry.
        public init(place: Int, name: String, joinedAt: Date, match: DeviceMatch?, offeredUntil: Date?, mine: Bool) {
            self.place = place
            self.name = name
            self.joinedAt = joinedAt
            self.match = match
            self.offeredUntil = offeredUntil
            self.mine = mine
        }
    }

    /// The device.
    public var deviceID: UUID
    /// Its VirtualHere address.
    public var vhAddress: String
    /// Who holds it now.
    public var heldBy: String?
    /// Until when, when the lease has an end.
    public var heldUntil: Date?
    /// The line, the one whose turn it is first.
    public var entries: [Entry]

    /// Creates a view.
    public init(deviceID: UUID, vhAddress: String, heldBy: String?, heldUntil: Date?, entries: [Entry]) {
        self.deviceID = deviceID
        self.vhAddress = vhAddress
        self.heldBy = heldBy
        self.heldUntil = heldUntil
        self.entries = entries
    }
}
