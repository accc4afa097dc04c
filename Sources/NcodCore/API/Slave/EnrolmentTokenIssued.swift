import Foundation

/// What `POST /api/v1/admin/slaves/enrolment-tokens` returns: the token (shown once) and the command to run on the new box.
public struct EnrolmentTokenIssued: Codable, Hashable, Sendable {
    /// The one-time token.
    public var token: String
    /// When it stops working.
    public var expiresAt: Date
    /// The exact command to run on the slave box.
    public var command: String

    /// Creates an answer.
    public init(token: String, expiresAt: Date, command: String) {
        self.token = token
        self.expiresAt = expiresAt
        self.command = command
    }
}
