#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Body of `POST /api/v1/waits`: join the waiting list of one device (`deviceID`), or wait for any device matching a description
/// (`match`: `vvvv:pppp`, `tag:NAME`, `product:TEXT`). Exactly one of the two.
public struct WaitRequest: Codable, Hashable, Sendable {
    /// The device.
    public var deviceID: UUID?
    /// The description.
    public var match: DeviceMatch?

    /// Waits for one device.
    public init(deviceID: UUID) {
        self.deviceID = deviceID
        self.match = nil
    }

    /// Waits for any device matching `match`.
    public init(match: DeviceMatch) {
        self.deviceID = nil
        self.match = match
    }
}
