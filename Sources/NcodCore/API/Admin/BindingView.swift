import Foundation

/// A machine binding with the account it belongs to, as the admin API lists it.
public struct BindingView: Codable, Hashable, Sendable, Identifiable {
    /// Binding identifier.
    public var id: UUID
    /// The account.
    public var userID: UUID
    /// Its username.
    public var username: String
    /// Its display name.
    public var displayName: String
    /// The computer's address.
    public var mac: MACAddress
    /// Status.
    public var status: MachineBinding.Status
    /// First login from this computer.
    public var firstSeen: Date
    /// Last login from this computer.
    public var lastSeen: Date

    /// Joins a binding with its account.
    public init(_ binding: MachineBinding, user: User) {
        self.id = binding.id
        self.userID = user.id
        self.username = user.username
        self.displayName = user.displayName
        self.mac = binding.mac
        self.status = binding.status
        self.firstSeen = binding.firstSeen
        self.lastSeen = binding.lastSeen
    }
}
