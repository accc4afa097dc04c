import NcodCore

/// The master stopped letting this person use the console after login: demoted, disabled, or this computer refused. The console then
/// drops everything it showed (people, contacts, audit) and says why; only quitting is left.
public struct AdminRefusal: Equatable, Sendable {
    /// The problem code the master answered with (`admin_only`, `account_disabled`, `machine_revoked`, `machine_not_bound`).
    public let code: String
    /// The administrator's words, where the master gave them.
    public let reason: String?

    /// The codes that end a session of the console, as opposed to a refused command.
    public static let codes: Set<String> = ["admin_only", "account_disabled", "machine_revoked", "machine_not_bound"]

    /// A refusal for `code`, or `nil` when the code is not about where the person stands.
    public init?(code: String, reason: String?) {
        guard Self.codes.contains(code) else { return nil }
        self.code = code
        self.reason = reason
    }

    /// The screen's title.
    var title: Message {
        switch code {
        case "admin_only": Message("No longer an administrator", zh: "您已不再是管理员")
        case "account_disabled": Message("Account disabled", zh: "账号已停用")
        default: Message("This computer may not be used", zh: "此电脑已不可使用")
        }
    }

    /// What happened and what to do, in a few lines.
    var explanation: [Message] {
        let because = reason.map { [Message("Reason: \($0)", zh: "原因：\($0)")] } ?? []
        switch code {
        case "admin_only":
            return [
                Message("An administrator changed your role. This console is for administrators.", zh: "有管理员更改了您的角色。此控制台仅供管理员使用。"),
                Message("Use ncod-tui to use devices.", zh: "使用设备请运行 ncod-tui。"),
            ]
        case "account_disabled":
            return [Message("Your account is disabled.", zh: "您的账号已停用。")] + because
                + [Message("Ask an administrator to enable it.", zh: "请联系管理员启用。")]
        default:
            return [Message("The master no longer accepts this computer for your login.", zh: "服务器不再接受此电脑登录您的账号。")]
                + because + [Message("Ask an administrator.", zh: "请联系管理员。")]
        }
    }
}
