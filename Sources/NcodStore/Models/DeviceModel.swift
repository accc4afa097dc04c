import FluentKit
import Foundation
import NcodCore
import SQLKit

/// Row of `devices`.
final class DeviceModel: Model, @unchecked Sendable {
    static let schema = "devices"

    @ID(key: .id) var id: UUID?
    @Field(key: "slave_id") var slaveID: UUID
    @Field(key: "vh_address") var vhAddress: String
    @Field(key: "vendor_id") var vendorID: Int
    @Field(key: "product_id") var productID: Int
    @OptionalField(key: "manufacturer") var manufacturer: String?
    @OptionalField(key: "product") var product: String?
    @OptionalField(key: "serial") var serial: String?
    @Field(key: "port_path") var portPath: String
    @OptionalField(key: "nickname") var nickname: String?
    @Field(key: "present") var present: Bool
    @Field(key: "first_seen") var firstSeen: Date
    @Field(key: "last_seen") var lastSeen: Date
    @OptionalField(key: "max_hold_seconds") var maxHoldSeconds: Int?
    @Field(key: "tags") var tags: String
    @Field(key: "visible_to") var visibleTo: String

    init() {}

    init(_ device: Device) {
        id = device.id
        slaveID = device.slaveID
        firstSeen = device.firstSeen
        apply(device)
    }

    /// Copies every mutable field from the domain value.
    func apply(_ device: Device) {
        vhAddress = device.vhAddress
        vendorID = Int(device.vendorID)
        productID = Int(device.productID)
        manufacturer = device.manufacturer
        product = device.product
        serial = device.serial
        portPath = device.portPath
        nickname = device.nickname
        present = device.present
        lastSeen = device.lastSeen
        maxHoldSeconds = device.maxHoldSeconds
        tags = device.tags.joined(separator: ",")
        visibleTo = VisibleTo.text(device.visibleTo)
    }

    /// The tags of the stored comma-separated text.
    static func tags(_ text: String) -> [String] { text.split(separator: ",").map(String.init) }

    /// The table's columns, in the order ``domain(row:)`` reads them.
    static let columns = [
        "id", "slave_id", "vh_address", "vendor_id", "product_id", "manufacturer", "product", "serial", "port_path", "nickname", "present",
        "first_seen", "last_seen", "max_hold_seconds", "tags", "visible_to",
    ]

    /// The device of a row holding ``columns``, read without Fluent's model reflection.
    static func domain(row: any SQLRow) throws -> Device {
        let vendorID = try row.decode(column: "vendor_id", as: Int.self)
        let productID = try row.decode(column: "product_id", as: Int.self)
        guard let vendor = UInt16(exactly: vendorID), let productNumber = UInt16(exactly: productID) else {
            throw UnknownStoredValue(raw: "\(vendorID):\(productID)")
        }
        return Device(
            id: try row.decode(column: "id", as: UUID.self), slaveID: try row.decode(column: "slave_id", as: UUID.self),
            vhAddress: try row.decode(column: "vh_address", as: String.self), vendorID: vendor, productID: productNumber,
            manufacturer: try row.decode(column: "manufacturer", as: String?.self), product: try row.decode(column: "product", as: String?.self),
            serial: try row.decode(column: "serial", as: String?.self), portPath: try row.decode(column: "port_path", as: String.self),
            nickname: try row.decode(column: "nickname", as: String?.self), present: try row.decode(column: "present", as: Bool.self),
            firstSeen: try row.decode(column: "first_seen", as: Date.self), lastSeen: try row.decode(column: "last_seen", as: Date.self),
            maxHoldSeconds: try row.decode(column: "max_hold_seconds", as: Int?.self),
            tags: tags(try row.decode(column: "tags", as: String.self)),
            visibleTo: VisibleTo.ids(try row.decode(column: "visible_to", as: String.self)))
    }

    func domain() throws -> Device {
        guard let vendor = UInt16(exactly: vendorID), let productNumber = UInt16(exactly: productID) else {
            throw UnknownStoredValue(raw: "\(vendorID):\(productID)")
        }
        return Device(
            id: try requireID(), slaveID: slaveID, vhAddress: vhAddress, vendorID: vendor, productID: productNumber,
            manufacturer: manufacturer, product: product, serial: serial, portPath: portPath, nickname: nickname,
            present: present, firstSeen: firstSeen, lastSeen: lastSeen, maxHoldSeconds: maxHoldSeconds, tags: Self.tags(tags),
            visibleTo: VisibleTo.ids(visibleTo)
        )
    }
}
