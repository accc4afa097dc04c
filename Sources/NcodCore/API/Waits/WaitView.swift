#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One of the caller's waits, as `GET /api/v1/waits` and `POST /api/v1/waits` answer it.
public struct WaitView: Codable, Hashable, Sendable, Identifiable {
    /// The wait.
    public var id: UUID
    /// The device waited for, when one device.
    public var deviceID: UUID?
    /// The description waited for, when any matching device will do.
    public var match: DeviceMatch?
    /// When the caller joined.
    public var joinedAt: Date
    /// The caller's place in line (1 is next); 0 when it is their turn.
    public var place: Int
    /// How many wait in the same line, the caller included.
    public var waiting: Int
    /// The device kept for the caller now, when it is their turn.
    public var offeredDeviceID: UUID?
    /// Its VirtualHere address.
    public var offeredVhAddress: String?
    /// The end of the hold window: take the device before then.
    public var offeredUntil: Date?

    /// Creates a view.
    public init(
        _ wait: Wait, place: Int, waiting: Int, offeredVhAddress: String? = nil
    ) {
        self.id = wait.id
        self.deviceID = wait.deviceID
        self.match = wait.match
        self.joinedAt = wait.joinedAt
        self.place = wait.offeredDeviceID == nil ? place : 0
        self.waiting = waiting
        self.offeredDeviceID = wait.offeredDeviceID
        self.offeredVhAddress = wait.offeredDeviceID == nil ? nil : offeredVhAddress
        self.offeredUntil = wait.offeredUntil
    }

    /// Whether it is the caller's turn.
    public var isTurn: Bool { offeredDeviceID != nil }
}
