#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

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
    /// The computer's host name.
    public var hostname: String?
    /// Its key's fingerprint; `nil` for a binding made by a client without a key.
    public var fingerprint: String?
    /// The fingerprint of a new key it presented, waiting for an administrator.
    public var requestedFingerprint: String?
    /// The administrator's words when approving or revoking.
    public var reason: String?

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
        self.hostname = binding.hostname
        self.fingerprint = binding.publicKey.map(ComputerKey.fingerprint)
        self.requestedFingerprint = binding.requestedKey.map(ComputerKey.fingerprint)
        self.reason = binding.reason
    }
}
