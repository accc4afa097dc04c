#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A place on a waiting list: one person waiting for one device, or for any device matching a description (a pool).
///
/// The line is ordered by ``joinedAt``. When a device the wait is for is free, the first wait in line is offered it: for the
/// hold window (``offeredUntil``) only that person may take it. Taking it, leaving, or letting the window pass ends the wait.
public struct Wait: Codable, Hashable, Sendable, Identifiable {
    /// Why a wait ended.
    public enum EndReason: String, Codable, Hashable, Sendable, CaseIterable {
        /// The person took the device.
        case taken
        /// The person left the list.
        case left
        /// The hold window passed without the device being taken.
        case lapsed
        /// The device was removed, or the account can no longer take devices.
        case cancelled
    }

    /// Stable identifier.
    public var id: UUID
    /// Who waits.
    public var userID: UUID
    /// The device waited for, when one device.
    public var deviceID: UUID?
    /// The description waited for, when any matching device will do.
    public var match: DeviceMatch?
    /// When the person joined; the order of the line.
    public var joinedAt: Date
    /// The device kept for this person now, during the hold window.
    public var offeredDeviceID: UUID?
    /// When the device was first offered (the end of the wait, for usage reports).
    public var offeredAt: Date?
    /// The end of the hold window.
    public var offeredUntil: Date?
    /// When the wait ended; `nil` while waiting.
    public var endedAt: Date?
    /// Why it ended.
    public var endReason: EndReason?

    /// Creates a wait.
    public init(
        id: UUID, userID: UUID, deviceID: UUID?, match: DeviceMatch?, joinedAt: Date, offeredDeviceID: UUID? = nil, offeredAt: Date? = nil,
        offeredUntil: Date? = nil, endedAt: Date? = nil, endReason: EndReason? = nil
    ) {
        self.id = id
        self.userID = userID
        self.deviceID = deviceID
        self.match = match
        self.joinedAt = joinedAt
        self.offeredDeviceID = offeredDeviceID
        self.offeredAt = offeredAt
        self.offeredUntil = offeredUntil
        self.endedAt = endedAt
        self.endReason = endReason
    }

    /// Still waiting (or holding an offer).
    public var isActive: Bool { endedAt == nil }

    /// Whether `device` is one this wait is for.
    public func wants(_ device: Device) -> Bool {
        if let deviceID { return deviceID == device.id }
        return match?.matches(device) ?? false
    }

    /// What the wait is for, as one key: `device:<id>` or `match:<description>` (one active wait per person and key).
    public var target: String {
        if let deviceID { return "device:" + deviceID.uuidString.lowercased() }
        return "match:" + (match?.description ?? "")
    }

    /// Order of the line: earlier joiners first, the identifier breaking ties.
    public static func precedes(_ left: Wait, _ right: Wait) -> Bool {
        left.joinedAt != right.joinedAt ? left.joinedAt < right.joinedAt : left.id.uuidString < right.id.uuidString
    }
}
