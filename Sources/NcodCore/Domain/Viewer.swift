#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Who is looking, for the visibility rule: an administrator sees everything; anyone else sees a device when neither it nor its slave
/// is restricted, or when their org unit is one the restriction names or lies below one.
///
/// The one owner of that rule: the device list, details, events, leases and waiting lists all ask ``sees(_:on:)``.
public struct Viewer: Hashable, Sendable {
    /// The person.
    public var userID: UUID
    /// Their unit and every unit above it; `nil` for an administrator, who sees everything.
    public var units: Set<UUID>?

    /// A viewer.
    public init(userID: UUID, units: Set<UUID>?) {
        self.userID = userID
        self.units = units
    }

    /// `user` as a viewer, with the org tree `units` to climb.
    public init(_ user: User, units tree: [OrgUnit]) {
        userID = user.id
        guard user.role != .admin else {
            units = nil
            return
        }
        let parents = Dictionary(uniqueKeysWithValues: tree.map { ($0.id, $0.parentID) })
        var chain: Set<UUID> = []
        var next = user.orgUnitID
        while let id = next, !chain.contains(id) {
            chain.insert(id)
            next = parents[id] ?? nil
        }
        units = chain
    }

    /// Whether a restriction to `visibleTo` lets this viewer in (an empty one lets everyone in).
    public func admits(_ visibleTo: [UUID]) -> Bool {
        guard let units, !visibleTo.isEmpty else { return true }
        return visibleTo.contains(where: units.contains)
    }

    /// Whether neither `device` nor `slave` is restricted to org units: then everyone sees it, and who is looking need not be known.
    public static func everyoneSees(_ device: Device, on slave: Slave) -> Bool { device.visibleTo.isEmpty && slave.visibleTo.isEmpty }

    /// Whether this viewer may see and use `device` on `slave`.
    public func sees(_ device: Device, on slave: Slave) -> Bool { admits(slave.visibleTo) && admits(device.visibleTo) }
}
