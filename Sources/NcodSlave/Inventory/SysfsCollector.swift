import NcodCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Reads the USB devices from sysfs (`<root>/bus/usb/devices`), strings included, without opening any device.
///
/// The root is configurable (`--sysfs-root`) so tests and fixtures can stand in for `/sys`.
public struct SysfsCollector: InventoryCollector {
    /// The folder standing for `/sys`.
    public let root: String
    /// The host name VirtualHere advertises (the first part of each device address).
    public let advertisedHostname: String

    /// A collector reading `root` (normally `/sys`).
    public init(root: String = "/sys", advertisedHostname: String) {
        self.root = root
        self.advertisedHostname = advertisedHostname
    }

    /// `sysfs`.
    public var name: String { "sysfs" }

    /// The shareable devices, ordered by port path; throws when the USB devices folder is missing.
    public func collect() throws -> [USBDeviceInfo] {
        let folder = root + "/bus/usb/devices"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw CollectorError("no USB devices folder at \(folder)")
        }
        return entries.filter(Self.isDevicePath).sorted(by: PortPath.areInIncreasingOrder).compactMap { device(named: $0, in: folder) }
            .filter { !$0.isHub }
    }

    /// Device folders look like `1-1` or `1-1.4`; `usb1` (root hubs) and `1-1:1.0` (interfaces) are not devices to share.
    static func isDevicePath(_ name: String) -> Bool {
        guard let dash = name.firstIndex(of: "-"), !name.contains(":") else { return false }
        return name[..<dash].allSatisfy(\.isNumber) && name[name.index(after: dash)...].allSatisfy { $0.isNumber || $0 == "." }
    }

    private func device(named name: String, in folder: String) -> USBDeviceInfo? {
        let path = folder + "/" + name
        func read(_ attribute: String) -> String? {
            guard let data = FileManager.default.contents(atPath: path + "/" + attribute) else { return nil }
            var text = String(decoding: data, as: UTF8.self)
            while text.last == "\n" || text.last == "\0" { text.removeLast() }
            return text.isEmpty ? nil : text
        }
        guard let vendor = read("idVendor").flatMap({ UInt16($0, radix: 16) }), let product = read("idProduct").flatMap({ UInt16($0, radix: 16) })
        else { return nil }
        return USBDeviceInfo(
            vendorID: vendor, productID: product, manufacturer: read("manufacturer"), product: read("product"), serial: read("serial"),
            bus: read("busnum").flatMap { Int($0) } ?? Int(name.prefix { $0.isNumber }) ?? 0, portPath: name,
            deviceClass: read("bDeviceClass").flatMap { UInt8($0, radix: 16) } ?? 0, speed: read("speed"),
            vhAddress: USBDeviceInfo.vhAddress(hostname: advertisedHostname, portPath: name)
        )
    }
}
