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
                detail: Message(
                    "your registration was rejected" + (user.statusReason.map { ": \($0)" } ?? "") + "; ask an administrator",
                    zh: "您的注册未通过" + (user.statusReason.map { "（原因：\($0)）" } ?? "") + "；请联系管理员")
            ).with(reason: user.statusReason)
        case .disabled:
            return Problem(
                status: 403, code: "account_disabled", title: "Account Disabled",
                detail: Message(
                    "your account is disabled" + (user.statusReason.map { ": \($0)" } ?? "") + "; ask an administrator",
                    zh: "您的账号已停用" + (user.statusReason.map { "（原因：\($0)）" } ?? "") + "；请联系管理员")
            ).with(reason: user.statusReason)
        }
    }
}
