import Foundation

/// The approval for one account to log in from one computer, identified by a MAC address.
public struct MachineBinding: Codable, Hashable, Sendable, Identifiable {
    /// Where a binding stands.
    public enum Status: String, Codable, Hashable, Sendable, CaseIterable {
        /// Requested by a login from an unknown computer; waits for an administrator.
        case pending
        /// The account may log in from this computer.
        case approved
        /// No longer allowed.
        case revoked
    }

    /// Stable identifier.
    public var id: UUID
    /// The account.
    public var userID: UUID
    /// The computer's address.
    public var mac: MACAddress
    /// Status.
    public var status: Status
    /// When a login first presented this address for this account.
    public var firstSeen: Date
    /// When a login last presented it.
    public var lastSeen: Date

    /// Creates a binding value.
    public init(id: UUID, userID: UUID, mac: MACAddress, status: Status, firstSeen: Date, lastSeen: Date) {
        self.id = id
        self.userID = userID
        self.mac = mac
        self.status = status
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
    }
}
