import NcodCore
import NcodStore
import Vapor

/// `/api/v1/admin/devices`: nicknames, maximum holds and tags of devices.
struct AdminDeviceController: RouteCollection {
    /// The longest nickname kept.
    static let maxNickname = 64

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped("devices").patch(":id", use: update)
    }

    /// Most tags one device carries.
    static let maxTags = 16

    /// Longest maximum hold an administrator may set on a device: a year.
    static let maxHoldLimit = 366 * 86_400

    /// Sets what the patch gives: the nickname, the device's maximum hold, its tags.
    @Sendable
    func update(req: Request) async throws -> Device {
        let body = try req.content.decode(DevicePatch.self)
        let nickname = body.nickname.map(TextHygiene.canonical)
        if body.changesNickname, let nickname, nickname.unicodeScalars.count > Self.maxNickname || TextHygiene.isUnclean(nickname) {
            throw Problem.invalidField(
                "nickname", "a nickname is one line of at most \(Self.maxNickname) characters, without control, zero-width or direction characters")
        }
        if body.changesMaxHold, let seconds = body.maxHoldSeconds, !(60...Self.maxHoldLimit).contains(seconds) {
            throw Problem.invalidField("maxHoldSeconds", "a maximum hold is 60 seconds to 366 days, or null to follow the site's")
        }
        let tags = try body.tags.map { given in
            let tags = Array(Set(given.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty })).sorted()
            guard tags.count <= Self.maxTags, tags.allSatisfy(DeviceMatch.isTag) else {
                throw Problem.invalidField(
                    "tags", "at most \(Self.maxTags) tags, each 1 to 32 letters, digits, '-', '_' or '.' (people wait for tag:st-link)")
            }
            return tags
        }
        let id = try req.uuidParameter("id")
        let store = Store(database: req.db)
        guard var device = try await store.devices.find(id) else { throw StoreError.notFound(entity: "device", key: id.uuidString) }
        let before = device
        if body.changesNickname { device.nickname = nickname?.isEmpty == false ? nickname : nil }
        if body.changesMaxHold { device.maxHoldSeconds = body.maxHoldSeconds }
        if let tags { device.tags = tags }
        let saved = try await store.devices.update(device)
        if saved.nickname != before.nickname {
            try await req.audit(
                "device.nickname_set", subject: "device:\(saved.vhAddress)", details: ["from": before.nickname ?? "", "to": saved.nickname ?? ""])
        }
        if saved.maxHoldSeconds != before.maxHoldSeconds {
            try await req.audit(
                "device.max_hold_set", subject: "device:\(saved.vhAddress)",
                details: ["from": before.maxHoldSeconds.map(String.init) ?? "site", "to": saved.maxHoldSeconds.map(String.init) ?? "site"])
        }
        if saved.tags != before.tags {
            try await req.audit(
                "device.tags_set", subject: "device:\(saved.vhAddress)",
                details: ["from": before.tags.joined(separator: ","), "to": saved.tags.joined(separator: ",")])
        }
        await req.ncod.events.publish([
            ChangeEvent(
                kind: .device, action: saved.nickname != before.nickname ? "renamed" : "changed", subjectID: saved.id, slaveID: saved.slaveID,
                deviceID: saved.id, at: req.ncod.now())
        ])
        return saved
    }
}
