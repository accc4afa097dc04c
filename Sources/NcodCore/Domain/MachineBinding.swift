#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The approval for one account to log in from one computer, identified by a MAC address and, from clients that have one, the
/// computer's key (``ComputerKey``). A computer with several physical interfaces has one binding per address, sharing its key.
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
    /// The computer's key (base64 Ed25519 public key): the one approved, or, while pending, the one that asked; `nil` for a binding
    /// made by a client without a key.
    public var publicKey: String?
    /// A different key presented for this approved binding (the computer was reinstalled, or someone copied its address); it waits
    /// for an administrator.
    public var requestedKey: String?
    /// The computer's host name, as its last login gave it.
    public var hostname: String?
    /// The administrator's words when approving or revoking.
    public var reason: String?

    /// Creates a binding value.
    public init(
        id: UUID, userID: UUID, mac: MACAddress, status: Status, firstSeen: Date, lastSeen: Date, publicKey: String? = nil,
        requestedKey: String? = nil, hostname: String? = nil, reason: String? = nil
    ) {
        self.id = id
        self.userID = userID
        self.mac = mac
        self.status = status
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.publicKey = publicKey
        self.requestedKey = requestedKey
        self.hostname = hostname
        self.reason = reason
    }

    /// The key this binding waits on or was approved with, for grouping the bindings of one computer.
    public var computerKey: String? { requestedKey ?? publicKey }
}
