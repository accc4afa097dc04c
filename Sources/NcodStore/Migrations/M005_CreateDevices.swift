import FluentKit

/// Creates `devices`: the USB inventory, one row per device per slave.
struct M005_CreateDevices: AsyncMigration {
    var name: String { "005_create_devices" }

    func prepare(on database: any Database) async throws {
        try await database.schema("devices")
            .id()
            .field("slave_id", .uuid, .required, .references("slaves", "id", onDelete: .cascade))
            .field("vh_address", .string, .required)
            .field("vendor_id", .int32, .required)
            .field("product_id", .int32, .required)
            .field("manufacturer", .string)
            .field("product", .string)
            .field("serial", .string)
            .field("port_path", .string, .required)
            .field("nickname", .string)
            .field("present", .bool, .required)
            .field("first_seen", .datetime, .required)
            .field("last_seen", .datetime, .required)
            .unique(on: "slave_id", "vh_address")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("devices").delete()
    }
}
