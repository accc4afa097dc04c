import Foundation
import NcodClient
import NcodConnect
import NcodCore

/// Why an `ncod` command stopped: the exit status, a message in both languages, and the master's problem code when it gave one.
public struct CLIFailure: Error, Sendable, CustomStringConvertible {
    /// The exit status.
    public var exit: CLIExit
    /// What to tell the user.
    public var message: Message
    /// The master's problem code, when the master refused.
    public var code: String?

    /// A failure with `exit` and `message`.
    public init(_ exit: CLIExit, _ message: Message, code: String? = nil) {
        self.exit = exit
        self.message = message
        self.code = code
    }

    /// The English message.
    public var description: String { message.english }

    /// `error` as a failure: a master's refusal keeps its (already localized) words, the rest gets ours.
    public static func from(_ error: any Error) -> CLIFailure {
        switch error {
        case let failure as CLIFailure: return failure
        case let api as APIError: return from(api)
        case ConnectError.master(let api): return from(api)
        case let connect as ConnectError:
            return CLIFailure(
                .virtualHereRefused,
                Message(connect.description, zh: "VirtualHere 未能使用该设备（\(connect.description)）；租用已归还"))
        case is CancellationError: return CLIFailure(.interrupted, Message("interrupted", zh: "已中断"))
        case let identity as ComputerIdentity.Problem: return CLIFailure(.failed, Message(identity.description, zh: identity.description))
        default: return CLIFailure(.failed, Message("\(error)", zh: "\(error)"))
        }
    }

    /// A master's refusal or an unreachable master.
    static func from(_ error: APIError) -> CLIFailure {
        switch error {
        case .problem(let problem):
            // The master answered in the language asked for (Accept-Language): its words serve both.
            let text = problem.detail ?? problem.title
            return CLIFailure(.of(problemCode: problem.code), Message(text, zh: text), code: problem.code)
        case .unreachable(let reason):
            let words = ConnectionTrouble.words(reason)
            return CLIFailure(
                .masterUnreachable, Message("the master cannot be reached: \(words.english)", zh: "无法连接主控：\(words.chinese)"))
        case .unreadable(let reason):
            return CLIFailure(.failed, Message("unexpected answer from the master: \(reason)", zh: "主控的回答无法识别：\(reason)"))
        }
    }
}
