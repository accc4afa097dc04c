#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One change to the fleet, as the event stream (`GET /api/v1/events`) carries it.
public struct ChangeEvent: Codable, Hashable, Sendable, Identifiable {
    /// What changed.
    public enum Kind: String, Codable, Hashable, Sendable, CaseIterable {
        /// A device was added, changed, removed or came back.
        case device
        /// A lease was taken, renewed or ended.
        case lease
        /// A slave registered, went offline, came online, deregistered or was disabled.
        case slave
        /// An account or machine binding changed: registered, requested, approved, rejected, disabled… (administrators only).
        case account
        /// A waiting list changed: someone joined or left, a device was offered to the first in line, an offer lapsed.
        case wait
    }

    /// Position in the stream, rising by one per event; clients resume with `Last-Event-ID`.
    public var id: Int64
    /// What changed.
    public var kind: Kind
    /// How it changed, e.g. `added`, `removed`, `offline`, `ended`.
    public var action: String
    /// The device, lease or slave.
    public var subjectID: UUID
    /// The slave concerned.
    public var slaveID: UUID?
    /// The device concerned (for lease events).
    public var deviceID: UUID?
    /// When it happened.
    public var at: Date
    /// Extra facts, e.g. a lease's end reason or a device's VirtualHere address.
    public var details: [String: String]

    /// Creates an event (the hub assigns ``id`` on publication).
    public init(
        id: Int64 = 0, kind: Kind, action: String, subjectID: UUID, slaveID: UUID? = nil, deviceID: UUID? = nil, at: Date,
        details: [String: String] = [:]
    ) {
        self.id = id
        self.kind = kind
        self.action = action
        self.subjectID = subjectID
        self.slaveID = slaveID
        self.deviceID = deviceID
        self.at = at
        self.details = details
    }
}
