import NcodClient
import NcodCore

/// Errors in words an administrator understands.
enum AdminErrors {
    /// The message for `error` in `language`: the master's own explanation where it gave one.
    static func describe(_ error: any Error, _ language: Language) -> String {
        guard let api = error as? APIError else { return "\(error)" }
        switch api {
        case .problem(let problem):
            switch problem.code {
            case "admin_only": return AdminText.adminOnly.text(in: language)
            case "invalid_credentials": return AdminText.wrongPassword.text(in: language)
            default:
                let fields = (problem.fields ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
                return ([problem.detail ?? problem.title] + fields).joined(separator: " · ")
            }
        case .unreachable(let reason): return AdminText.unreachable.text(in: language) + ConnectionTrouble.words(reason).text(in: language)
        case .unreadable(let reason): return reason
        }
    }
}
