import Foundation
import NcodCore
import NcodStore
import Vapor

/// `GET /api/v1/devices` and `GET /api/v1/devices/{id}`: the inventory, for active members.
struct DeviceController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let devices = routes.grouped("devices")
        devices.get(use: list)
        devices.get(":id", use: show)
    }

    /// Devices with where they are and who holds them; unplugged ones only with `?all=true`.
    @Sendable
    func list(req: Request) async throws -> [DeviceView] {
        let store = Store(database: req.db)
        let includeAbsent = try req.flag("all")
        let slaves = Dictionary(uniqueKeysWithValues: try await store.slaves.all().map { ($0.id, $0) })
        let leases = Dictionary(try await store.leases.allActive().map { ($0.deviceID, $0) }, uniquingKeysWith: { first, _ in first })
        let holders = Dictionary(uniqueKeysWithValues: try await store.users.find(ids: Set(leases.values.map(\.userID))).map { ($0.id, $0) })
        let caller = try req.principal.user.id
        return try await store.devices.list(slaveID: nil).compactMap { device in
            guard includeAbsent || device.present, let slave = slaves[device.slaveID] else { return nil }
            let lease = leases[device.id]
            return DeviceView(device: device, slave: slave, holder: lease.flatMap { holders[$0.userID] }, lease: lease, caller: caller)
        }
    }

    @Sendable
    func show(req: Request) async throws -> DeviceView {
        let id = try req.uuidParameter("id")
        let store = Store(database: req.db)
        guard let device = try await store.devices.find(id), let slave = try await store.slaves.find(device.slaveID) else {
            throw StoreError.notFound(entity: "device", key: id.uuidString)
        }
        let lease = try await store.leases.active(deviceID: device.id)
        let holder = try await lease.asyncMap { try await store.users.find($0.userID) } ?? nil
        return DeviceView(device: device, slave: slave, holder: holder, lease: lease, caller: try req.principal.user.id)
    }

}

extension Optional {
    /// `map` with an async transform.
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
