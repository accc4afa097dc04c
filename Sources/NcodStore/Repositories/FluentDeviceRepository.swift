import FluentKit
import Foundation
import NcodCore
import SQLKit

/// ``DeviceRepository`` on a Fluent database.
public struct FluentDeviceRepository: DeviceRepository {
    let database: any Database

    /// A repository on `database`.
    public init(database: any Database) { self.database = database }

    /// Adds a device; its VirtualHere address is unique on its slave.
    public func create(_ device: Device) async throws -> Device {
        guard try await SlaveModel.find(device.slaveID, on: database) != nil else {
            throw StoreError.notFound(entity: "slave", key: device.slaveID.uuidString)
        }
        let model = DeviceModel(device)
        do {
            try await model.create(on: database)
        } catch  where error.isConstraintFailure {
            throw StoreError.duplicate(entity: "device", field: "VirtualHere address", value: device.vhAddress)
        }
        return try model.domain()
    }

    /// The device with this identifier.
    public func find(_ id: UUID) async throws -> Device? {
        try await DeviceModel.find(id, on: database)?.domain()
    }

    /// Devices, of one slave or of all, ordered by slave then VirtualHere address.
    public func list(slaveID: UUID?) async throws -> [Device] {
        // Read through SQLKit, column by column: each report reads its slave's devices, and the device list reads them all.
        // Fluent's reflective model decoding of these rows was a fifth of the master's CPU under report load (BENCHMARKS.md).
        var select = try database.sql.select().columns(DeviceModel.columns.map { SQLColumn($0) }).from(DeviceModel.schema)
        if let slaveID { select = select.where("slave_id", .equal, SQLBind(slaveID)) }
        return try await select.orderBy("slave_id").orderBy("vh_address").all().map(DeviceModel.domain(row:))
    }

    /// Writes every mutable field of the device back.
    public func update(_ device: Device) async throws -> Device {
        guard let model = try await DeviceModel.find(device.id, on: database) else {
            throw StoreError.notFound(entity: "device", key: device.id.uuidString)
        }
        model.apply(device)
        do {
            try await model.save(on: database)
        } catch  where error.isConstraintFailure {
            throw StoreError.duplicate(entity: "device", field: "VirtualHere address", value: device.vhAddress)
        }
        return try model.domain()
    }
}
