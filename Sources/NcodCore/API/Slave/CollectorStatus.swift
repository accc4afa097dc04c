/// How one inventory collector fared in a report; a failed collector is reported, the report still goes out.
public struct CollectorStatus: Codable, Hashable, Sendable {
    /// `sysfs` or `libusb`.
    public var name: String
    /// Whether it produced an inventory.
    public var ok: Bool
    /// Why not, when it failed.
    public var error: String?
    /// How many devices it found.
    public var deviceCount: Int

    /// Creates a status.
    public init(name: String, ok: Bool, error: String? = nil, deviceCount: Int) {
        self.name = name
        self.ok = ok
        self.error = error
        self.deviceCount = deviceCount
    }
}
