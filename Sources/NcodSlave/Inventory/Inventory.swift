import Logging
import NcodCore

/// Runs every collector and merges what they found: a device is known by its port path; the first collector to list it
/// gives its fields, later ones fill the strings it lacked. A collector that fails is logged and reported, never fatal.
public struct Inventory: Sendable {
    /// The collectors, in order of preference.
    public let collectors: [any InventoryCollector]
    let logger: Logger
    /// A collector that keeps failing is logged once a minute, with a count.
    let repeated = RepeatedWarning()

    /// An inventory over `collectors`.
    public init(collectors: [any InventoryCollector], logger: Logger = Logger(label: "ncod.slaved.inventory")) {
        self.collectors = collectors
        self.logger = logger
    }

    /// One snapshot of the box's devices.
    public func snapshot() -> InventorySnapshot {
        var byPath: [String: USBDeviceInfo] = [:]
        var order: [String] = []
        var statuses: [CollectorStatus] = []
        for collector in collectors {
            do {
                let devices = try collector.collect()
                statuses.append(CollectorStatus(name: collector.name, ok: true, deviceCount: devices.count))
                for device in devices {
                    if var known = byPath[device.portPath] {
                        known.manufacturer = known.manufacturer ?? device.manufacturer
                        known.product = known.product ?? device.product
                        known.serial = known.serial ?? device.serial
                        known.speed = known.speed ?? device.speed
                        byPath[device.portPath] = known
                    } else {
                        byPath[device.portPath] = device
                        order.append(device.portPath)
                    }
                }
            } catch {
                repeated.warning(
                    logger, "collector failed", key: "collector failed \(collector.name)",
                    metadata: ["collector": "\(collector.name)", "error": "\(error)"])
                statuses.append(CollectorStatus(name: collector.name, ok: false, error: "\(error)", deviceCount: 0))
            }
        }
        let devices = order.sorted(by: PortPath.areInIncreasingOrder).compactMap { byPath[$0] }
        return InventorySnapshot(devices: devices, collectors: statuses)
    }
}
