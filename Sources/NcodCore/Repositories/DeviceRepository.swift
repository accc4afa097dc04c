#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Stores the device inventory.
public protocol DeviceRepository: Sendable {
    /// Adds a device; its VirtualHere address is unique on its slave.
    func create(_ device: Device) async throws -> Device
    /// The device with this identifier.
    func find(_ id: UUID) async throws -> Device?
    /// Devices, of one slave or of all, ordered by slave then VirtualHere address.
    func list(slaveID: UUID?) async throws -> [Device]
    /// Writes every mutable field of the device back.
    func update(_ device: Device) async throws -> Device
}
