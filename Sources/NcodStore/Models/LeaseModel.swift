import FluentKit
import Foundation
import NcodCore

/// Row of `leases`.
final class LeaseModel: Model, @unchecked Sendable {
    static let schema = "leases"

    @ID(key: .id) var id: UUID?
    @Field(key: "device_id") var deviceID: UUID
    @Field(key: "user_id") var userID: UUID
    @OptionalField(key: "binding_id") var bindingID: UUID?
    @Field(key: "started_at") var startedAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "ended_at") var endedAt: Date?
    @OptionalField(key: "end_reason") var endReason: String?
    @OptionalField(key: "password_md5") var passwordMD5: String?
    @OptionalField(key: "ends_at") var endsAt: Date?
    @Field(key: "timed") var timed: Bool
    @Field(key: "extended") var extended: Bool

    init() {}

    init(_ lease: Lease) {
        id = lease.id
        deviceID = lease.deviceID
        userID = lease.userID
        bindingID = lease.bindingID
        startedAt = lease.startedAt
        expiresAt = lease.expiresAt
        endedAt = lease.endedAt
        endReason = lease.endReason?.rawValue
        passwordMD5 = lease.passwordMD5
        endsAt = lease.endsAt
        timed = lease.timed
        extended = lease.extended
    }

    func domain() throws -> Lease {
        Lease(
            id: try requireID(), deviceID: deviceID, userID: userID, bindingID: bindingID, startedAt: startedAt,
            expiresAt: expiresAt, endedAt: endedAt, endReason: try endReason.map { try decodeEnum($0) }, passwordMD5: passwordMD5,
            endsAt: endsAt, timed: timed, extended: extended
        )
    }
}
