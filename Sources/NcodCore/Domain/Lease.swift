#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One user's exclusive right to use one device for a while.
///
/// A lease is active while ``endedAt`` is `nil`; the store refuses a second active lease on a device.
public struct Lease: Codable, Hashable, Sendable, Identifiable {
    /// Why a lease ended.
    public enum EndReason: String, Codable, Hashable, Sendable, CaseIterable {
        /// The holder released it.
        case released
        /// The holder stopped renewing it.
        case expired
        /// An administrator force-released it.
        case forced
        /// The device was unplugged.
        case deviceRemoved = "device_removed"
        /// The slave went offline (silent, or shut down).
        case slaveOffline = "slave_offline"
        /// An administrator disabled the slave.
        case slaveDisabled = "slave_disabled"
        /// An administrator removed the slave.
        case slaveRemoved = "slave_removed"
        /// An administrator disabled the holder's account.
        case accountDisabled = "account_disabled"
        /// An administrator revoked the computer the holder connected from.
        case computerRevoked = "computer_revoked"
        /// It reached its end: the timed hold's, or the maximum hold.
        case holdOver = "hold_over"
        /// The device was restricted to org units the holder is not in, or the holder moved to another unit.
        case restricted
    }

    /// Stable identifier.
    public var id: UUID
    /// The leased device.
    public var deviceID: UUID
    /// The holder.
    public var userID: UUID
    /// The machine binding the holder connected from.
    public var bindingID: UUID?
    /// When it was taken.
    public var startedAt: Date
    /// When it lapses unless renewed.
    public var expiresAt: Date
    /// When it ended; `nil` while active.
    public var endedAt: Date?
    /// Why it ended.
    public var endReason: EndReason?
    /// Lower-case hex MD5 of the one-time VirtualHere password, what the slave's ClientAuthorization hook compares
    /// with the `$PASSWORD$` VirtualHere passes (itself an MD5). The password itself is shown once, to the holder.
    public var passwordMD5: String?
    /// The end the lease cannot pass: the end its holder chose for a timed hold, or the maximum hold; `nil` when unbounded.
    public var endsAt: Date?
    /// A timed hold: kept without the holder's client renewing it, until ``endsAt``.
    public var timed: Bool
    /// Its one extension is used.
    public var extended: Bool

    /// Creates a lease value.
    public init(
        id: UUID, deviceID: UUID, userID: UUID, bindingID: UUID?, startedAt: Date, expiresAt: Date,
        endedAt: Date? = nil, endReason: EndReason? = nil, passwordMD5: String? = nil, endsAt: Date? = nil, timed: Bool = false,
        extended: Bool = false
    ) {
        self.id = id
        self.deviceID = deviceID
        self.userID = userID
        self.bindingID = bindingID
        self.startedAt = startedAt
        self.expiresAt = expiresAt
        self.endedAt = endedAt
        self.endReason = endReason
        self.passwordMD5 = passwordMD5
        self.endsAt = endsAt
        self.timed = timed
        self.extended = extended
    }

    /// Whether the lease has not ended.
    public var isActive: Bool { endedAt == nil }

    /// Why an active lease past its expiry at `now` ends: its end reached (``EndReason/holdOver``), or its holder stopped renewing.
    public func lapseReason(at now: Date) -> EndReason {
        if let endsAt, timed || expiresAt >= endsAt || now >= endsAt { return .holdOver }
        return .expired
    }
}
