/// What the collectors found at one moment: the devices (hubs left out) and how each collector fared.
public struct InventorySnapshot: Codable, Hashable, Sendable {
    /// Shareable devices, ordered by port path.
    public var devices: [USBDeviceInfo]
    /// One status per collector that ran.
    public var collectors: [CollectorStatus]

    /// Creates a snapshot.
    public init(devices: [USBDeviceInfo], collectors: [CollectorStatus]) {
        self.devices = devices
        self.collectors = collectors
    }
}
