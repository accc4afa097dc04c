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

    /// Devices with where they are; unplugged ones only with `?all=true`.
    @Sendable
    func list(req: Request) async throws -> [DeviceView] {
        let store = Store(database: req.db)
        let includeAbsent = (try? req.query.get(Bool.self, at: "all")) ?? false
        let slaves = Dictionary(uniqueKeysWithValues: try await store.slaves.all().map { ($0.id, $0) })
        return try await store.devices.list(slaveID: nil).compactMap { device in
            guard includeAbsent || device.present, let slave = slaves[device.slaveID] else { return nil }
            return DeviceView(device: device, slave: slave)
        }
    }

    @Sendable
    func show(req: Request) async throws -> DeviceView {
        let id = try req.uuidParameter("id")
        let store = Store(database: req.db)
        guard let device = try await store.devices.find(id), let slave = try await store.slaves.find(device.slaveID) else {
            throw StoreError.notFound(entity: "device", key: id.uuidString)
        }
        return DeviceView(device: device, slave: slave)
    }
}
