/// One USB device as a slave's collector sees it; the unit of a report.
public struct USBDeviceInfo: Codable, Hashable, Sendable {
    /// USB vendor ID.
    public var vendorID: UInt16
    /// USB product ID.
    public var productID: UInt16
    /// Manufacturer string, when the device has one.
    public var manufacturer: String?
    /// Product string, when the device has one.
    public var product: String?
    /// Serial number string, when the device has one.
    public var serial: String?
    /// Bus number.
    public var bus: Int
    /// Bus and port path as Linux names it (`1-1.4`).
    public var portPath: String
    /// `bDeviceClass` (0 = per interface, 9 = hub, 0xff = vendor specific).
    public var deviceClass: UInt8
    /// Link speed in Mbit/s as the kernel reports it (`1.5`, `12`, `480`, `5000`), when known.
    public var speed: String?
    /// The address VirtualHere gives it: `<advertised hostname>.<port path digits>`, e.g. `box1.114`.
    public var vhAddress: String

    /// Creates a device description.
    public init(
        vendorID: UInt16, productID: UInt16, manufacturer: String?, product: String?, serial: String?, bus: Int, portPath: String,
        deviceClass: UInt8, speed: String?, vhAddress: String
    ) {
        self.vendorID = vendorID
        self.productID = productID
        self.manufacturer = manufacturer
        self.product = product
        self.serial = serial
        self.bus = bus
        self.portPath = portPath
        self.deviceClass = deviceClass
        self.speed = speed
        self.vhAddress = vhAddress
    }

    /// Whether this is a hub (class 9): hubs carry devices but are not shared themselves.
    public var isHub: Bool { deviceClass == 9 }

    /// The VirtualHere address of the device at `portPath` on a server advertising `hostname`:
    /// the port path with its punctuation removed (`1-1.4` → `114`, `1-1.2.2` → `1122`).
    public static func vhAddress(hostname: String, portPath: String) -> String {
        hostname + "." + portPath.filter(\.isNumber)
    }
}
