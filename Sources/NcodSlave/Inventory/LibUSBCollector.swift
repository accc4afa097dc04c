import CLibUSB
import NcodCore

/// Lists USB devices through libusb-1.0: descriptors, bus and port numbers, speed, and the string descriptors
/// (read as UTF-16, so non-ASCII product names survive). A device that cannot be opened is still listed, without strings.
public struct LibUSBCollector: InventoryCollector {
    /// The host name VirtualHere advertises (the first part of each device address).
    public let advertisedHostname: String

    /// A collector for a server advertising `advertisedHostname`.
    public init(advertisedHostname: String) { self.advertisedHostname = advertisedHostname }

    /// `libusb`.
    public var name: String { "libusb" }

    /// The shareable devices, ordered by port path; throws when libusb cannot start or list devices.
    public func collect() throws -> [USBDeviceInfo] {
        var context: OpaquePointer?
        let started = libusb_init(&context)
        guard started == 0 else { throw CollectorError("libusb_init failed: \(Self.describe(started))") }
        defer { libusb_exit(context) }
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let count = libusb_get_device_list(context, &list)
        guard count >= 0, let list else { throw CollectorError("libusb_get_device_list failed: \(Self.describe(Int32(count)))") }
        defer { libusb_free_device_list(list, 1) }
        var devices: [USBDeviceInfo] = []
        for index in 0..<Int(count) {
            guard let device = list[index], let info = describe(device), !info.isHub else { continue }
            devices.append(info)
        }
        return devices.sorted { PortPath.areInIncreasingOrder($0.portPath, $1.portPath) }
    }

    private func describe(_ device: OpaquePointer) -> USBDeviceInfo? {
        var descriptor = libusb_device_descriptor()
        guard libusb_get_device_descriptor(device, &descriptor) == 0 else { return nil }
        var ports = [UInt8](repeating: 0, count: 8)
        let depth = libusb_get_port_numbers(device, &ports, Int32(ports.count))
        guard depth > 0 else { return nil }  // a root hub: no port path, never shared
        let bus = Int(libusb_get_bus_number(device))
        let portPath = "\(bus)-" + ports.prefix(Int(depth)).map(String.init).joined(separator: ".")
        var strings: (String?, String?, String?) = (nil, nil, nil)
        var handle: OpaquePointer?
        if libusb_open(device, &handle) == 0, let handle {
            if let language = Self.firstLanguage(handle) {
                strings = (
                    Self.string(handle, index: descriptor.iManufacturer, language: language),
                    Self.string(handle, index: descriptor.iProduct, language: language),
                    Self.string(handle, index: descriptor.iSerialNumber, language: language)
                )
            }
            libusb_close(handle)
        }
        return USBDeviceInfo(
            vendorID: descriptor.idVendor, productID: descriptor.idProduct, manufacturer: strings.0, product: strings.1, serial: strings.2,
            bus: bus, portPath: portPath, deviceClass: descriptor.bDeviceClass, speed: Self.speed(libusb_get_device_speed(device)),
            vhAddress: USBDeviceInfo.vhAddress(hostname: advertisedHostname, portPath: portPath)
        )
    }

    /// The first language of the device's strings (string descriptor 0; 4 bytes are enough for it).
    private static func firstLanguage(_ handle: OpaquePointer) -> UInt16? {
        var buffer = [UInt8](repeating: 0, count: 4)
        guard libusb_get_string_descriptor(handle, 0, 0, &buffer, 4) >= 4 else { return nil }
        return UInt16(buffer[2]) | UInt16(buffer[3]) << 8
    }

    /// String descriptor `index` in `language`, decoded from UTF-16LE.
    private static func string(_ handle: OpaquePointer, index: UInt8, language: UInt16) -> String? {
        guard index != 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 255)
        let length = libusb_get_string_descriptor(handle, index, language, &buffer, Int32(buffer.count))
        guard length >= 2, buffer[1] == UInt8(LIBUSB_DT_STRING.rawValue) else { return nil }
        let end = min(Int(length), Int(buffer[0]))
        let units = stride(from: 2, to: end - 1, by: 2).map { UInt16(buffer[$0]) | UInt16(buffer[$0 + 1]) << 8 }
        let text = String(decoding: units, as: UTF16.self)
        return text.isEmpty ? nil : text
    }

    /// Mbit/s as sysfs writes it.
    private static func speed(_ value: Int32) -> String? {
        switch value {
        case Int32(LIBUSB_SPEED_LOW.rawValue): "1.5"
        case Int32(LIBUSB_SPEED_FULL.rawValue): "12"
        case Int32(LIBUSB_SPEED_HIGH.rawValue): "480"
        case Int32(LIBUSB_SPEED_SUPER.rawValue): "5000"
        case Int32(LIBUSB_SPEED_SUPER_PLUS.rawValue): "10000"
        default: nil
        }
    }

    private static func describe(_ code: Int32) -> String {
        guard let name = libusb_error_name(code) else { return "error \(code)" }
        return String(cString: name)
    }
}
