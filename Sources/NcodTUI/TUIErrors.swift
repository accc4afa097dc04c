import NcodClient
import NcodConnect
import NcodCore

/// Errors in words a user understands, with what to do.
enum TUIErrors {
    static func describe(_ error: any Error, _ language: Language) -> (String, [String: String]) {
        switch error {
        case let connect as ConnectError:
            switch connect {
            case .master(let api): return describe(api, language)
            case .virtualHereNotRunning: return (TUIText.vhNotRunning.text(in: language), [:])
            case .refusedByVirtualHere, .notConfirmed: return (connect.description, [:])
            }
        case let api as APIError:
            switch api {
            case .problem(let problem):
                let fields = problem.fields ?? [:]
                switch problem.code {
                case "machine_not_bound": return (TUIText.notBound.text(in: language) + " (\(problem.detail ?? ""))", fields)
                case "device_offline": return (TUIText.slaveOffline.text(in: language), fields)
                case "invalid_credentials": return (language == .english ? "Wrong username or password." : "用户名或密码错误。", fields)
                case "extension_used": return (TUIText.extensionUsed.text(in: language), fields)
                default: return (problem.detail ?? problem.title, fields)
                }
            case .unreachable(let reason):
                return (
                    (language == .english ? "The master cannot be reached: " : "无法连接服务器：") + ConnectionTrouble.words(reason).text(in: language), [:]
                )
            case .unreadable(let reason): return (reason, [:])
            }
        case TUIInputError.badEnd(let text):
            return (TUIText.badEnd(text).text(in: language), [:])
        case TUIInputError.notHeld:
            return (TUIText.notHeld.text(in: language), [:])
        default:
            return ("\(error)", [:])
        }
    }
}
