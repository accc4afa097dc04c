#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A USB device plugged into a slave, as the inventory knows it.
public struct Device: Codable, Hashable, Sendable, Identifiable {
    /// Stable identifier.
    public var id: UUID
    /// The slave it is plugged into.
    public var slaveID: UUID
    /// VirtualHere address (`<hostname>.<port digits>`, e.g. `box1.114`).
    public var vhAddress: String
    /// USB vendor ID.
    public var vendorID: UInt16
    /// USB product ID.
    public var productID: UInt16
    /// Manufacturer string descriptor, if the device has one.
    public var manufacturer: String?
    /// Product string descriptor, if the device has one.
    public var product: String?
    /// Serial number string descriptor, if the device has one.
    public var serial: String?
    /// Bus and port path (`1-1.4`).
    public var portPath: String
    /// A name an administrator gave the device.
    public var nickname: String?
    /// Whether the last report still listed it.
    public var present: Bool
    /// When it was first reported.
    public var firstSeen: Date
    /// When it was last reported.
    public var lastSeen: Date
    /// The longest one lease on it may last, set by an administrator over the site's maximum hold; `nil` follows the site.
    public var maxHoldSeconds: Int?
    /// Tags an administrator put on the device (`st-link`, `plc-s7`), lower case, sorted: what "any free device with this tag"
    /// waits for.
    public var tags: [String]
    /// The org units whose people (and everyone below them) may see and use it, over its slave's; empty for everyone.
    public var visibleTo: [UUID]

    /// Creates a device value.
    public init(
        id: UUID, slaveID: UUID, vhAddress: String, vendorID: UInt16, productID: UInt16, manufacturer: String?,
        product: String?, serial: String?, portPath: String, nickname: String?, present: Bool, firstSeen: Date, lastSeen: Date,
        maxHoldSeconds: Int? = nil, tags: [String] = [], visibleTo: [UUID] = []
    ) {
        self.id = id
        self.slaveID = slaveID
        self.vhAddress = vhAddress
        self.vendorID = vendorID
        self.productID = productID
        self.manufacturer = manufacturer
        self.product = product
        self.serial = serial
        self.portPath = portPath
        self.nickname = nickname
        self.present = present
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.maxHoldSeconds = maxHoldSeconds
        self.tags = tags
        self.visibleTo = visibleTo
    }

    /// `vvvv:pppp` in lower-case hex, as `lsusb` prints it.
    public var vidPid: String { Self.hex4(vendorID) + ":" + Self.hex4(productID) }

    private static func hex4(_ value: UInt16) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
