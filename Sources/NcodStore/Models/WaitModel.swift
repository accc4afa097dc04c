import FluentKit
import Foundation
import NcodCore

/// Row of `waits`.
final class WaitModel: Model, @unchecked Sendable {
    static let schema = "waits"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @OptionalField(key: "device_id") var deviceID: UUID?
    @OptionalField(key: "match") var match: String?
    @Field(key: "target") var target: String
    @Field(key: "joined_at") var joinedAt: Date
    @OptionalField(key: "offered_device_id") var offeredDeviceID: UUID?
    @OptionalField(key: "offered_at") var offeredAt: Date?
    @OptionalField(key: "offered_until") var offeredUntil: Date?
    @OptionalField(key: "ended_at") var endedAt: Date?
    @OptionalField(key: "end_reason") var endReason: String?

    init() {}

    init(_ wait: Wait) {
        id = wait.id
        userID = wait.userID
        deviceID = wait.deviceID
        match = wait.match?.description
        target = wait.target
        joinedAt = wait.joinedAt
        offeredDeviceID = wait.offeredDeviceID
        offeredAt = wait.offeredAt
        offeredUntil = wait.offeredUntil
        endedAt = wait.endedAt
        endReason = wait.endReason?.rawValue
    }

    func domain() throws -> Wait {
        Wait(
            id: try requireID(), userID: userID, deviceID: deviceID, match: try match.map { try DeviceMatch(parsing: $0) }, joinedAt: joinedAt,
            offeredDeviceID: offeredDeviceID, offeredAt: offeredAt, offeredUntil: offeredUntil, endedAt: endedAt,
            endReason: try endReason.map { try decodeEnum($0) })
    }
}
