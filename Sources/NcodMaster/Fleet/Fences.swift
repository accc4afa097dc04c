import Foundation
import NcodCore

/// The org units the restricted devices and slaves of the inventory are limited to: only those, so that an inventory with no
/// restriction has none to keep.
struct Fences: Sendable {
    /// Each device restricted itself or on a restricted slave: its own units and its slave's (either may be empty).
    private var devices: [UUID: (own: [UUID], slave: [UUID])] = [:]
    /// Each restricted slave's units.
    private var slaves: [UUID: [UUID]] = [:]

    /// No restriction at all.
    init() {}

    /// The restrictions of `inventory`'s devices and their slaves.
    init(_ inventory: some Sequence<(Device, Slave)>) {
        for (device, slave) in inventory where !Viewer.everyoneSees(device, on: slave) {
            devices[device.id] = (device.visibleTo, slave.visibleTo)
            if !slave.visibleTo.isEmpty { slaves[slave.id] = slave.visibleTo }
        }
    }

    /// Whether nothing is restricted.
    var isEmpty: Bool { devices.isEmpty }

    /// Whether `viewer` may see the device an event is about or, for a device not known here, its slave.
    func admit(_ viewer: Viewer, deviceID: UUID?, slaveID: UUID?) -> Bool {
        if let deviceID, let fence = devices[deviceID] { return viewer.admits(fence.own) && viewer.admits(fence.slave) }
        if let slaveID, let units = slaves[slaveID] { return viewer.admits(units) }
        return true
    }
}
