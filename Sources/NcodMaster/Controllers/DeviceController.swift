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

    @Sendable
    func list(req: Request) async throws -> [Device] {
        try await Store(database: req.db).devices.list(slaveID: nil)
    }

    @Sendable
    func show(req: Request) async throws -> Device {
        let id = try req.uuidParameter("id")
        guard let device = try await Store(database: req.db).devices.find(id) else { throw StoreError.notFound(entity: "device", key: id.uuidString) }
        return device
    }
}
