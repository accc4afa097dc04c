import FluentKit
import Foundation
import NcodCore

/// Row of `machine_bindings`.
final class MachineBindingModel: Model, @unchecked Sendable {
    static let schema = "machine_bindings"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "mac") var mac: String
    @Field(key: "status") var status: String
    @Field(key: "first_seen") var firstSeen: Date
    @Field(key: "last_seen") var lastSeen: Date
    @OptionalField(key: "public_key") var publicKey: String?
    @OptionalField(key: "requested_key") var requestedKey: String?
    @OptionalField(key: "hostname") var hostname: String?
    @OptionalField(key: "reason") var reason: String?

    init() {}

    init(_ binding: MachineBinding) {
        id = binding.id
        userID = binding.userID
        mac = binding.mac.description
        status = binding.status.rawValue
        firstSeen = binding.firstSeen
        lastSeen = binding.lastSeen
        publicKey = binding.publicKey
        requestedKey = binding.requestedKey
        hostname = binding.hostname
        reason = binding.reason
    }

    func domain() throws -> MachineBinding {
        guard let address = MACAddress(mac) else { throw UnknownStoredValue(raw: mac) }
        return MachineBinding(
            id: try requireID(), userID: userID, mac: address, status: try decodeEnum(status), firstSeen: firstSeen, lastSeen: lastSeen,
            publicKey: publicKey, requestedKey: requestedKey, hostname: hostname, reason: reason
        )
    }
}
