import NcodCore
import NcodStore
import Vapor

/// `/api/v1/admin/devices`: nicknames for devices.
struct AdminDeviceController: RouteCollection {
    /// The longest nickname kept.
    static let maxNickname = 64

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped("devices").patch(":id", use: setNickname)
    }

    @Sendable
    func setNickname(req: Request) async throws -> Device {
        let body = try req.content.decode(DevicePatch.self)
        let nickname = body.nickname?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let nickname, nickname.count > Self.maxNickname || nickname.contains(where: \.isNewline) {
            throw Problem.invalidField("nickname", "a nickname is one line of at most \(Self.maxNickname) characters")
        }
        let id = try req.uuidParameter("id")
        let store = Store(database: req.db)
        guard var device = try await store.devices.find(id) else { throw StoreError.notFound(entity: "device", key: id.uuidString) }
        let old = device.nickname
        device.nickname = nickname?.isEmpty == false ? nickname : nil
        let saved = try await store.devices.update(device)
        try await req.audit(
            "device.nickname_set", subject: "device:\(saved.vhAddress)", details: ["from": old ?? "", "to": saved.nickname ?? ""])
        await req.ncod.events.publish([
            ChangeEvent(kind: .device, action: "renamed", subjectID: saved.id, slaveID: saved.slaveID, deviceID: saved.id, at: req.ncod.now())
        ])
        return saved
    }
}
