import NcodCore

/// Something that lists the USB devices of this box. Hubs are never returned: they are not shareable.
public protocol InventoryCollector: Sendable {
    /// Short name for reports and logs (`sysfs`, `libusb`).
    var name: String { get }
    /// The shareable devices, ordered by port path; throws when the source cannot be read at all.
    func collect() throws -> [USBDeviceInfo]
}

/// Why a collector produced nothing.
public struct CollectorError: Error, CustomStringConvertible, Equatable {
    /// One-line reason.
    public var description: String

    /// Creates an error.
    public init(_ description: String) { self.description = description }
}
