import NcodCore

/// What a route needs of its caller. The API enforces these, not the clients.
///
/// | status / client | profile | member | admin |
/// |---|---|---|---|
/// | pending | yes | no | no |
/// | active, web login | yes | no | no |
/// | active user, terminal | yes | yes | no |
/// | active admin, terminal or console | yes | yes | yes |
/// | rejected / disabled | no (refused at authentication) | no | no |
enum AccessLevel: Sendable {
    /// Own profile only (`GET /api/v1/me`): any account that may log in.
    case profile
    /// Devices and leases: active accounts, from the terminal client or the admin console.
    case member
    /// `/api/v1/admin/...`: active administrators.
    case admin

    /// Why `principal` may not pass, or `nil` when it may.
    func refusal(for principal: Principal) -> Problem? {
        switch self {
        case .profile:
            return nil
        case .member, .admin:
            if principal.user.status == .pending {
                return Problem(
                    status: 403, code: "account_pending", title: "Account Pending",
                    detail: "your account is waiting for an administrator's approval; until then you can only see your own profile"
                )
            }
            if principal.client == .web {
                return Problem(
                    status: 403, code: "client_not_allowed", title: "Forbidden",
                    detail: "a web login only reaches your profile; use ncod-tui for devices"
                )
            }
            if self == .admin, principal.user.role != .admin {
                return Problem(status: 403, code: "admin_only", title: "Forbidden", detail: "this needs an administrator")
            }
            return nil
        }
    }
}
