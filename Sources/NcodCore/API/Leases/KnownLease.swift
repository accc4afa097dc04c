#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// An active lease on one of a slave's devices, as the slave keeps it to decide VirtualHere's ClientAuthorization
/// when the master cannot be asked.
public struct KnownLease: Codable, Hashable, Sendable {
    /// The device's VirtualHere address.
    public var vhAddress: String
    /// MD5 of the lease's one-time password.
    public var passwordMD5: String
    /// The holder's username.
    public var holder: String
    /// When the lease lapses unless renewed.
    public var expiresAt: Date

    /// Creates one.
    public init(vhAddress: String, passwordMD5: String, holder: String, expiresAt: Date) {
        self.vhAddress = vhAddress
        self.passwordMD5 = passwordMD5
        self.holder = holder
        self.expiresAt = expiresAt
    }
}
