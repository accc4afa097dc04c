/// Body of `POST /api/v1/admin/users/{id}/reset-password`, and its answer.
///
/// Without a `newPassword` the master makes a temporary one and returns it once; either way the user's refresh tokens are revoked.
public struct PasswordReset: Codable, Hashable, Sendable {
    /// The password to set; must meet the password policy.
    public var newPassword: String?
    /// Why, for the audit log.
    public var reason: String?

    /// Creates a request.
    public init(newPassword: String? = nil, reason: String? = nil) {
        self.newPassword = newPassword
        self.reason = reason
    }

    /// The answer: the temporary password when the master made one.
    public struct Result: Codable, Hashable, Sendable {
        /// The generated password, shown once; `nil` when the admin chose it.
        public var temporaryPassword: String?

        /// Creates a result.
        public init(temporaryPassword: String?) { self.temporaryPassword = temporaryPassword }
    }
}
