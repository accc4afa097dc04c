import Foundation
import NcodCore
import NcodStore
import NcodTestSupport
import Testing

@testable import NcodMaster

/// The cached device list against the list read straight from the database, after every kind of change, and under
/// concurrent readers.
@Suite("Inventory cache")
struct InventoryCacheTests {
    /// Nobody's devices are restricted in these tests: the viewer is never asked, and sees everything.
    static let everything: @Sendable () async throws -> Viewer = { Viewer(userID: UUID(), units: nil) }

    static let epoch = Date(timeIntervalSince1970: 1_790_000_000)

    @Test(
        "the cached list equals the database's after plugs, leases, slaves going offline or renamed, holders renamed, and removals",
        arguments: TestBackend.allCases)
    func followsEveryChange(backend: TestBackend) async throws {
        guard backend.isAvailable else { return }
        try await backend.withStore { store in
            let cache = InventoryCache()
            let ada = try await store.users.create(Self.user("ada"))
            let bo = try await store.users.create(Self.user("bo"))
            let north = try await store.slaves.create(Self.slave("north"))
            var south = try await store.slaves.create(Self.slave("south"))
            var devices: [Device] = []
            for port in ["1-1", "1-2", "1-3"] { devices.append(try await store.devices.create(Self.device(on: south, port: port))) }
            for port in ["2-1", "2-2"] { devices.append(try await store.devices.create(Self.device(on: north, port: port))) }

            func check(_ step: String) async throws {
                for caller in [ada.id, bo.id] {
                    for all in [false, true] {
                        let cached = try NcodJSON.decoder().decode(
                            [DeviceView].self,
                            from: Data(buffer: try await cache.list(caller: caller, includeAbsent: all, store: store, viewer: Self.everything)))
                        let direct = try await Self.direct(store: store, caller: caller, includeAbsent: all)
                        #expect(cached == direct, "after \(step), caller \(caller == ada.id ? "ada" : "bo"), all=\(all)")
                    }
                }
            }
            try await check("the first read")
            #expect(try await cache.list(caller: ada.id, includeAbsent: false, store: store, viewer: Self.everything).readableBytes > 2)

            let lease = try await store.leases.acquire(
                Lease(id: UUID(), deviceID: devices[0].id, userID: ada.id, bindingID: nil, startedAt: Self.epoch, expiresAt: Self.epoch + 60))
            cache.invalidate([Self.event(.lease, lease.id, slave: south.id, device: devices[0].id)])
            try await check("ada takes a lease")
            let mine = try NcodJSON.decoder().decode(
                [DeviceView].self,
                from: Data(buffer: try await cache.list(caller: ada.id, includeAbsent: false, store: store, viewer: Self.everything)))
            #expect(mine.first { $0.id == devices[0].id }?.myLeaseID == lease.id)

            var unplugged = devices[1]
            unplugged.present = false
            _ = try await store.devices.update(unplugged)
            cache.invalidate([Self.event(.device, unplugged.id, slave: south.id, device: unplugged.id)])
            try await check("a device is unplugged")

            let added = try await store.devices.create(Self.device(on: north, port: "2-9"))
            cache.invalidate([Self.event(.device, added.id, slave: north.id, device: added.id)])
            try await check("a device is plugged in")

            south.status = .offline
            south = try await store.slaves.update(south)
            cache.invalidate([Self.event(.slave, south.id, slave: south.id)])
            try await check("a slave goes offline")

            south.name = "a-south"
            south = try await store.slaves.update(south)
            cache.invalidate([Self.event(.slave, south.id, slave: south.id)])
            try await check("a slave is renamed, moving its devices up the list")

            var renamed = ada
            renamed.displayName = "Ada Lovelace"
            _ = try await store.users.update(renamed)
            cache.invalidate([Self.event(.account, ada.id)])
            try await check("the holder is renamed")

            _ = try await store.leases.end(lease.id, reason: .released, at: Self.epoch + 30)
            try await store.slaves.delete(north.id)
            cache.invalidate([Self.event(.lease, lease.id, slave: south.id, device: devices[0].id), Self.event(.slave, north.id, slave: north.id)])
            try await check("a release and a slave removed")
        }
    }

    @Test("concurrent readers never see a list older than the last change published before they asked")
    func concurrentReaders() async throws {
        try await TestBackend.preferred.withStores(count: 4) { stores in
            let store = stores[0]
            let cache = InventoryCache()
            let users = [try await store.users.create(Self.user("ada")), try await store.users.create(Self.user("bo"))]
            let slave = try await store.slaves.create(Self.slave("east"))
            var devices: [Device] = []
            for index in 1...24 { devices.append(try await store.devices.create(Self.device(on: slave, port: "3-\(index)"))) }
            let stop = AsyncFlag()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for reader in 1..<stores.count {
                    group.addTask {
                        while await !stop.isSet {
                            _ = try await cache.list(
                                caller: users[reader % 2].id, includeAbsent: reader % 2 == 0, store: stores[reader], viewer: Self.everything)
                        }
                    }
                }
                var held: [UUID: Lease] = [:]
                for round in 0..<40 {
                    let device = devices[round % devices.count]
                    let event: ChangeEvent
                    if let lease = held.removeValue(forKey: device.id) {
                        _ = try await store.leases.end(lease.id, reason: .released, at: Self.epoch + Double(round))
                        event = Self.event(.lease, lease.id, slave: slave.id, device: device.id)
                    } else {
                        let lease = try await store.leases.acquire(
                            Lease(
                                id: UUID(), deviceID: device.id, userID: users[round % 2].id, bindingID: nil, startedAt: Self.epoch,
                                expiresAt: Self.epoch + 600))
                        held[device.id] = lease
                        event = Self.event(.lease, lease.id, slave: slave.id, device: device.id)
                    }
                    cache.invalidate([event])
                    let caller = users[(round + 1) % 2].id
                    let cached = try NcodJSON.decoder().decode(
                        [DeviceView].self,
                        from: Data(buffer: try await cache.list(caller: caller, includeAbsent: false, store: store, viewer: Self.everything)))
                    #expect(cached == (try await Self.direct(store: store, caller: caller, includeAbsent: false)), "round \(round)")
                }
                await stop.set()
                try await group.waitForAll()
            }
        }
    }

    /// The list as the controller built it before the cache: read from the database, per request.
    static func direct(store: Store, caller: UUID, includeAbsent: Bool) async throws -> [DeviceView] {
        let slaves = Dictionary(uniqueKeysWithValues: try await store.slaves.all().map { ($0.id, $0) })
        let leases = Dictionary(uniqueKeysWithValues: try await store.leases.allActive().map { ($0.deviceID, $0) })
        var views: [DeviceView] = []
        for device in try await store.devices.list(slaveID: nil) where includeAbsent || device.present {
            guard let slave = slaves[device.slaveID] else { continue }
            let lease = leases[device.id]
            var holder: User?
            if let lease { holder = try await store.users.find(lease.userID) }
            var unit: String?
            if let unitID = holder?.orgUnitID { unit = try await store.orgUnits.find(unitID)?.name }
            views.append(DeviceView(device: device, slave: slave, holder: holder, lease: lease, caller: caller, holderUnit: unit))
        }
        return views.sorted { ($0.slaveName, $0.device.vhAddress) < ($1.slaveName, $1.device.vhAddress) }
    }

    static func event(_ kind: ChangeEvent.Kind, _ subject: UUID, slave: UUID? = nil, device: UUID? = nil) -> ChangeEvent {
        ChangeEvent(kind: kind, action: "changed", subjectID: subject, slaveID: slave, deviceID: device, at: epoch)
    }

    static func user(_ name: String) -> User {
        User(
            id: UUID(), username: name, displayName: "用户 \(name)", contact: "\(name)@example.com", passwordHash: "x", role: .user,
            status: .active, orgUnitID: nil, createdAt: epoch, updatedAt: epoch)
    }

    static func slave(_ name: String) -> Slave {
        Slave(
            id: UUID(), name: name, host: "\(name).lan", hubAddress: "\(name).lan:7575", status: .online, lastReportAt: nil,
            agentVersion: "0.1.0", credentialHash: "sha256:00", createdAt: epoch)
    }

    static func device(on slave: Slave, port: String) -> Device {
        Device(
            id: UUID(), slaveID: slave.id, vhAddress: "\(slave.name).\(port.filter(\.isNumber))", vendorID: 0x064f, productID: 0x2af9,
            manufacturer: "WIBU-SYSTEMS AG", product: "CodeMeter-Stick", serial: "3-\(port)", portPath: port, nickname: nil, present: true,
            firstSeen: epoch, lastSeen: epoch)
    }
}

/// A flag set once, read by many tasks.
private actor AsyncFlag {
    private(set) var isSet = false
    func set() { isSet = true }

    @Test(
        "what an event stream may show is answered from the restrictions alone: a device's units, its slave's, or a slave's for a device not yet known"
    )
    func fences() {
        let lab = UUID()
        let sales = UUID()
        func slave(_ units: [UUID]) -> Slave {
            Slave(
                id: UUID(), name: "box", host: "h", hubAddress: "h:7575", status: .online, lastReportAt: nil, agentVersion: "1",
                credentialHash: "x", createdAt: Date(), visibleTo: units)
        }
        func device(on slave: Slave, _ units: [UUID]) -> Device {
            Device(
                id: UUID(), slaveID: slave.id, vhAddress: "box.1", vendorID: 1, productID: 2, manufacturer: nil, product: nil, serial: nil,
                portPath: "1-1", nickname: nil, present: true, firstSeen: Date(), lastSeen: Date(), visibleTo: units)
        }
        let open = slave([])
        let closed = slave([lab])
        let free = device(on: open, [])
        let labOnly = device(on: open, [lab])
        let onClosed = device(on: closed, [])
        let inLab = Viewer(userID: UUID(), units: [lab])
        let inSales = Viewer(userID: UUID(), units: [sales])
        let admin = Viewer(userID: UUID(), units: nil)
        #expect(Fences([(free, open)]).isEmpty, "nothing restricted, nothing kept")
        let fences = Fences([(free, open), (labOnly, open), (onClosed, closed)])
        #expect(!fences.isEmpty)
        #expect(fences.admit(inSales, deviceID: free.id, slaveID: open.id))
        #expect(fences.admit(inLab, deviceID: labOnly.id, slaveID: open.id) && !fences.admit(inSales, deviceID: labOnly.id, slaveID: open.id))
        #expect(!fences.admit(inSales, deviceID: onClosed.id, slaveID: closed.id), "its slave's restriction")
        #expect(!fences.admit(inSales, deviceID: UUID(), slaveID: closed.id), "a device plugged since: its slave decides")
        #expect(fences.admit(inLab, deviceID: nil, slaveID: closed.id) && !fences.admit(inSales, deviceID: nil, slaveID: closed.id))
        #expect(fences.admit(admin, deviceID: labOnly.id, slaveID: closed.id))
    }
}
