import Foundation
import NcodCore

/// Waiting lists and single devices, for ncod-tui and the `ncod` command.
extension MasterAPIClient {
    /// One device, with its holder and its line.
    public func device(_ id: UUID) async throws -> DeviceView { try await call(.GET, "/api/v1/devices/\(id)") }

    /// Joins a device's waiting list, or waits for any device matching a description.
    public func joinWait(_ request: WaitRequest) async throws -> WaitView { try await call(.POST, "/api/v1/waits", body: request) }

    /// The caller's places in waiting lists.
    public func myWaits() async throws -> [WaitView] { try await call(.GET, "/api/v1/waits") }

    /// Leaves a waiting list.
    public func leaveWait(_ id: UUID) async throws {
        let _: Empty? = try await call(.DELETE, "/api/v1/waits/\(id)")
    }

    /// A device's line.
    public func queue(_ deviceID: UUID) async throws -> QueueView { try await call(.GET, "/api/v1/devices/\(deviceID)/queue") }
}
