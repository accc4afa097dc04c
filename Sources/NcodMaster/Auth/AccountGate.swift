import NcodCore

/// The status rules of logging in, in one place for the login endpoint and for every authenticated request.
enum AccountGate {
    /// Why an account in this status may not log in at all, or `nil` when it may (pending and active).
    static func statusRefusal(_ user: User) -> Problem? {
        switch user.status {
        case .pending, .active:
            return nil
        case .rejected:
            return Problem(
                status: 403, code: "account_rejected", title: "Account Rejected",
                detail: "your registration was rejected" + (user.statusReason.map { ": \($0)" } ?? "") + "; ask an administrator"
            ).with(reason: user.statusReason)
        case .disabled:
            return Problem(
                status: 403, code: "account_disabled", title: "Account Disabled",
                detail: "your account is disabled" + (user.statusReason.map { ": \($0)" } ?? "") + "; ask an administrator"
            ).with(reason: user.statusReason)
        }
    }
}
