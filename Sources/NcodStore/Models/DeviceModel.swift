import FluentKit
import Foundation
import NcodCore

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
    }

    func domain() throws -> Device {
        guard let vendor = UInt16(exactly: vendorID), let productNumber = UInt16(exactly: productID) else {
            throw UnknownStoredValue(raw: "\(vendorID):\(productID)")
        }
        return Device(
            id: try requireID(), slaveID: slaveID, vhAddress: vhAddress, vendorID: vendor, productID: productNumber,
            manufacturer: manufacturer, product: product, serial: serial, portPath: portPath, nickname: nickname,
            present: present, firstSeen: firstSeen, lastSeen: lastSeen
        )
    }
}
