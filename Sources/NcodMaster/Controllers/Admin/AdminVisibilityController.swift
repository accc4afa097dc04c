import NcodCore
import NcodStore
import Vapor

/// `PUT /api/v1/admin/slaves/{id}/visibility` and `PUT /api/v1/admin/devices/{id}/visibility`: restrict a slave or one device to org
/// units (``Restrictions``).
struct AdminVisibilityController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.put("slaves", ":id", "visibility", use: slave)
        routes.put("devices", ":id", "visibility", use: device)
    }

    @Sendable
    func slave(req: Request) async throws -> SlaveView {
        let id = try req.uuidParameter("id")
        try await Restrictions.set(try req.content.decode(VisibilityChange.self), slave: true, id: id, request: req)
        let store = Store(database: req.db)
        guard let slave = try await store.slaves.find(id) else { throw StoreError.notFound(entity: "slave", key: id.uuidString) }
        return SlaveView(slave, deviceCount: try await store.devices.list(slaveID: id).count { $0.present })
    }

    @Sendable
    func device(req: Request) async throws -> Device {
        let id = try req.uuidParameter("id")
        try await Restrictions.set(try req.content.decode(VisibilityChange.self), slave: false, id: id, request: req)
        guard let device = try await Store(database: req.db).devices.find(id) else { throw StoreError.notFound(entity: "device", key: id.uuidString) }
        return device
    }
}
