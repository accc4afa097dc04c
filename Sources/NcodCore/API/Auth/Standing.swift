#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Where a person and their computer stand, for the terminal's waiting screens (`POST /api/v1/auth/standing`).
public struct Standing: Codable, Hashable, Sendable {
    /// Where the computer stands.
    public enum Computer: String, Codable, Hashable, Sendable {
        /// Waiting for an administrator.
        case waiting
        /// Approved: the account may log in from it.
        case approved
        /// Approved before with another key; the new key waits for an administrator.
        case newKeyWaiting = "new_key_waiting"
        /// Not allowed (rejected or revoked).
        case refused
    }

    /// The account's status.
    public var account: User.Status
    /// The administrator's words on the account (why rejected or disabled).
    public var accountReason: String?
    /// The computer's standing.
    public var computer: Computer
    /// The administrator's words on the computer.
    public var computerReason: String?
    /// The computer as the master knows it (host name and key fingerprint), for the screen.
    public var hostname: String?
    /// The key's fingerprint (``ComputerKey/fingerprint(_:)``).
    public var fingerprint: String

    /// Whether a login now gets in.
    public var ready: Bool { account == .active && computer == .approved }

    /// Creates a standing.
    public init(
        account: User.Status, accountReason: String? = nil, computer: Computer, computerReason: String? = nil, hostname: String?,
        fingerprint: String
    ) {
        self.account = account
        self.accountReason = accountReason
        self.computer = computer
        self.computerReason = computerReason
        self.hostname = hostname
        self.fingerprint = fingerprint
    }
}
