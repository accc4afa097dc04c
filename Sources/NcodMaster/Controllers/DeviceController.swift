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

    /// Devices with where they are and who holds them, by slave name then VirtualHere address; unplugged ones only with
    /// `?all=true`. Answered from the hub's ``InventoryCache``: with an `ETag`, 304 for an `If-None-Match` that still holds, and
    /// gzip-compressed (a copy made once per change) for a client that accepts it; it goes out paced (``PacedAnswers``).
    @Sendable
    func list(req: Request) async throws -> Response {
        let includeAbsent = try req.flag("all")
        let gzip = req.headers[.acceptEncoding].contains { header in
            header.split(separator: ",").contains { $0.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() == "gzip" }
        }
        let tags = req.headers[.ifNoneMatch].flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        let answer = try await req.ncod.events.inventory.answer(
            caller: try req.principal.user.id, includeAbsent: includeAbsent, gzip: gzip, ifNoneMatch: tags, store: Store(database: req.db),
            viewer: { try await req.viewer() })
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .eTag, value: answer.etag)
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-cache")
        headers.add(name: .vary, value: "Accept-Encoding")
        guard let body = answer.body else { return Response(status: .notModified, headers: headers) }
        headers.contentType = .json
        if answer.gzipped { headers.replaceOrAdd(name: .contentEncoding, value: "gzip") }
        return Response(status: .ok, headers: headers, body: .init(buffer: body))
    }

    @Sendable
    func show(req: Request) async throws -> DeviceView {
        let id = try req.uuidParameter("id")
        let store = Store(database: req.db)
        guard let device = try await store.devices.find(id), let slave = try await store.slaves.find(device.slaveID),
            try await req.sees(device, on: slave)
        else {
            throw StoreError.notFound(entity: "device", key: id.uuidString)
        }
        let lease = try await store.leases.active(deviceID: device.id)
        let holder = try await lease.asyncMap { try await store.users.find($0.userID) } ?? nil
        let unit = try await holder?.orgUnitID.asyncMap { try await store.orgUnits.find($0)?.name } ?? nil
        let line = try await WaitingList.Line.read(store).line(for: device)
        let turn = try await line.first { $0.offeredDeviceID == device.id }.asyncMap { try await store.users.find($0.userID)?.displayName } ?? nil
        return DeviceView(
            device: device, slave: slave, holder: holder, lease: lease, caller: try req.principal.user.id, holderUnit: unit, line: line,
            reservedFor: turn)
    }

}

extension Optional {
    /// `map` with an async transform.
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
