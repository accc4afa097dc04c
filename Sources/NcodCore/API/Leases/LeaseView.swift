#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A lease as the API shows it: never the password (it is in ``LeaseGrant`` once) nor its hash.
public struct LeaseView: Codable, Hashable, Sendable, Identifiable {
    /// Lease id.
    public var id: UUID
    /// The device.
    public var deviceID: UUID
    /// The device's VirtualHere address.
    public var vhAddress: String
    /// The holder's id.
    public var userID: UUID
    /// The holder's username.
    public var username: String
    /// The holder's name.
    public var displayName: String
    /// When it was taken.
    public var startedAt: Date
    /// When it lapses unless renewed.
    public var expiresAt: Date
    /// When it ended, if it has.
    public var endedAt: Date?
    /// Why it ended.
    public var endReason: Lease.EndReason?
    /// The end it cannot pass (a timed hold's, or the maximum hold); `nil` when unbounded.
    public var endsAt: Date?
    /// A timed hold: it lasts until ``endsAt`` without renewals.
    public var timed: Bool
    /// Its one extension is used.
    public var extended: Bool
    /// The longest hold allowed on this device from now (the device's or the site's maximum); `nil` for no maximum.
    public var maxHoldSeconds: Int?

    /// Joins a lease with its device's address and its holder.
    public init(_ lease: Lease, vhAddress: String, holder: User, maxHoldSeconds: Int? = nil) {
        id = lease.id
        deviceID = lease.deviceID
        self.vhAddress = vhAddress
        userID = holder.id
        username = holder.username
        displayName = holder.displayName
        startedAt = lease.startedAt
        expiresAt = lease.expiresAt
        endedAt = lease.endedAt
        endReason = lease.endReason
        endsAt = lease.endsAt
        timed = lease.timed
        extended = lease.extended
        self.maxHoldSeconds = maxHoldSeconds
    }
}
